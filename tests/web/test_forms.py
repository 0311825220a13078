"""One convention for accessible form fields (samla.web.forms and the shared partials in samla/templates/forms)."""

from __future__ import annotations

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from samla.web import forms as web_forms


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


class Example(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="Name", help_text="Your name.")
    colour = forms.ChoiceField(label="Colour", choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect,
                               help_text="Pick one.")
    sizes = forms.MultipleChoiceField(label="Sizes", choices=[("s", "S"), ("m", "M")], required=False,
                                      widget=forms.CheckboxSelectMultiple)
    agree = forms.BooleanField(label="I agree")

    def clean(self):
        raise forms.ValidationError("Something is wrong with the whole form.")


class Anchored(Example):
    def form_anchor(self) -> str:
        return "example-form"


def invalid(form_class=Example) -> forms.Form:
    form = form_class({"sizes": ["x"]})
    assert not form.is_valid()
    return form


def test_error_links_name_the_first_input_of_each_field_and_form_wide_errors_first() -> None:
    assert web_forms.error_links(invalid()) == [
        ("#id_name", "Something is wrong with the whole form."),
        ("#id_name", "Version: This field is required."),  # a hidden field: where form-wide errors go
        ("#id_name", "Name: This field is required."),
        ("#id_colour_0", "Colour: This field is required."),
        ("#id_sizes_0", "Sizes: Select a valid choice. x is not one of the available choices."),
        ("#id_agree", "I agree: This field is required."),
    ]


def test_a_form_with_an_anchor_takes_its_form_wide_errors() -> None:
    links = web_forms.error_links(invalid(Anchored))
    assert links[0] == ("#example-form", "Something is wrong with the whole form.")
    assert links[1] == ("#example-form", "Version: This field is required.")


def test_a_group_is_described_by_its_fieldset_not_each_input() -> None:
    form = invalid()
    assert web_forms.description_attrs(form["name"]) == {"aria-describedby": "id_name_helptext id_name_error",
                                                         "aria-invalid": "true"}
    assert web_forms.description_attrs(form["colour"]) == {"aria-invalid": "true"}
    assert web_forms.describedby(form["colour"]) == "id_colour_helptext id_colour_error"
    assert web_forms.describedby(Example()["colour"]) == "id_colour_helptext"
    assert web_forms.first_input_id(form["colour"]) == "id_colour_0"
    assert web_forms.first_input_id(form["name"]) == "id_name"


def test_the_field_partial_follows_the_convention() -> None:
    form = invalid()
    text = render_to_string("forms/_field.html", {"field": form["name"]})
    assert '<label class="field__label" for="id_name">Name <span class="required">(required)</span></label>' in text
    assert '<div class="field__help" id="id_name_helptext">Your name.</div>' in text
    assert '<p class="field__error" id="id_name_error"><span class="visually-hidden">Error: </span>' \
           'This field is required.</p>' in text
    assert 'aria-describedby="id_name_helptext id_name_error" aria-invalid="true"' in text

    group = render_to_string("forms/_field.html", {"field": form["colour"]})
    assert '<fieldset class="field field--group field--error" aria-describedby="id_colour_helptext id_colour_error">' \
        in group
    assert '<legend class="field__label">Colour <span class="required">(' in group
    assert '<input type="radio" name="colour" value="r" id="id_colour_0" required aria-invalid="true">' \
           '<label for="id_colour_0">Red</label>' in group
    assert "aria-describedby" not in group.split("<legend")[1]  # the inputs leave it to the fieldset

    optional = render_to_string("forms/_field.html", {"field": Example()["sizes"]})
    assert 'class="required"' not in optional and "aria-describedby" not in optional

    checkbox = render_to_string("forms/_field.html", {"field": form["agree"]})
    assert '<div class="field field--checkbox field--error">' in checkbox
    assert '<input type="checkbox" name="agree" aria-describedby="id_agree_error" aria-invalid="true" required ' \
           'id="id_agree"><label for="id_agree">I agree' in checkbox

    assert render_to_string("forms/_field.html", {"field": form["version"]}).strip() == \
        '<input type="hidden" name="version" id="id_version">'


def test_the_error_summary_lists_the_links() -> None:
    text = render_to_string("forms/_error_summary.html", {"errors": web_forms.error_links(invalid())})
    assert '<div class="error-summary" role="alert" tabindex="-1" id="error-summary"' in text
    assert '<li><a href="#id_colour_0">Colour: This field is required.</a></li>' in text
    assert render_to_string("forms/_error_summary.html", {"errors": []}).strip() == ""


def test_a_text_over_its_limit_is_told_the_limit_with_thousands_grouped(client) -> None:
    """Django's own message says "20000 eller færre tegn"; Samla's forms say 20 000, in both languages."""
    from django import forms as django_forms
    from django.utils import translation

    from samla.web.forms import AccessibleFormMixin

    class Letter(AccessibleFormMixin, django_forms.Form):
        text = django_forms.CharField(max_length=20000)

    for language, expected in (("nb", "Skriv høyst 20\u00a0000 tegn (teksten har 20\u00a0001)."),
                               ("en", "Write at most 20,000 characters (the text has 20,001).")):
        with translation.override(language):
            form = Letter({"text": "x" * 20001})
            assert not form.is_valid()
            assert form.errors["text"] == [expected]
    assert Letter({"text": "x" * 20000}).is_valid()
