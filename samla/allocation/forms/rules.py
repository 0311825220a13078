"""Forms of the allocation rules pages. They read Norwegian numbers and convert; the services check and write.

Amounts are whole NOK written the Norwegian way, with spaces (or no-break spaces) between thousands:
``1 790 000``; ``1 790 000,00`` and ``1 790 000,-`` are read too. Growth is a percentage with a decimal comma
or point: ``3,1`` (or ``3,1 %``) is stored as the fraction 0.031.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from samla.allocation import services
from samla.allocation.models import Programme, ProgrammeScheme
from samla.registry.models import Indicator, Municipality
from samla.schemes.models import Scheme
from samla.web.fields import (
    DECIMAL_MALFORMED,
    DecimalTextField,
    NokField,
    clean_number_text,
    format_decimal_input,
    parse_decimal,
)
from samla.web.forms import AccessibleFormMixin

CHILDREN_WARNING = _("Do not enter personal data about children.")
PERCENT_MALFORMED = _("Write the growth as a percentage with digits, e.g. 3,1.")
PERCENT_TOO_PRECISE = _("Use at most four decimals in the percentage.")
PERCENT_TOO_LOW = _("The growth must be more than −100 %.")
PERCENT_TOO_HIGH = _("The growth must be less than 1 000 %.")
RATE_NEGATIVE = _("The rate must not be negative.")
GROWTH_REQUIRED = _("Give the growth factor for %(year)s as a percentage.")
SOURCE_REQUIRED = _("Give the source of the growth factor for %(year)s.")
ROUNDING_UNIT_POSITIVE = _("The rounding unit must be at least 1 NOK.")
REASON_REQUIRED = _("Give a reason.")
YEAR_OUT_OF_RANGE = _("Give a year between 1990 and 2100.")



def parse_percent(value: str) -> Decimal:
    """A growth percentage as a fraction: ``3,1`` or ``3,1 %`` → Decimal("0.031")."""
    percent = parse_decimal(clean_number_text(value).removesuffix("%"), malformed=PERCENT_MALFORMED)
    if -percent.as_tuple().exponent > 4:
        raise forms.ValidationError(PERCENT_TOO_PRECISE, code="precision")
    if percent <= -100:
        raise forms.ValidationError(PERCENT_TOO_LOW, code="too_low")
    if percent >= 1000:
        raise forms.ValidationError(PERCENT_TOO_HIGH, code="too_high")
    return (percent / 100).normalize() if percent else Decimal(0)


def format_percent_input(rate: Decimal | None) -> str:
    """A stored fraction as the percentage typed: 0.031 → ``3,1`` (bokmål) or ``3.1`` (English)."""
    return "" if rate is None else format_decimal_input(rate * 100)




class PercentField(DecimalTextField):
    """A growth rate typed as a percentage; ``cleaned_data`` holds the fraction."""

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        if isinstance(value, Decimal):
            return value
        return parse_percent(value)

    def prepare_value(self, value):
        return format_percent_input(value) if isinstance(value, Decimal) else value


def _year_field(label, help_text="", required=False) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, min_value=1990, max_value=2100, help_text=help_text,
                              error_messages={"min_value": YEAR_OUT_OF_RANGE, "max_value": YEAR_OUT_OF_RANGE},
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


def _indicator_choices(programme: Programme) -> list[tuple[str, str]]:
    """The registry's indicators, and any code the programme already uses (so saving never drops it)."""
    choices = [(i.code, f"{i.name} ({i.code})" if i.name != i.code else i.code)
               for i in Indicator.objects.order_by("name", "code")]
    used = {programme.surplus_indicator, *programme.schemes.values_list("indicator", flat=True)} - {""}
    choices += [(code, code) for code in sorted(used - {code for code, _label in choices})]
    return [("", _("(none)")), *choices]


class ProgrammeRulesForm(AccessibleFormMixin, forms.Form):
    """The programme-wide rules: rounding, floor, budget and how a budget surplus is shared."""

    use_required_attribute = False

    rounding_unit = NokField(label=_("Rounding unit (NOK)"),
                             help_text=_("Every amount is a multiple of this. The pilot used 1 000 NOK."),
                             error_messages={"required": ROUNDING_UNIT_POSITIVE})
    residual_policy = forms.ChoiceField(label=_("Rounding residual"), choices=Programme.ResidualPolicy.choices,
                                        widget=forms.RadioSelect,
                                        help_text=_("Who gets what is left when the rounded amounts do not add up "
                                                    "to the total."))
    floor = NokField(label=_("Floor (NOK)"), required=False,
                     help_text=_("The least a municipality receives in the first year. Empty: no floor."))
    budget = NokField(label=_("Budget for the first year (NOK, optional)"), required=False,
                      help_text=_("Empty: the sum of the decided amounts or of the pots. A budget above the pots is "
                                  "shared as a surplus."))
    surplus_method = forms.ChoiceField(label=_("How a budget surplus is shared"),
                                       choices=Programme.SurplusMethod.choices, widget=forms.RadioSelect)
    surplus_indicator = forms.ChoiceField(label=_("Indicator for sharing the surplus"), required=False,
                                          help_text=_("Only used when the surplus is shared by indicator."))
    surplus_indicator_year = _year_field(_("Year of the surplus indicator"),
                                         _("Empty: the year before the first year."))

    def __init__(self, *args, indicator_choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["surplus_indicator"].choices = indicator_choices

    def clean_rounding_unit(self) -> int:
        unit = self.cleaned_data["rounding_unit"]
        if not unit:
            raise forms.ValidationError(ROUNDING_UNIT_POSITIVE, code="rounding_unit")
        return unit

    def clean_floor(self) -> int:
        return self.cleaned_data["floor"] or 0

    def form_anchor(self) -> str:
        return "rules-form"

    @classmethod
    def initial_for(cls, programme: Programme) -> dict:
        return {name: getattr(programme, name) for name in services.PROGRAMME_RULE_FIELDS}


class SchemeRuleForm(AccessibleFormMixin, forms.Form):
    """The rule of one pooled scheme."""

    use_required_attribute = False

    method = forms.ChoiceField(label=_("Method"), choices=Scheme.Method.choices)
    base_year = _year_field(_("Base year of the historical awards"),
                            _("The year whose awards the municipality is held harmless against. Empty: the year "
                              "before the first year."))
    budget = NokField(label=_("Budget of the scheme (NOK)"), required=False,
                      help_text=_("Distribution key only: the amount shared by the indicator."))
    indicator = forms.ChoiceField(label=_("Indicator"), required=False,
                                  help_text=_("Distribution key and rate per unit only."))
    indicator_year = _year_field(_("Year of the indicator"), _("Empty: the year before the first year."))
    rate = DecimalTextField(label=_("Rate (NOK per unit)"), required=False,
                            help_text=_("Rate per unit only, e.g. 1 250,5."))

    def __init__(self, *args, rule: ProgrammeScheme, indicator_choices: list[tuple[str, str]], **kwargs) -> None:
        kwargs.setdefault("prefix", f"scheme-{rule.scheme_id}")
        kwargs.setdefault("initial", {name: getattr(rule, name) for name in services.SCHEME_RULE_FIELDS})
        super().__init__(*args, **kwargs)
        self.rule = rule
        self.fields["indicator"].choices = indicator_choices

    def clean_rate(self) -> Decimal | None:
        rate = self.cleaned_data["rate"]
        if rate is not None and rate < 0:
            raise forms.ValidationError(RATE_NEGATIVE, code="negative")
        if rate is not None and (len(rate.as_tuple().digits) > 18 or -rate.as_tuple().exponent > 6):
            raise forms.ValidationError(DECIMAL_MALFORMED, code="precision")
        return rate

    def change(self) -> services.SchemeRuleChange:
        return services.SchemeRuleChange(scheme_id=self.rule.scheme_id, **self.cleaned_data)


class GrowthForm(AccessibleFormMixin, forms.Form):
    """The growth of the programme total from the year before, with where the figure comes from."""

    use_required_attribute = False

    rate = PercentField(label=_("Growth (%)"), help_text=_("E.g. 3,1 for 3.1 %. Negative for a cut."))
    source = forms.CharField(label=_("Source"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Where the factor comes from, e.g. the ministry's letter of 2020-12-15."))

    def __init__(self, *args, year: int, **kwargs) -> None:
        kwargs.setdefault("prefix", f"growth-{year}")
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["rate"].error_messages["required"] = GROWTH_REQUIRED % {"year": year}
        self.fields["source"].error_messages["required"] = SOURCE_REQUIRED % {"year": year}

    def clean_source(self) -> str:
        source = self.cleaned_data["source"].strip()
        if not source:
            raise forms.ValidationError(SOURCE_REQUIRED % {"year": self.year}, code="required")
        return source

    def change(self) -> services.GrowthChange:
        return services.GrowthChange(year=self.year, **self.cleaned_data)


class RulesForms:
    """The rules page's forms together: the programme's rules, one per pooled scheme, one per growth year."""

    def __init__(self, programme: Programme, data=None) -> None:
        choices = _indicator_choices(programme)
        self.programme = programme
        self.main = ProgrammeRulesForm(data, initial=ProgrammeRulesForm.initial_for(programme),
                                       indicator_choices=choices)
        self.schemes = [SchemeRuleForm(data, rule=rule, indicator_choices=choices)
                        for rule in programme.schemes.select_related("scheme").order_by("position", "scheme__key")]
        growth = {g.year: g for g in programme.growth_factors.all()}
        self.growth = [GrowthForm(data, year=year, initial={"rate": growth[year].rate, "source": growth[year].source}
                                  if year in growth else None)
                       for year in programme.years[1:]]

    @property
    def all(self) -> list[forms.Form]:
        return [self.main, *self.schemes, *self.growth]

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.all])  # every form, so every error shows

    def rules(self) -> services.ProgrammeRules:
        data = self.main.cleaned_data
        return services.ProgrammeRules(
            rounding_unit=data["rounding_unit"], residual_policy=data["residual_policy"], floor=data["floor"],
            budget=data["budget"], surplus_method=data["surplus_method"],
            surplus_indicator=data["surplus_indicator"], surplus_indicator_year=data["surplus_indicator_year"],
            schemes=tuple(form.change() for form in self.schemes),
            growth=tuple(form.change() for form in self.growth))

    def error_links(self) -> list[tuple[str, str]]:
        """Each error once, linking to its field; a scheme's or a year's errors start with its key or year."""
        links = self.main.error_links()
        for form in self.schemes:
            links += [(anchor, f"{form.rule.scheme.key} – {message}") for anchor, message in form.error_links()]
        for form in self.growth:
            links += [(anchor, f"{form.year} – {message}") for anchor, message in form.error_links()]
        return links


class ContinuationForm(AccessibleFormMixin, forms.Form):
    """A continuation: an earlier grant from a pooled scheme that keeps running beside the programme."""

    use_required_attribute = False

    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=Scheme.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    amount = NokField(label=_("Amount (NOK)"), help_text=_("Whole NOK, e.g. 450 000."))
    reason = forms.CharField(label=_("Reason for the exception"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Why this grant may run beside the programme money, e.g. a multi-year "
                                         "project awarded before the programme. Do not enter personal data about "
                                         "children."),
                             error_messages={"required": REASON_REQUIRED})

    def __init__(self, *args, programme: Programme, **kwargs) -> None:
        kwargs.setdefault("prefix", "continuation")
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            participations__programme=programme).order_by("name")
        self.fields["scheme"].queryset = Scheme.objects.filter(programme_rules__programme=programme).order_by("key")
        self.fields["scheme"].label_from_instance = lambda s: f"{s.key} {s.title}"
        self.fields["municipality"].label_from_instance = lambda m: f"{m.name} ({m.number})"
        self.fields["year"].choices = [(y, str(y)) for y in programme.years]

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(REASON_REQUIRED, code="required")
        return reason

    def form_anchor(self) -> str:
        return "continuation-form"


class ContinuationRemoveForm(AccessibleFormMixin, forms.Form):
    use_required_attribute = False

    reason = forms.CharField(label=_("Reason for removing the continuation"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}), help_text=CHILDREN_WARNING,
                             error_messages={"required": REASON_REQUIRED})

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(REASON_REQUIRED, code="required")
        return reason
