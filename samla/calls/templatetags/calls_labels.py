"""Labels for the workflow pages: audited actions in the user's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTIONS = {
    "programme.create": _("Programme created"),
    "programme_round.create": _("Programme round created"),
    "programme_round.open": _("Programme round opened"),
    "programme_round.close": _("Programme round closed"),
    "call.publish": _("Call published"),
    "deadline_extension.grant": _("Deadline extended"),
    "application.create": _("Application started"),
    "application.save": _("Draft saved"),
    "application.submit": _("Application submitted"),
    "application.reopen": _("Application reopened"),
    "political_decision.record": _("Political decision recorded"),
}


@register.filter
def audit_action(action: str) -> str:
    return str(ACTIONS.get(action, action))
