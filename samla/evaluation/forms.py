"""Forms validate and convert what users enter; the services do the writing."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from samla.evaluation.models import ITEM_CODE_PATTERN, NO_CHILD_DATA, FormVersion, InterviewEntry, Item
from samla.evaluation.services import AnswerInput, ItemInput
from samla.registry.models import Municipality, Region

DONT_KNOW = "dk"
MAX_XLSFORM_BYTES = 2_000_000
MAX_DOCUMENT_BYTES = 20_000_000


class NewFormForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=NO_CHILD_DATA)


class ItemForm(forms.Form):
    item_code = forms.RegexField(label=_("Item code"), regex=ITEM_CODE_PATTERN, max_length=60,
                                 help_text=_("Stable code linking the same question across waves: letters, "
                                             "digits and _."),
                                 error_messages={"invalid": _("Use letters, digits and _ only, starting with a "
                                                              "letter.")})
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)
    text_nb = forms.CharField(label=_("Question (bokmål)"), widget=forms.Textarea(attrs={"rows": 2}))
    text_en = forms.CharField(label=_("Question (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    type = forms.ChoiceField(label=_("Type"), choices=Item.Type.choices, widget=forms.RadioSelect)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    allow_dont_know = forms.BooleanField(label=_("Allow \"don't know / not relevant\""), required=False)
    choices = forms.CharField(
        label=_("Choices (single choice only)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: code;bokmål label;English label, e.g. yes;Ja;Yes."))
    anchor_low_nb = forms.CharField(label=_("Label of 1 (bokmål)"), max_length=100, initial="i liten grad")
    anchor_high_nb = forms.CharField(label=_("Label of 5 (bokmål)"), max_length=100, initial="i stor grad")
    anchor_low_en = forms.CharField(label=_("Label of 1 (English)"), max_length=100, initial="to a small degree")
    anchor_high_en = forms.CharField(label=_("Label of 5 (English)"), max_length=100, initial="to a large degree")

    def clean_choices(self) -> list[dict[str, str]]:
        out = []
        for number, line in enumerate(self.cleaned_data["choices"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            if not re.match(r"^[A-Za-z0-9_]+$", parts[0]) or len(parts) < 2 or not parts[1]:
                raise forms.ValidationError(_("Line %(line)d: write code;bokmål label;English label."),
                                            params={"line": number})
            out.append({"value": parts[0], "label_nb": parts[1], "label_en": parts[2] if len(parts) > 2 else ""})
        return out

    def clean(self):
        data = super().clean()
        if data.get("type") == Item.Type.SINGLE_CHOICE and len(data.get("choices") or []) < 2:
            self.add_error("choices", _("A single-choice question needs at least two different choices."))
        return data

    def item_input(self) -> ItemInput:
        data = dict(self.cleaned_data)
        data["choices"] = tuple(data["choices"]) if data["type"] == Item.Type.SINGLE_CHOICE else ()
        return ItemInput(**data)

    @classmethod
    def initial_for(cls, item: Item) -> dict:
        initial = {name: getattr(item, name) for name in cls.base_fields if name != "choices"}
        initial["choices"] = "\n".join(f"{c['value']};{c.get('label_nb', '')};{c.get('label_en', '')}"
                                       for c in item.choices)
        return initial


class XLSFormUploadForm(forms.Form):
    file = forms.FileField(label=_("XLSForm file (.xlsx)"),
                           help_text=_("Sheets survey, choices and settings. It becomes a new draft version."))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an .xlsx file."))
        if file.size > MAX_XLSFORM_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 2 MB)."))
        return file


class WaveForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=40, help_text=_("E.g. 2019."))
    version = forms.ModelChoiceField(label=_("Form version"), queryset=FormVersion.objects.none(),
                                     help_text=_("Only published versions can be used."))
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("Format: yyyy-mm-dd."))
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}),
                                help_text=_("Format: yyyy-mm-dd."))
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Participating municipalities"), queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple, error_messages={"required": _("Choose at least one municipality.")})

    def __init__(self, *args, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = FormVersion.objects.filter(
            status=FormVersion.Status.PUBLISHED).select_related("form").order_by("form__name", "-number")
        self.fields["municipalities"].queryset = Municipality.objects.valid_on(day).select_related(
            "region").order_by("region__name", "number")

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The closing date must be on or after the opening date."))
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=NO_CHILD_DATA)


class InterviewEntryForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}),
                              help_text=_("Format: yyyy-mm-dd."))
    kind = forms.ChoiceField(label=_("Type"), choices=InterviewEntry.Kind.choices, widget=forms.RadioSelect)
    participant_roles = forms.CharField(
        label=_("Participants' roles"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Roles only, no names, e.g. project leader, head of child welfare. One per line."))
    municipality = forms.ModelChoiceField(label=_("Municipality"), required=False,
                                          queryset=Municipality.objects.select_related("region").order_by("number"))
    region = forms.ModelChoiceField(label=_("Region"), required=False, queryset=Region.objects.order_by("name"))
    themes = forms.CharField(label=_("Themes"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=NO_CHILD_DATA)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                            help_text=NO_CHILD_DATA)


class InterviewDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("Document"), help_text=_("At most 20 MB."))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 20 MB)."))
        return file


class ResponseForm(forms.Form):
    """One field per item (``item_<id>``). Every field is optional here: a draft may be incomplete; the
    submit service names the required questions still unanswered."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, items: list[Item], language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = self._field(item, language)

    @staticmethod
    def _field(item: Item, language: str) -> forms.Field:
        if item.type == Item.Type.FREE_TEXT:
            return forms.CharField(label=item.text(language), required=False, help_text=NO_CHILD_DATA,
                                   widget=forms.Textarea(attrs={"rows": 4}))
        if item.type == Item.Type.LIKERT:
            low, high = item.anchors(language)
            choices = [(str(v), f"{v} = {low}" if v == 1 else f"{v} = {high}" if v == 5 else str(v))
                       for v in range(1, 6)]
        else:
            choices = [(c["value"], item.choice_label(c["value"], language)) for c in item.choices]
        if item.allow_dont_know:
            choices.append((DONT_KNOW, _("Don't know / not relevant")))
        return forms.ChoiceField(label=item.text(language), choices=choices, required=False,
                                 widget=forms.RadioSelect)

    def answers(self) -> dict[int, AnswerInput]:
        out = {}
        for item in self.items:
            raw = self.cleaned_data.get(f"item_{item.pk}") or ""
            if item.type == Item.Type.FREE_TEXT:
                out[item.pk] = AnswerInput(text=raw)
            elif raw == DONT_KNOW:
                out[item.pk] = AnswerInput(dont_know=True)
            elif item.type == Item.Type.LIKERT:
                out[item.pk] = AnswerInput(value=int(raw) if raw else None)
            else:
                out[item.pk] = AnswerInput(choice=raw)
        return out

    @staticmethod
    def initial_from(response) -> dict[str, str]:
        initial = {"version": response.version if response else 1}
        if response is None:
            return initial
        for answer in response.answers.select_related("item"):
            key = f"item_{answer.item_id}"
            if answer.dont_know:
                initial[key] = DONT_KNOW
            elif answer.item.type == Item.Type.LIKERT:
                initial[key] = str(answer.value) if answer.value else ""
            elif answer.item.type == Item.Type.SINGLE_CHOICE:
                initial[key] = answer.choice
            else:
                initial[key] = answer.text
        return initial
