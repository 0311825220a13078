"""A municipality fills in its reflection form: save a draft, come back, submit. Submitted is locked."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samla.evaluation import selectors, services
from samla.evaluation.forms import ResponseForm
from samla.evaluation.models import Item, Response
from samla.evaluation.views.common import add_service_errors, flash


def _sections(form: ResponseForm, language: str) -> list[dict]:
    """The items grouped by theme in order, each with its bound field and anchors."""
    sections: list[dict] = []
    for item in form.items:
        if not sections or sections[-1]["theme"] != item.theme:
            sections.append({"theme": item.theme, "rows": []})
        field = form[f"item_{item.pk}"]
        first_id = f"{field.auto_id}_0" if item.type != Item.Type.FREE_TEXT else field.auto_id
        sections[-1]["rows"].append({"item": item, "field": field, "first_id": first_id,
                                     "anchors": item.anchors(language)})
    return sections


def _save(request: HttpRequest, form: ResponseForm, wave, municipality, response: Response | None) -> Response:
    with transaction.atomic():
        if response is None:
            response = services.response_start(actor=request.user, wave=wave, municipality=municipality)
        response = services.response_save(actor=request.user, response=response,
                                          expected_version=form.cleaned_data["version"], answers=form.answers())
        if request.POST.get("action") == "submit":
            response = services.response_submit(actor=request.user, response=response,
                                                expected_version=response.version)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def response_edit(request: HttpRequest, wave_pk: int, municipality_pk: int) -> HttpResponse:
    wave, municipality = selectors.answerable_wave(request.user, wave_pk, municipality_pk)
    response = Response.objects.filter(wave=wave, municipality=municipality).first()
    if response is not None and response.is_submitted:
        return redirect("evaluation:response_detail", pk=response.pk)
    language = get_language()
    items = list(wave.version.items.all())
    form = ResponseForm(request.POST or None, items=items, language=language,
                        initial=ResponseForm.initial_from(response))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                response = _save(request, form, wave, municipality, response)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if response.is_submitted:
                    flash(request, _("Thank you. The form is submitted and locked."))
                    return redirect("evaluation:response_detail", pk=response.pk)
                flash(request, _("The draft is saved. You can come back and go on later."))
                return redirect("evaluation:response_edit", wave_pk=wave.pk, municipality_pk=municipality.pk)
        status = 400
    context = {"wave": wave, "municipality": municipality, "response": response, "form": form,
               "sections": _sections(form, language), "is_open": selectors.is_open_now(wave)}
    return render(request, "evaluation/response_edit.html", context, status=status)
