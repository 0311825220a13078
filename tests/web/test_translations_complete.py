"""Every text a page can show has a bokmål translation: no English on a bokmål page.

The messages are found as Django's ``makemessages`` finds them (which needs GNU gettext, not installed on a
fresh machine): templates through Django's own ``templatize``, Python modules through their ``gettext`` calls.
Each must be translated in one of the bokmål catalogues: the project's and each app's (samla/**/locale/nb), or
Django's own.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import django
import polib
import pytest
from django.utils.translation.template import templatize

from samla.i18n_build import catalogues

SAMLA = Path(__file__).resolve().parents[2] / "samla"
FUNCTIONS = {  # name → (index of the context, indexes of the messages)
    "_": (None, (0,)), "gettext": (None, (0,)), "gettext_lazy": (None, (0,)), "gettext_noop": (None, (0,)),
    "pgettext": (0, (1,)), "pgettext_lazy": (0, (1,)),
    "ngettext": (None, (0, 1)), "ngettext_lazy": (None, (0, 1)),
    "npgettext": (0, (1, 2)), "npgettext_lazy": (0, (1, 2)),
}
Message = tuple[str | None, str]  # (context, msgid)


def _translated() -> set[Message]:
    paths = [p for p in catalogues() if p.parts[-3] == "nb"]
    paths.append(Path(django.__file__).parent / "conf" / "locale" / "nb" / "LC_MESSAGES" / "django.po")
    found: set[Message] = set()
    for path in paths:
        for entry in polib.pofile(str(path)):
            if entry.translated() and not entry.obsolete:
                found.add((entry.msgctxt, entry.msgid))
                if entry.msgid_plural:
                    found.add((entry.msgctxt, entry.msgid_plural))
    return found


def _calls_in_tokens(source: str) -> set[Message]:
    """gettext-family calls with literal arguments in ``source`` (Python, or templatize's rendering of a
    template), found token by token."""
    source = "\n".join(line.strip() for line in source.splitlines())  # templatize keeps the template's indentation
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT)]
    found: set[Message] = set()
    for i, token in enumerate(tokens):
        if token.type != tokenize.NAME or token.string not in FUNCTIONS or i + 1 >= len(tokens) \
                or tokens[i + 1].string != "(":
            continue
        args: list[str | None] = []
        j = i + 2
        while j < len(tokens) and tokens[j].string != ")":
            if tokens[j].type == tokenize.STRING:
                value = ast.literal_eval(tokens[j].string)
                while j + 1 < len(tokens) and tokens[j + 1].type == tokenize.STRING:  # implicit concatenation
                    j += 1
                    value += ast.literal_eval(tokens[j].string)
                args.append(value)
            elif tokens[j].string != ",":
                args.append(None)  # not a literal: not a message to check here
                while j + 1 < len(tokens) and tokens[j + 1].string not in (",", ")"):
                    j += 1
            j += 1
        context_at, message_at = FUNCTIONS[token.string]
        context = args[context_at] if context_at is not None and context_at < len(args) else None
        for k in message_at:
            if k < len(args) and isinstance(args[k], str) and args[k]:
                found.add((context, args[k]))
    return found


def template_messages() -> dict[Message, str]:
    found: dict[Message, str] = {}
    for path in sorted(SAMLA.rglob("templates/**/*.html")) + sorted(SAMLA.rglob("templates/**/*.txt")):
        for message in _calls_in_tokens(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
            found.setdefault(message, str(path.relative_to(SAMLA)))
    return found


def python_messages() -> dict[Message, str]:
    found: dict[Message, str] = {}
    for path in sorted(SAMLA.rglob("*.py")):
        if "migrations" in path.parts or path.parts[len(SAMLA.parts)] == "core":
            continue  # migrations keep old texts; the core's gettext_noop texts: tests/allocation/test_engine_text.py
        for message in _calls_in_tokens(path.read_text(encoding="utf-8")):
            found.setdefault(message, str(path.relative_to(SAMLA)))
    return found


def test_the_extractor_finds_the_kinds_of_message() -> None:
    assert _calls_in_tokens('x = _("Plain") + pgettext_lazy("menu", "Work")') == {(None, "Plain"), ("menu", "Work")}
    assert _calls_in_tokens('ngettext("%(n)s run", "%(n)s runs", n)') == {(None, "%(n)s run"), (None, "%(n)s runs")}
    assert _calls_in_tokens('_("Split " "over lines")') == {(None, "Split over lines")}
    assert _calls_in_tokens("_(name)") == set()
    rendered = templatize('{% load i18n %}{% translate "Save" %}{% blocktranslate trimmed with n=x %}\n  Run\n  {{ n }}'
                          '{% endblocktranslate %}', origin="t.html")
    assert _calls_in_tokens(rendered) == {(None, "Save"), (None, "Run %(n)s")}


@pytest.mark.parametrize("kind", ["templates", "python"])
def test_every_message_has_a_bokmaal_translation(kind: str) -> None:
    messages = template_messages() if kind == "templates" else python_messages()
    assert len(messages) > 300
    translated = _translated()
    missing = sorted(f"{where}: {msgid!r}" + (f" (context {context!r})" if context else "")
                     for (context, msgid), where in messages.items() if (context, msgid) not in translated)
    assert missing == []
