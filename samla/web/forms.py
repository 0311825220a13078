"""Accessible form fields, one convention for every app: a field's help text has the id ``<auto_id>_helptext``
(Django's own) and its errors ``<auto_id>_error``; the input points at both with ``aria-describedby`` and is
marked ``aria-invalid`` when it has errors. A group of inputs (radio buttons, a checkbox list) is a fieldset that
points at both instead, so a screen reader announces them once, with the group; each input still gets
``aria-invalid``.

The templates use these through the ``samla_forms`` template library and the shared partials
``forms/_field.html`` (any field: its label, required marker, help text, error and widget) and
``forms/_error_summary.html`` (the list of a form's errors, each a link to its field; ``error_links`` builds it).
"""

from __future__ import annotations

from typing import Any

from django.forms import BoundField

from samla.web.fields import group_length_limits


def help_id(field: BoundField) -> str:
    return f"{field.auto_id}_helptext"


def error_id(field: BoundField) -> str:
    return f"{field.auto_id}_error"


def is_group(field: BoundField) -> bool:
    """Whether the field is several inputs under one label (radios, a checkbox list): a fieldset and a legend."""
    return field.use_fieldset


def describedby(field: BoundField, *, errors: bool | None = None) -> str:
    """The ids the input (or a group's fieldset) should name in aria-describedby ("" for none). ``errors``
    overrides whether the field's errors count (a form that is not bound has none)."""
    has_errors = bool(field.errors) if errors is None else errors
    ids = [help_id(field)] if field.help_text else []
    if has_errors:
        ids.append(error_id(field))
    return " ".join(ids)


def description_attrs(field: BoundField, *, errors: bool | None = None) -> dict[str, str]:
    """Widget attributes: aria-describedby (not for a group: its fieldset has it) and, with errors,
    aria-invalid."""
    attrs = {}
    if not is_group(field) and (ids := describedby(field, errors=errors)):
        attrs["aria-describedby"] = ids
    if bool(field.errors) if errors is None else errors:
        attrs["aria-invalid"] = "true"
    return attrs


def first_input_id(field: BoundField) -> str:
    """The id a link to the field goes to: the first radio or checkbox of a group (or the first input of a
    multi-input widget), else the input."""
    widget = field.field.widget
    if is_group(field):
        return widget.id_for_label(field.auto_id, "0") or field.auto_id
    return field.id_for_label or field.auto_id


def form_anchor(form: Any) -> str:
    """Where a link to a form-wide error goes: the form itself when it names an anchor (``form_anchor()``, the
    id of its ``<form>``), else the first input of its first visible field."""
    if anchor := getattr(form, "form_anchor", None):
        return anchor()
    visible = form.visible_fields()
    return first_input_id(visible[0]) if visible else ""


def error_links(form: Any) -> list[tuple[str, str]]:
    """(anchor, message) for each of the form's errors, for the error summary: the form-wide errors first, then
    each field's in field order as "label: message". A hidden field's errors link where form-wide errors do."""
    top = f"#{form_anchor(form)}"
    links = [(top, str(error)) for error in form.non_field_errors()]
    for field in form:
        anchor = top if field.is_hidden else f"#{first_input_id(field)}"
        links += [(anchor, f"{field.label}: {error}") for error in field.errors]
    return links


class AccessibleFormMixin:
    """Point every input at its help text and error message (``aria-describedby``) and mark invalid inputs,
    and list the errors for the summary at the top of the form, each linking to its field."""

    def full_clean(self) -> None:
        group_length_limits(self)  # type: ignore[arg-type]
        super().full_clean()  # type: ignore[misc]
        self.describe_fields()

    def describe_fields(self) -> None:
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            bound = self[name]  # type: ignore[index]
            field.widget.attrs.update(description_attrs(bound, errors=self.is_bound  # type: ignore[attr-defined]
                                                        and bool(bound.errors)))

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for each error, in field order; form-wide errors link to the form."""
        return error_links(self)

    def form_anchor(self) -> str:
        return f"{self.prefix or 'form'}-top"  # type: ignore[attr-defined]
