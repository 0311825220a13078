"""Browser tests drive Debian's chromium through Playwright's sync API (never ``playwright install``)."""

from __future__ import annotations

import os

# Playwright's sync API runs an event loop in this thread; Django must still allow database access here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
