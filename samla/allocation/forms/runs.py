"""Forms of the allocation pages. They validate and convert; the services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samla.allocation.models import AllocationRun
from samla.allocation.runs import RunOptions

CHILDREN_WARNING = _("Do not enter personal data about children.")
CHOOSE_TWO = _("Choose at least two runs to compare.")
CONFIRM_LOCK = _("Confirm that the run shall be locked for good.")
GIVE_REASON = _("Give a reason for locking the run.")


class RunCreateForm(forms.Form):
    scenario = forms.ChoiceField(
        label=_("Continuations"), choices=AllocationRun.Scenario.choices, initial="as_run",
        widget=forms.RadioSelect,
        help_text=_("Earlier grants that keep running beside the programme: add them beside the programme amount, "
                    "pay them from the pot, or leave them out."))
    residual_policy = forms.ChoiceField(
        label=_("Rounding residual"), widget=forms.RadioSelect, initial="programme",
        choices=[("programme", _("As set for the programme")), ("largest", _("To the largest recipient")),
                 ("largest_remainder", _("Largest remainder"))])
    base = forms.ChoiceField(
        label=_("Amounts in the first year"), widget=forms.RadioSelect, initial="decided",
        choices=[("decided", _("The decided amounts, where they are registered")),
                 ("formula", _("The formula (hold-harmless entitlements, floor and budget)"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=CHILDREN_WARNING)

    def options(self) -> RunOptions:
        data = self.cleaned_data
        return RunOptions(scenario=data["scenario"], residual_policy=data["residual_policy"],
                          use_decided=data["base"] == "decided")


class RunLockForm(forms.Form):
    reason = forms.CharField(label=_("Reason for locking"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=CHILDREN_WARNING, error_messages={"required": GIVE_REASON})
    confirm = forms.BooleanField(label=_("I understand that a locked run can never change"),
                                 error_messages={"required": CONFIRM_LOCK})
    # The current locked run the page showed ("none": none), so a run locked meanwhile is not superseded unseen.
    current = forms.CharField(required=False, widget=forms.HiddenInput)

    def expected_current(self):
        from samla.allocation.services import ANY_CURRENT

        value = self.cleaned_data.get("current", "")
        if value == "none":
            return None
        return int(value) if value.isdigit() else ANY_CURRENT


class RunCompareForm(forms.Form):
    runs = forms.TypedMultipleChoiceField(label=_("Runs to compare"), coerce=int, widget=forms.CheckboxSelectMultiple,
                                          error_messages={"required": CHOOSE_TWO})

    def __init__(self, *args, numbers: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["runs"].choices = [(n, _("Run %(number)s") % {"number": n}) for n in numbers]

    def clean_runs(self) -> list[int]:
        runs = self.cleaned_data["runs"]
        if len(runs) < 2:
            raise forms.ValidationError(CHOOSE_TWO)
        return sorted(runs)
