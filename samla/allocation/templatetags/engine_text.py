"""``{{ part.label|engine_text }}``: an allocation-engine text in the active language (see allocation/texts.py).

``{{ value|engine_text:"capfirst" }}`` starts it with a capital letter, ``{{ value|engine_text:"sentence" }}``
also ends it with a full stop. A plain English string (a run stored before the engine's texts were
translatable) is shown as it is, marked ``lang="en"`` on a page in another language.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import get_language

from samla.allocation import texts

register = template.Library()


@register.filter
def engine_text(value: object, style: str = "") -> str:
    rendered = texts.render_sentence(value) if style == "sentence" else texts.render(value)
    if style == "capfirst":
        rendered = capfirst(rendered)
    if rendered and not texts.is_translatable(value) and not (get_language() or "").startswith("en"):
        return format_html('<span lang="en">{}</span>', rendered)
    return rendered
