"""Allocation runs: list (with export), new run, detail with explanations, comparison, locking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from samla.accounts import access
from samla.allocation import selectors, services
from samla.allocation.forms.runs import RunCompareForm, RunCreateForm, RunLockForm
from samla.web.lists import Column, export_format, export_response, paginate

RUN_COLUMNS = [
    Column("number", _("Run"), lambda r: r.number),
    Column("scenario", _("Scenario"), lambda r: r.get_scenario_display()),
    Column("total", _("Total (NOK)"), lambda r: r.total),
    Column("created_by", _("Made by"), lambda r: r.created_by.get_username() if r.created_by else ""),
    Column("created_at", _("Made"), lambda r: r.created_at),
    Column("locked", _("Locked"), lambda r: r.locked_at or ""),
    Column("locked_by", _("Locked by"), lambda r: r.locked_by.get_username() if r.locked_by else ""),
    Column("input_sha256", _("Input SHA-256"), lambda r: r.input_sha256),
]


@login_required
@require_GET
def run_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_for_runs(request.user, slug)
    runs = selectors.runs_of(programme)
    if fmt := export_format(request):
        return export_response(RUN_COLUMNS, runs, filename=f"runs-{programme.slug}", fmt=fmt)
    page = paginate(request, runs)
    return render(request, "allocation/runs/list.html", {
        "programme": programme, "page": page, "current": selectors.current_locked_run(programme),
        "can_manage": access.can_manage_allocation(request.user),
        "compare_form": RunCompareForm(numbers=[r.number for r in page]),
    })


@login_required
@require_http_methods(["GET", "POST"])
def run_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_for_runs(request.user, slug)
    if not access.can_manage_allocation(request.user):
        raise PermissionDenied(services.NOT_DIRECTORATE)
    form = RunCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.allocation_run_create(actor=request.user, programme=programme, options=form.options(),
                                                 note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Run %(number)s is made.") % {"number": run.number})
            return redirect("allocation:run_detail", slug=programme.slug, number=run.number)
    return render(request, "allocation/runs/create.html", {"programme": programme, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_GET
def run_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    programme = selectors.programme_for_runs(request.user, slug)
    run = selectors.run_for(request.user, programme, number)
    return render(request, "allocation/runs/detail.html", {
        "programme": programme, "run": run, "table": selectors.run_table(request.user, run),
        "can_manage": access.can_manage_allocation(request.user),
    })


@login_required
@require_GET
def run_explain(request: HttpRequest, slug: str, number: int, municipality: str, year: int) -> HttpResponse:
    programme = selectors.programme_for_runs(request.user, slug)
    run = selectors.run_for(request.user, programme, number)
    context = {"programme": programme, "run": run,
               "explanation": selectors.run_explanation(request.user, run, municipality, year)}
    if request.headers.get("HX-Request") == "true":
        return render(request, "allocation/_explanation.html", context)
    return render(request, "allocation/runs/explanation.html", context)


@login_required
@require_GET
def run_compare(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_for_runs(request.user, slug)
    form = RunCompareForm(request.GET or None, numbers=list(programme.runs.values_list("number", flat=True)))
    comparison = None
    if form.is_valid():
        chosen = [selectors.run_for(request.user, programme, n) for n in form.cleaned_data["runs"]]
        comparison = selectors.run_comparison(request.user, chosen)
    return render(request, "allocation/runs/compare.html",
                  {"programme": programme, "form": form, "comparison": comparison},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def run_lock(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    programme = selectors.programme_for_runs(request.user, slug)
    run = selectors.run_for(request.user, programme, number)
    if not access.can_manage_allocation(request.user):
        raise PermissionDenied(services.NOT_DIRECTORATE)
    current = selectors.current_locked_run(programme)
    form = RunLockForm(request.POST or None, initial={"current": current.number if current else "none"})
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_run_lock(actor=request.user, run=run, reason=form.cleaned_data["reason"],
                                         expected_current=form.expected_current())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Run %(number)s is locked.") % {"number": run.number})
            return redirect("allocation:run_detail", slug=programme.slug, number=run.number)
    return render(request, "allocation/runs/lock.html", {
        "programme": programme, "run": run, "form": form, "current": current,
    }, status=400 if form.errors else 200)

