"""One router per area; each endpoint's first line is the access check (a selector that raises 404).

These modules do not use ``from __future__ import annotations``: django-ninja reads the annotations of
``Query[...]`` filter schemas at import time."""
