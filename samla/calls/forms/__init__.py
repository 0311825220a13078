"""Forms of the workflow pages. They validate and convert; the services in ``samla.calls.services`` write.

``service_error_messages`` turns a service's business error (an English constant with a code) into the
translated message shown to the user, so the services keep one rule in one place and the pages speak bokmål.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SERVICE_MESSAGES = {
    "round_not_draft": _("The programme round is no longer a draft."),
    "round_not_open": _("The programme round is not open for applications."),
    "no_regions": _("Choose at least one region before opening the round."),
    "no_schemes": _("Choose at least one scheme to pool."),
    "region_not_in_round": _("The region is not part of this programme round."),
    "no_criteria": _("A call needs at least one criterion."),
    "wrong_region": _("The municipality does not belong to the call's region."),
    "deadline_passed": _("The deadline has passed and no extension has been granted. Nothing was saved. "
                         "Ask the county governor for an extension if you need more time."),
    "extension_not_later": _("An extension must end after the deadline."),
    "stale_version": _("Someone else saved this application after you opened it. Nothing was overwritten."),
    "not_draft": _("A submitted application cannot be changed; the county governor must reopen it first."),
    "not_submitted": _("The application has not been submitted."),
    "incomplete": _("Fill in every section and at least one contact person before submitting."),
    "reason_required": _("Give a reason."),
    "decision_exists": _("The political decision is already recorded."),
}


def service_error_messages(exc: ValidationError) -> list[str]:
    """The user-facing messages for a service's ``ValidationError``."""
    code = getattr(exc, "code", None)
    if code in SERVICE_MESSAGES:
        return [str(SERVICE_MESSAGES[code])]
    return [str(m) for m in exc.messages]


def textarea(rows: int = 6) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
