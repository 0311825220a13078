"""The evaluation module's template tags: a field's widget tied to its help text and errors (samla.web.forms;
the shared partials in samla/templates/forms use the samla_forms library), and the module's menu."""

from __future__ import annotations

from django import template
from django.forms import BoundField

from samla.web.forms import description_attrs

register = template.Library()


@register.simple_tag
def widget(field: BoundField, css_class: str = ""):
    """The widget with aria-describedby (help, error) and aria-invalid when it has errors."""
    attrs = description_attrs(field)
    if css_class:
        attrs["class"] = css_class
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("evaluation/_nav.html", takes_context=True)
def evaluation_nav(context):
    """The module's own menu: each link only for those its page lets in (the same predicates the views ask)."""
    from samla.accounts import access

    request = context["request"]
    user = request.user
    return {"request": request, "is_evaluator": access.can_manage_evaluation(user),
            "reads_interviews": access.can_read_interview_log(user),
            "reads_results": access.can_read_survey_results(user),
            "has_own_results": access.can_open_own_survey_results(user),
            "current": request.resolver_match.url_name if request.resolver_match else ""}
