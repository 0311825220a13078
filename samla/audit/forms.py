from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samla.audit.labels import action_label
from samla.audit.objects import type_label

DATES_REVERSED = _("The from date must be on or before the to date.")


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Who"), required=False, max_length=150,
                            help_text=_("Part of a user name, a name or an e-mail address."))
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    date_from = forms.DateField(label=_("From date"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("To date"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Reason contains"), required=False, max_length=200)

    def __init__(self, *args, actions: list[str], object_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["action"].choices = everything + sorted(((a, action_label(a)) for a in actions),
                                                            key=lambda choice: choice[1].lower())
        self.fields["object_type"].choices = everything + sorted(((t, type_label(t)) for t in object_types),
                                                                 key=lambda choice: choice[1].lower())

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", DATES_REVERSED)
        return data
