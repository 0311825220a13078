"""Filters of the results pages: which form, which region, which two waves to compare. They only validate."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samla.evaluation.models import Form
from samla.evaluation.results import waves_of
from samla.registry.models import Region

SAME_WAVES = _("Choose two different waves to compare.")


class ResultsFilterForm(forms.Form):
    form = forms.ModelChoiceField(queryset=Form.objects.none(), required=False, empty_label=None,
                                  label=_("Reflection form"))
    region = forms.ModelChoiceField(queryset=Region.objects.order_by("name"), required=False,
                                    empty_label=_("All regions"), label=_("Region"))
    from_wave = forms.ChoiceField(required=False, label=_("Compare from wave"))
    to_wave = forms.ChoiceField(required=False, label=_("to wave"))

    def __init__(self, data, *, forms_qs: QuerySet[Form], regions: bool = True) -> None:
        super().__init__(data)
        self.fields["form"].queryset = forms_qs
        if not regions:
            del self.fields["region"]
        raw = (data or {}).get("form")
        chosen = forms_qs.filter(pk=raw).first() if raw and str(raw).isdigit() else None
        self.chosen_form: Form | None = chosen or (forms_qs.first() if not raw else None)
        labels = [w.label for w in waves_of(self.chosen_form)] if self.chosen_form else []
        choices = [("", _("(default)"))] + [(label, label) for label in labels]
        self.fields["from_wave"].choices = choices
        self.fields["to_wave"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("from_wave") and data.get("from_wave") == data.get("to_wave"):
            self.add_error("to_wave", SAME_WAVES)
        return data

    def query(self) -> str:
        """The chosen form and region as a query string for chart and export links."""
        from urllib.parse import urlencode

        params = {}
        if self.chosen_form is not None:
            params["form"] = self.chosen_form.pk
        region = self.cleaned_data.get("region") if hasattr(self, "cleaned_data") else None
        if region is not None:
            params["region"] = region.pk
        for key in ("from_wave", "to_wave"):
            if hasattr(self, "cleaned_data") and self.cleaned_data.get(key):
                params[key] = self.cleaned_data[key]
        return urlencode(params)


class OwnResultsFilterForm(forms.Form):
    municipality = forms.ChoiceField(required=False, label=_("Municipality"))
    form = forms.ModelChoiceField(queryset=Form.objects.none(), required=False, empty_label=None,
                                  label=_("Reflection form"))

    def __init__(self, data, *, municipalities, forms_qs: QuerySet[Form]) -> None:
        super().__init__(data)
        self.fields["municipality"].choices = [(m.pk, f"{m.name} {m.number}") for m in municipalities]
        self.fields["form"].queryset = forms_qs
