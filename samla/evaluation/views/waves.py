"""Waves: creating one (evaluator), following its progress, reading a response, reopening it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samla.accounts import access
from samla.allocation.models import Participant
from samla.evaluation import selectors, services
from samla.evaluation.forms import ReopenForm, WaveForm
from samla.evaluation.models import Form
from samla.evaluation.views.common import add_service_errors, flash, require, require_evaluator
from samla.web.lists import Column, export_format, export_response, paginate

STATE_LABELS = {"submitted": gettext_lazy("Submitted"), "draft": gettext_lazy("Draft"),
                "not_started": gettext_lazy("Not started")}
PROGRESS_COLUMNS = [
    Column("number", gettext_lazy("Municipality number"), lambda r: r.municipality.number),
    Column("municipality", gettext_lazy("Municipality"), lambda r: r.municipality.name),
    Column("region", gettext_lazy("Region"), lambda r: r.municipality.region.name),
    Column("status", gettext_lazy("Status"), lambda r: STATE_LABELS[r.state]),
    Column("submitted_at", gettext_lazy("Submitted at"), lambda r: r.response.submitted_at if r.response else None),
    Column("updated_at", gettext_lazy("Last saved"), lambda r: r.response.updated_at if r.response else None),
]


def _default_municipalities() -> list[int]:
    """The participants of the programme of the most recent form that names one."""
    form = Form.objects.filter(programme__isnull=False).order_by("-pk").first()
    if form is None:
        return []
    return list(Participant.objects.filter(programme=form.programme).values_list("municipality_id", flat=True))


@login_required
@require_http_methods(["GET", "POST"])
def wave_create(request: HttpRequest) -> HttpResponse:
    require_evaluator(request)
    today = timezone.localdate()
    form = WaveForm(request.POST or None, day=today, initial={"municipalities": _default_municipalities()})
    if request.method == "POST" and form.is_valid():
        try:
            wave = services.wave_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            flash(request, _("The wave is created."))
            return redirect("evaluation:wave_progress", pk=wave.pk)
    return render(request, "evaluation/wave_form.html", {"form": form})


@login_required
@require_GET
def wave_progress(request: HttpRequest, pk: int) -> HttpResponse:
    wave = selectors.wave_for_progress(request.user, pk)
    rows = selectors.wave_progress(request.user, wave)
    if fmt := export_format(request):
        return export_response(PROGRESS_COLUMNS, rows, filename=f"progress-{wave.label}", fmt=fmt)
    context = {"wave": wave, "page": paginate(request, rows), "counts": selectors.progress_counts(rows),
               "labels": STATE_LABELS,
               # only the evaluator opens individual answers from here; others see who has answered
               "can_read_answers": access.can_manage_evaluation(request.user)}
    return render(request, "evaluation/wave_progress.html", context)


@login_required
@require_GET
def response_detail(request: HttpRequest, pk: int) -> HttpResponse:
    response = selectors.response_for(request.user, pk)
    form = ReopenForm() if access.can_manage_evaluation(request.user) and response.is_submitted else None
    return render(request, "evaluation/response_detail.html", _detail_context(response, form, request.user))


def _detail_context(response, reopen_form, user) -> dict:
    answers = {a.item_id: a for a in response.answers.all()}
    language = get_language()
    rows = [(item, item.text(language), answers.get(item.pk)) for item in response.wave.version.items.all()]
    return {"response": response, "rows": rows, "language": language, "reopen_form": reopen_form,
            "reopenings": response.reopenings.select_related("reopened_by"),
            # the item codes are the evaluator's (exports, statistics), not words for the respondent
            "show_item_codes": access.can_manage_evaluation(user)}


@login_required
@require_POST
def response_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    response = selectors.response_for(request.user, pk)
    require(access.can_manage_evaluation(request.user))
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.response_reopen(actor=request.user, response=response, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            flash(request, _("The response is reopened. The municipality can change it and submit it again."))
            return redirect("evaluation:response_detail", pk=response.pk)
    return render(request, "evaluation/response_detail.html", _detail_context(response, form, request.user),
                  status=400)
