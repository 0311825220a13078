"""The directorate's allocation rules of a programme, and its continuations (flagged double financing)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from samla.allocation import selectors, services
from samla.allocation.forms.rules import ContinuationForm, ContinuationRemoveForm, RulesForms
from samla.web.lists import Column, export_format, export_response, paginate

CONTINUATION_COLUMNS = [
    Column("year", _("Year"), lambda c: c.year),
    Column("municipality_number", _("Municipality number"), lambda c: c.municipality.number),
    Column("municipality", _("Municipality"), lambda c: c.municipality.name),
    Column("scheme", _("Scheme"), lambda c: c.scheme.key),
    Column("amount", _("Amount (NOK)"), lambda c: c.amount),
    Column("reason", _("Reason"), lambda c: c.reason),
]


def _problem(programme) -> str | None:
    problem = selectors.engine_problem(programme)
    return None if problem is None else selectors.engine_problem_text(problem)


@login_required
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_for_rules(request.user, slug)
    forms = RulesForms(programme, request.POST if request.method == "POST" else None)
    if request.method == "POST" and forms.is_valid():
        try:
            services.programme_rules_update(actor=request.user, programme=programme, rules=forms.rules())
        except ValidationError as error:
            for message in error.messages:
                forms.main.add_error(None, message)
        else:
            messages.success(request, gettext("The allocation rules are saved. Make a new allocation run to use "
                                              "them."))
            return redirect(reverse("allocation:rules", args=[programme.slug]) + "?saved=1")
    failed = request.method == "POST"
    return render(request, "allocation/rules/rules.html", {
        "programme": programme, "forms": forms, "errors": forms.error_links() if failed else [],
        "problem": None if failed else _problem(programme), "saved": not failed and "saved" in request.GET,
        "current": selectors.current_locked_run(programme), "totals": selectors.continuation_totals(programme),
        "participants": programme.participants.count(),
    }, status=400 if failed else 200)


@login_required
@require_http_methods(["GET", "POST"])
def continuations(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_for_rules(request.user, slug)
    rows = selectors.continuations_of(programme)
    if request.method == "GET" and (fmt := export_format(request)):
        return export_response(CONTINUATION_COLUMNS, rows, filename=f"continuations-{programme.slug}", fmt=fmt)
    form = ContinuationForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.continuation_add(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, gettext("The continuation is registered as a flagged exception."))
            return redirect("allocation:continuations", slug=programme.slug)
    return render(request, "allocation/rules/continuations.html", {
        "programme": programme, "page": paginate(request, rows), "form": form,
        "errors": form.error_links() if form.is_bound else [],
        "totals": selectors.continuation_totals(programme), "participants": programme.participants.count(),
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def continuation_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = selectors.programme_for_rules(request.user, slug)
    continuation = selectors.continuation_for(request.user, programme, pk)
    form = ContinuationRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.continuation_remove(actor=request.user, continuation=continuation,
                                         reason=form.cleaned_data["reason"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, gettext("The continuation is removed."))
            return redirect("allocation:continuations", slug=programme.slug)
    return render(request, "allocation/rules/continuation_remove.html", {
        "programme": programme, "continuation": continuation, "form": form,
        "errors": form.error_links() if form.is_bound else [],
    }, status=400 if form.errors else 200)
