"""The token form: validates and converts, never saves."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EXPIRY_IN_PAST = _("Choose a date after today, or leave the field empty for a token that does not expire.")


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("What the token is for, e.g. “reporting script”. Do not enter personal "
                                       "data about children."),
                           error_messages={"required": _("Give the token a name.")})
    expires_on = forms.DateField(label=_("Expires on (optional)"), required=False,
                                 help_text=_("Date as YYYY-MM-DD. The token stops working at the start of "
                                             "this day."),
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 error_messages={"invalid": _("Enter a valid date, e.g. 2026-12-31.")})

    def clean_expires_on(self) -> datetime.date | None:
        value = self.cleaned_data.get("expires_on")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(EXPIRY_IN_PAST)
        return value

    def expires_at(self) -> datetime.datetime | None:
        value = self.cleaned_data.get("expires_on")
        if value is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))
