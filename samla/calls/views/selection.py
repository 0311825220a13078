"""The county governor's ranked recommendation, the directorate's decision (with a live rule check) and the
stratified draw."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samla.accounts import access
from samla.calls import selectors, services
from samla.calls.forms.selection import (
    DecisionForm,
    DrawForm,
    RankingForm,
    band_text,
    describe_violations,
    selected_ids_from,
    selection_error_messages,
)
from samla.calls.models import ProgrammeRound, StratifiedDraw
from samla.core.selection import band_labels
from samla.web.lists import Column, export_format, export_response

# --- The county governor's ranking --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for_recommendation(request.user, pk)
    forwarded = getattr(call, "recommendation", None)
    may_forward = forwarded is None and access.can_govern_call(request.user, call)
    if request.method == "POST" and not may_forward:
        if forwarded is not None and access.can_govern_call(request.user, call):
            messages.error(request, gettext("The recommendation has already been forwarded and cannot be changed."))
            return redirect("calls:recommendation", pk=call.pk)
        raise PermissionDenied(services.NOT_COUNTY_GOVERNOR)
    rows = selectors.recommendation_candidates(call)
    form = None
    if may_forward:
        form = RankingForm(request.POST if request.method == "POST" else None, applications=[r[0] for r in rows])
        if request.POST.get("action") == "sort":
            rows = form.ordered_rows(rows)
        elif form.is_valid():
            try:
                services.recommendation_forward(actor=request.user, call=call, ranking=form.ranking(),
                                                comment=form.cleaned_data["comment"].strip())
            except ValidationError as exc:
                for message in selection_error_messages(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, gettext("The recommendation has been forwarded to the directorate."))
                return redirect("calls:recommendation", pk=call.pk)
    return render(request, "calls/selection/recommendation.html", {
        "call": call, "recommendation": forwarded, "form": form, "rows": form.bound_rows(rows) if form else rows,
        "ranking": _ranking_rows(forwarded) if forwarded else []})


def _ranking_rows(forwarded) -> list[tuple[Any, Any, Any]]:
    ranked = list(forwarded.ranking.select_related("application__municipality"))
    stats = selectors.score_stats([r.application for r in ranked])
    return [(r, r.application, stats[r.application_id]) for r in ranked]


# --- The directorate's decision -------------------------------------------------------------------------------

DECISION_COLUMNS = [
    Column("region", _("Region"), lambda r: r.application.call.region.name),
    Column("rank", _("County governor's place"), lambda r: r.rank),
    Column("municipality", _("Municipality"), lambda r: r.application.municipality.name),
    Column("number", _("Municipality number"), lambda r: r.application.municipality.number),
    Column("population", _("Population"), lambda r: r.population),
    Column("size_band", _("Size band"), lambda r: band_text(r.size_band)),
    Column("political_decision", _("Political decision"),
           lambda r: gettext("Yes") if r.political_decision else gettext("No")),
    Column("mean", _("Mean score"), lambda r: r.stats.mean),
    Column("assessments", _("Assessments"), lambda r: r.stats.assessments),
]


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    programme_round = selectors.round_for_directorate(request.user, pk)
    if hasattr(programme_round, "decision"):
        if request.method == "POST":
            messages.error(request, selection_error_messages(ValidationError("", code="decision_exists"))[0])
        return render(request, "calls/selection/decided.html", _decided_context(programme_round))
    try:
        regions = selectors.decision_regions(programme_round)
    except ValidationError as exc:
        return render(request, "calls/selection/decision.html", {"programme_round": programme_round,
                                                                 "problem": selection_error_messages(exc)[0]})
    rows = [row for region in regions for row in region.rows]
    if fmt := export_format(request):
        return export_response(DECISION_COLUMNS, rows, filename="candidates", fmt=fmt)
    selected, preselection = _initial_selection(request, programme_round, rows)
    deciding = request.method == "POST" and request.POST.get("action") == "decide"
    form = _decision_form(request, programme_round, rows, selected, require_reasons=deciding)
    if deciding and form.is_valid():
        try:
            services.selection_decide(actor=request.user, programme_round=programme_round,
                                      selected=[r.application for r in rows if r.application.pk in selected],
                                      overrides=form.overrides(), note=form.cleaned_data["note"].strip())
        except ValidationError as exc:
            for message in selection_error_messages(exc):
                form.add_error(None, message)
        else:
            messages.success(request, gettext("The selection has been decided. The selected municipalities are now "
                                         "participants of the programme."))
            return redirect("calls:decision", pk=programme_round.pk)
    return render(request, "calls/selection/decision.html", {
        "programme_round": programme_round, "regions": regions, "selected": selected, "form": form,
        "preselection": preselection, "checked": request.method == "POST"})


@login_required
@require_POST
def decision_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx fragment with the violations of the ticked selection and a reason field for each."""
    programme_round = selectors.round_for_directorate(request.user, pk)
    try:
        rows = [row for region in selectors.decision_regions(programme_round) for row in region.rows]
    except ValidationError as exc:
        return render(request, "calls/selection/_problem.html", {"problem": selection_error_messages(exc)[0]})
    selected = selected_ids_from(request.POST, [r.application.pk for r in rows])
    form = _decision_form(request, programme_round, rows, selected, require_reasons=False)
    return render(request, "calls/selection/_check.html", {"form": form, "selected": selected, "checked": True})


def _initial_selection(request: HttpRequest, programme_round: ProgrammeRound, rows) -> tuple[list[int], Any]:
    """The ticked ids of a POST, or on GET the preselection carried over from a draw (``?draw=<id>``)."""
    allowed = [r.application.pk for r in rows]
    if request.method == "POST":
        return selected_ids_from(request.POST, allowed), None
    raw = request.GET.get("draw", "")
    recorded = StratifiedDraw.objects.filter(pk=int(raw), programme_round=programme_round).first() \
        if raw.isdigit() else None
    if recorded is None:
        return [], None
    chosen = selectors.draw_preselection(recorded)
    return [pk for pk in allowed if pk in chosen], recorded


def _decision_form(request: HttpRequest, programme_round: ProgrammeRound, rows, selected: list[int], *,
                   require_reasons: bool) -> DecisionForm:
    chosen = [r.application for r in rows if r.application.pk in selected]
    bands = {r.application.pk: r.size_band for r in rows}
    violations = describe_violations(programme_round, selectors.selection_check(programme_round, selected),
                                     chosen, bands)
    data = request.POST if request.method == "POST" else None
    return DecisionForm(data, violations=violations, require_reasons=require_reasons)


def _decided_context(programme_round: ProgrammeRound) -> dict[str, Any]:
    decided = programme_round.decision
    selected = list(decided.selected.select_related("municipality", "call__region").order_by(
        "call__region__name", "municipality__name"))
    names = {r.code: r.name for r in programme_round.regions.all()} | {
        a.municipality.number: f"{a.municipality.name} ({a.municipality.number})" for a in selected}
    return {"programme_round": programme_round, "decision": decided, "selected": selected,
            "overrides": [(o, names.get(o.subject, o.subject)) for o in decided.overrides.all()],
            "participants": programme_round.programme.participants.select_related("municipality")}


# --- The stratified draw ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def draw(request: HttpRequest, pk: int) -> HttpResponse:
    programme_round = selectors.round_for_directorate(request.user, pk)
    form = DrawForm(request.POST if request.method == "POST" else None, programme_round=programme_round)
    if form.is_valid():
        try:
            recorded = services.stratified_draw_record(actor=request.user, programme_round=programme_round,
                                                       per_stratum=form.cleaned_data["per_stratum"],
                                                       region=form.cleaned_data["region"])
        except ValidationError as exc:
            for message in selection_error_messages(exc):
                form.add_error(None, message)
        else:
            messages.success(request, gettext("The draw has been recorded with seed %(seed)s.")
                             % {"seed": recorded.seed})
            return redirect("calls:draw_detail", pk=recorded.pk)
    return render(request, "calls/selection/draw.html", {
        "programme_round": programme_round, "form": form, "draws": selectors.draws_of(programme_round),
        "bands": [band_text(label) for label in band_labels(tuple(programme_round.size_band_limits))]})


@login_required
@require_GET
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recorded = selectors.draw_for(request.user, pk)
    strata = [(s, band_text(s.label)) for s in selectors.draw_strata(recorded)]
    return render(request, "calls/selection/draw_detail.html", {
        "draw": recorded, "programme_round": recorded.programme_round, "strata": strata,
        "reproduced": selectors.draw_reproduces(recorded),
        "candidates_json": json.dumps(recorded.candidates, sort_keys=True), "result_json": json.dumps(recorded.result),
        "limits": tuple(recorded.programme_round.size_band_limits),
        "decided": hasattr(recorded.programme_round, "decision")})
