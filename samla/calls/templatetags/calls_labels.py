"""Labels for the workflow pages: audited actions in the user's language (the names live in samla.audit.labels)."""

from __future__ import annotations

from django import template

from samla.audit.labels import action_label

register = template.Library()


@register.filter
def audit_action(action: str) -> str:
    return action_label(action)
