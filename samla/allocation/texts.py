"""The one place that says the allocation engine's texts in the active language.

The engine (``samla.core.allocation``) builds every explanation, warning and error as a ``Text``: English,
with its template and parameters. Here the template is looked up in the catalogues (samla/core/locale holds
the engine's own) and filled with the parameters, which the engine has already formatted. Stored allocation
runs keep each text as ``Text.as_data()``; runs stored before that hold plain English strings, shown as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.formats import get_format
from django.utils.text import capfirst
from django.utils.translation import gettext

from samla.core.allocation import AllocationError
from samla.core.allocation.text import Text

NBSP = "\u00a0"
_GROUPED = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")  # the space in "1 790 000": a line must not break there
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")  # the point in "2 783 726.79" or "3.1 %"


# Parameters that hold amounts, rates or factors (not scheme keys such as "765.60", which keep their point).
_NUMBERS = frozenset({"amount", "base", "budget", "computed", "continued", "decided", "entitled", "exact",
                      "factor", "floor", "gap", "pots", "rate", "residual", "rounded", "short", "total", "unit",
                      "value"})


def _param(name: str, param: str) -> str:
    """An engine-formatted parameter: no line break inside a grouped number, and amounts, rates and factors
    with the active language's decimal mark."""
    param = _GROUPED.sub(NBSP, param)
    return _DECIMAL.sub(get_format("DECIMAL_SEPARATOR"), param) if name in _NUMBERS else param


def as_text(value: object) -> str:
    """A Text (or its stored form) as a Text; anything else as a plain string."""
    if isinstance(value, Text):
        return value
    if isinstance(value, Mapping):
        return Text.from_data(value)
    return "" if value is None else str(value)


def is_translatable(value: object) -> bool:
    return isinstance(as_text(value), Text)


def render(value: object) -> str:
    """``value`` in the active language. A plain string (e.g. from an old stored run) is returned as it is."""
    text = as_text(value)
    if not isinstance(text, Text):
        return text
    template = gettext(text.template) if text.template else text.template
    if not text.params:
        return template
    params = {name: render(param) if isinstance(param, Text) else _param(name, param) for name, param in text.params}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a broken translation: say it in English rather than fail
        return _GROUPED.sub(NBSP, text.english)


def render_sentence(value: object) -> str:
    """``value`` as a sentence on its own: capital first letter and a full stop (engine texts have neither)."""
    text = capfirst(render(value))
    return text if not text or text[-1] in ".!?" else f"{text}."


def error_text(error: AllocationError) -> str:
    """The engine's objection as a sentence in the active language."""
    return render_sentence(getattr(error, "text", str(error)))
