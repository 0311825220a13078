"""Translatable engine texts, without Django.

The engine says everything (explanations, warnings, errors) as a ``Text``: an English string that also keeps
its message template and parameters, so a user interface can render it in another language::

    text = Text(gettext_noop("floor {floor} NOK"), floor="1 790 000")
    str(text) == "floor 1 790 000 NOK"          # the English, exactly as the engine always printed it
    text.template, dict(text.params)             # what a translator needs

A ``Text`` *is* its English rendering (a ``str`` subclass), so the command line, JSON output and tests that
handle plain strings keep working. Templates use named placeholders only (``{floor}``); parameters are
strings the engine has already formatted (amounts as ``1 790 000``), or nested Texts, which are translated
too. Every template is marked with ``gettext_noop`` below, so Django's ``makemessages`` (run from samla/core)
extracts them into samla/core/locale without this package importing Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def gettext_noop(message: str) -> str:
    """Mark a message template for extraction; returns it unchanged (the name is one ``makemessages`` knows)."""
    return message


class Text(str):
    """An English text with its template and parameters. Immutable and hashable (as its English string)."""

    template: str
    params: tuple[tuple[str, str | Text], ...]

    def __new__(cls, template: str, /, **params: object) -> Text:
        pairs = tuple(sorted((name, value if isinstance(value, Text) else str(value))
                             for name, value in params.items()))
        self = super().__new__(cls, template.format(**dict(pairs)) if pairs else template)
        object.__setattr__(self, "template", template)
        object.__setattr__(self, "params", pairs)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Text is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Text is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (self.template, self.params)

    @property
    def english(self) -> str:
        return str.__str__(self)

    def as_data(self) -> dict[str, Any]:
        """A JSON-ready form that renders in any language later: the English, the template and the params."""
        return {"text": self.english, "template": self.template,
                "params": {name: value.as_data() if isinstance(value, Text) else value for name, value in self.params}}

    @classmethod
    def from_data(cls, data: object) -> str:
        """The inverse of ``as_data``. A plain string (stored before texts were translatable) stays as it is."""
        if isinstance(data, Mapping) and isinstance(data.get("template"), str):
            params = {name: cls.from_data(value) for name, value in (data.get("params") or {}).items()}
            return cls(data["template"], **params)
        return "" if data is None else str(data)


def _rebuild(template: str, params: tuple[tuple[str, str | Text], ...]) -> Text:
    return Text(template, **dict(params))


def text_data(value: object) -> object:
    """``value`` in JSON-ready form: a Text as its ``as_data()``, anything else unchanged."""
    return value.as_data() if isinstance(value, Text) else value
