"""The resource group's pages: the list of applications to assess and the assessment of one application."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from samla.accounts import access
from samla.calls import selectors, services
from samla.calls.forms.assessment import AssessmentFilterForm, AssessmentForm, assessment_error_messages
from samla.calls.models import Application
from samla.web.lists import Column, export_format, export_response, paginate

NOT_ALLOWED = "you may not assess applications"


def _yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


COLUMNS = [
    Column("municipality", _("Municipality"), lambda a: a.municipality.name),
    Column("number", _("Municipality number"), lambda a: a.municipality.number),
    Column("region", _("Region"), lambda a: a.call.region.name),
    Column("case_number", _("Case number"), lambda a: a.call.case_number),
    Column("submitted_at", _("Submitted"), lambda a: a.submitted_at),
    Column("political_decision", _("Political decision"), lambda a: _yes_no(a.has_political_decision_flag)),
    Column("assessed", _("Assessed by me"), lambda a: _yes_no(a.assessed_by_me)),
    Column("assessments", _("Assessments"), lambda a: a.assessment_count if a.assessed_by_me else ""),
]


@login_required
@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    if not access.can_list_assessments(request.user):
        raise PermissionDenied(NOT_ALLOWED)
    form = AssessmentFilterForm(request.GET or None)
    rows = selectors.applications_to_assess(request.user)
    if form.is_valid():
        status, search = form.cleaned_data["status"], form.cleaned_data["q"].strip()
        rows = rows.filter(assessed_by_me=status == "done") if status else rows
        rows = rows.filter(municipality__name__icontains=search) if search else rows
    if fmt := export_format(request):
        return export_response(COLUMNS, rows, filename="assessments", fmt=fmt)
    query = request.GET.copy()
    for key in ("page", "export"):
        query.pop(key, None)
    return render(request, "calls/assessment/list.html", {"form": form, "page": paginate(request, rows),
                                                          "query": query.urlencode()})


@login_required
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for(request.user, pk)
    if not access.can_read_assessments(request.user, application):
        raise PermissionDenied(selectors.NOT_ALLOWED_TO_READ)
    is_member = access.can_assess(request.user, application)
    if request.method == "POST" and not is_member:
        raise PermissionDenied(services.NOT_RESOURCE_GROUP)
    data = request.POST if request.method == "POST" else None
    form = AssessmentForm(data, criteria=application.call.criteria_items.all()) if is_member else None
    if form is not None and form.is_valid():
        try:
            services.assessment_submit(actor=request.user, application=application, scores=form.scores(),
                                       recommendation=form.cleaned_data["recommendation"],
                                       comment=form.cleaned_data["comment"].strip())
        except ValidationError as exc:
            for message in assessment_error_messages(exc):
                form.add_error(None, message)
        else:
            messages.success(request, gettext("Your assessment of %(municipality)s has been submitted.")
                             % {"municipality": application.municipality.name})
            return redirect("calls:assess", pk=application.pk)
    return render(request, "calls/assessment/assess.html", _context(request.user, application, form))


def _context(user, application: Application, form: AssessmentForm | None) -> dict[str, Any]:
    visible = selectors.assessments_visible_to(user, application)
    own = next((a for a in visible if a.member_id == user.pk), None)
    return {
        "application": application,
        "call": application.call,
        "form": form,
        "can_write": form is not None and own is None and application.status == Application.Status.SUBMITTED,
        "own": own,
        "assessments": visible,
        "summary": selectors.assessment_summary(application, visible) if visible else [],
        "political_decision": selectors.political_decision_of(application),
    }
