"""Forms of the user and role administration. They validate and convert; ``samla.accounts.services`` writes and
holds the rules (role scope, duplicates, self-lockout), whose errors the views put back on these forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samla.accounts.models import Role
from samla.accounts.selectors import municipality_choices, region_choices
from samla.registry.models import Municipality, Region
from samla.web.fields import group_length_limits


def _period(obj: Region | Municipality) -> str:
    end = obj.valid_to.year if obj.valid_to else ""
    return f"{obj.valid_from.year}–{end}"


class RegionChoiceField(forms.ModelChoiceField):
    """Regions by name and validity period (a county's name may come back after a reform)."""

    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.name} ({_period(obj)})"


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Municipality) -> str:
        return f"{obj.name} {obj.number} ({_period(obj)})"


class AnchoredForm(forms.Form):
    """A form whose form-wide errors link to the ``<form>`` element (``id="<prefix or name>-form"``)."""

    use_required_attribute = False
    anchor = "form"

    def full_clean(self) -> None:
        group_length_limits(self)
        super().full_clean()

    def form_anchor(self) -> str:
        return f"{self.prefix or self.anchor}-form"


class UserFilterForm(forms.Form):
    ACTIVE_CHOICES = [("", _("All")), ("active", _("Active")), ("inactive", _("Deactivated"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=150,
                        help_text=_("Part of a user name, a name or an e-mail address."))
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All")), *Role.choices])
    region = RegionChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False,
                               empty_label=_("All"),
                               help_text=_("Roles in the region or in one of its municipalities."))
    municipality = MunicipalityChoiceField(label=_("Municipality"), queryset=Municipality.objects.none(),
                                           required=False, empty_label=_("All"))
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = region_choices()
        self.fields["municipality"].queryset = municipality_choices()


class UserCreateForm(AnchoredForm):
    anchor = "user"

    username = forms.CharField(label=_("User name"), max_length=150,
                               help_text=_("What the user signs in with: letters, digits and @ . + - _ only."))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), max_length=254,
                             help_text=_("A link to set a password is sent here. You never set or see the "
                                         "password."))


class RoleGrantForm(AnchoredForm):
    anchor = "grant"

    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Choose a role")), *Role.choices])
    region = RegionChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False, empty_label=_("None"),
        help_text=_("For a county governor, a resource-group member and a competence centre; empty for every "
                    "other role."))
    municipality = MunicipalityChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), required=False, empty_label=_("None"),
        help_text=_("For the municipality role only; empty for every other role."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = region_choices()
        self.fields["municipality"].queryset = municipality_choices()


class ReasonForm(AnchoredForm):
    """A reason, required for revoking a role and for deactivating or reactivating an account."""

    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Kept in the audit log with the change."))

    def __init__(self, *args, label=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["reason"].label = label


class SecondFactorCodeForm(AnchoredForm):
    """The code from the authenticator app, or a recovery code."""

    anchor = "code"

    code = forms.CharField(label=_("Code"), max_length=20, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off",
                                                         "spellcheck": "false", "class": "input--short"}))

    def __init__(self, *args, help_text=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if help_text is not None:
            self.fields["code"].help_text = help_text
