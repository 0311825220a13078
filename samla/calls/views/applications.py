"""The municipality's application (draft, contacts, submission, political decision), the county governor's
reopening, and the application list and detail page for every role within its scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samla.accounts import access
from samla.calls import selectors, services
from samla.calls.forms import service_error_messages
from samla.calls.forms.applications import (
    ApplicationFilterForm,
    ApplicationForm,
    ContactForm,
    ContactFormSet,
    PoliticalDecisionForm,
    ReopenForm,
    SubmitForm,
)
from samla.calls.models import Application
from samla.web.lists import Column, export_format, export_response, paginate

DECISION_MISSING = gettext_lazy("Political decision missing")
DECISION_PRESENT = gettext_lazy("Recorded")
COLUMNS = [
    Column("municipality", gettext_lazy("Municipality"), lambda a: a.municipality.name),
    Column("number", gettext_lazy("Municipality number"), lambda a: a.municipality.number),
    Column("region", gettext_lazy("Region"), lambda a: a.call.region.name),
    Column("programme", gettext_lazy("Programme"), lambda a: a.call.programme_round.programme.name),
    Column("case_number", gettext_lazy("Case number"), lambda a: a.call.case_number),
    Column("status", gettext_lazy("Status"), lambda a: a.get_status_display()),
    Column("political_decision", gettext_lazy("Political decision"),
           lambda a: DECISION_PRESENT if a.has_decision else DECISION_MISSING),
    Column("updated_at", gettext_lazy("Last saved"), lambda a: a.updated_at),
    Column("submitted_at", gettext_lazy("Submitted"), lambda a: a.submitted_at),
]


@login_required
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    if not access.can_list_applications(request.user):
        raise PermissionDenied
    visible = selectors.applications_visible_to(request.user)
    rounds, regions = selectors.application_filter_choices(request.user)
    form = ApplicationFilterForm(request.GET or None, rounds=rounds, regions=regions)
    form.is_valid()
    filters = form.cleaned_data if form.is_bound else {}
    rows = selectors.applications_filtered(
        visible, programme_round=filters.get("programme_round"), region=filters.get("region"),
        status=filters.get("status", ""), decision=filters.get("decision", ""), search=filters.get("q", ""))
    if fmt := export_format(request):
        return export_response(COLUMNS, rows, filename="applications", fmt=fmt)
    query = request.GET.copy()
    query.pop("page", None)
    page = paginate(request, rows)
    for application in page.object_list:  # status for everyone in scope; the text only for some
        application.readable = access.can_read_application(request.user, application)
    return render(request, "calls/application_list.html", {
        "form": form, "page": page, "query": query.urlencode()})


def _detail_context(request: HttpRequest, application: Application, reopen_form: ReopenForm | None = None) -> dict:
    user = request.user
    editable = access.can_edit_application(user, application) and application.status == Application.Status.DRAFT
    decision = selectors.political_decision_of(application)
    return {
        "application": application, "decision": decision, "contacts": application.contacts.all(),
        "reopenings": application.reopenings.select_related("reopened_by"),
        "history": selectors.application_history(application),
        "deadline": selectors.deadline_for(application.call, application.municipality),
        "final_deadline": selectors.deadline_for(application.call, application.municipality, final=True),
        "can_edit": editable,
        "can_record_decision": access.can_edit_application(user, application) and decision is None,
        "can_reopen": access.can_govern_call(user, application.call)
        and application.status == Application.Status.SUBMITTED,
        "reopen_form": reopen_form or ReopenForm(),
        "can_read_assessments": application.status == Application.Status.SUBMITTED
        and access.can_read_assessments(user, application),
        "sections": [(ApplicationForm.base_fields[name].label, getattr(application, name))
                     for name in ApplicationForm.SECTIONS],
        "award_letter": next(iter(selectors.award_letters_of(
            user, [application.municipality_id], programme_id=application.call.programme_round.programme_id)),
            None),
    }


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for(request.user, pk)
    return render(request, "calls/application_detail.html", _detail_context(request, application))


@login_required
@require_POST
def application_start(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    own = selectors.own_applications_to(request.user, call)
    chosen = [row for row in own if str(row.municipality.pk) == request.POST.get("municipality")] or own[:1]
    if not chosen:
        raise PermissionDenied
    row = chosen[0]
    if row.application is not None:
        return redirect("calls:application_edit", pk=row.application.pk)
    try:
        application = services.application_create(actor=request.user, call=call, municipality=row.municipality)
    except ValidationError as exc:
        for message in service_error_messages(exc):
            messages.error(request, message)
        return redirect("calls:call_detail", pk=call.pk)
    messages.success(request, _("The application is started. It is saved as a draft until you submit it."))
    return redirect("calls:application_edit", pk=application.pk)


def _editable(request: HttpRequest, pk: int) -> Application:
    application = selectors.application_for(request.user, pk)
    if not access.can_edit_application(request.user, application):
        raise PermissionDenied
    return application


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _editable(request, pk)
    if application.status != Application.Status.DRAFT:
        messages.error(request, service_error_messages(ValidationError("", code="not_draft"))[0])
        return redirect("calls:application_detail", pk=application.pk)
    if request.method == "GET":
        form = ApplicationForm(initial={"version": application.version,
                                        **{n: getattr(application, n) for n in ApplicationForm.SECTIONS}})
        contacts = ContactFormSet(prefix="contacts", initial=[
            {"name": c.name, "role": c.role, "email": c.email} for c in application.contacts.all()])
        return _edit_page(request, application, form, contacts)
    if "add_contact" in request.POST:  # one more contact row, without JavaScript: nothing is saved or checked
        return _edit_page(request, application, ApplicationForm(initial=request.POST.dict()), ContactFormSet(
            prefix="contacts", initial=ContactFormSet.posted_rows(request.POST, "contacts")), added=True)
    form, contacts = ApplicationForm(request.POST), ContactFormSet(request.POST, prefix="contacts")
    if not (form.is_valid() and contacts.is_valid()):
        return _edit_page(request, application, form, contacts)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        services.application_save(actor=request.user, application=application, expected_version=version,
                                  contacts=[services.Contact(**row) for row in contacts.filled()], **data)
    except ValidationError as exc:
        if getattr(exc, "code", None) == "stale_version":
            return _conflict_page(request, application, form, contacts)
        for message in service_error_messages(exc):
            form.add_error(None, message)
        return _edit_page(request, application, form, contacts)
    messages.success(request, _("The draft is saved."))
    return redirect("calls:application_edit", pk=application.pk)


def _edit_page(request, application, form, contacts, *, conflict=None, added=False, status=200) -> HttpResponse:
    return render(request, "calls/application_form.html", {
        "application": application, "form": form, "contacts": contacts, "conflict": conflict, "added": added,
        "deadline": selectors.deadline_for(application.call, application.municipality),
        "errors": form.error_links() + contacts.error_links() if form.is_bound and not added else [],
    }, status=status)


def _conflict_page(request, application, form, contacts) -> HttpResponse:
    """Nothing is saved: show the other person's text beside the user's, and carry the current version so the
    user's next save (after merging) is accepted."""
    current = Application.objects.get(pk=application.pk)
    theirs_contacts = [f"{c.name}, {c.role}, {c.email}" for c in current.contacts.all()]
    yours_contacts = [f"{r['name']}, {r['role']}, {r['email']}" for r in contacts.filled()]
    fields = [(form.fields[n].label, getattr(current, n), form.cleaned_data[n]) for n in ApplicationForm.SECTIONS]
    conflict = {
        "by": current.updated_by, "at": current.updated_at,
        "fields": [(label, theirs, yours) for label, theirs, yours in fields if theirs != yours],
        "contacts": (theirs_contacts, yours_contacts) if theirs_contacts != yours_contacts else None,
    }
    data = request.POST.copy()
    data["version"] = str(current.version)
    return _edit_page(request, current, ApplicationForm(data), ContactFormSet(data, prefix="contacts"),
                      conflict=conflict, added=True, status=409)


@login_required
@require_GET
def contact_row(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: one more blank contact row, and the formset's row count (out of band)."""
    _editable(request, pk)
    try:
        index = max(0, min(int(request.GET.get("contacts-TOTAL_FORMS", "0")), 19))
    except ValueError:
        index = 0
    form = ContactForm(prefix=f"contacts-{index}")
    form.describe_fields()
    return render(request, "calls/_contact_row_added.html", {"form": form, "index": index, "total": index + 1})


@login_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _editable(request, pk)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was out of date. Reload the page and try again."))
        return redirect("calls:application_detail", pk=application.pk)
    try:
        services.application_submit(actor=request.user, application=application,
                                    expected_version=form.cleaned_data["version"])
    except ValidationError as exc:
        for message in service_error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("The application is submitted."))
    return redirect("calls:application_detail", pk=application.pk)


@login_required
@require_POST
def application_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for(request.user, pk)
    if not access.can_govern_call(request.user, application.call):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.application_reopen(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as exc:
            for message in service_error_messages(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("The application is reopened; the municipality can change it again."))
            return redirect("calls:application_detail", pk=application.pk)
    context = _detail_context(request, application, reopen_form=form)
    return render(request, "calls/application_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def political_decision(request: HttpRequest, pk: int) -> HttpResponse:
    application = _editable(request, pk)
    if selectors.political_decision_of(application) is not None:
        messages.info(request, service_error_messages(ValidationError("", code="decision_exists"))[0])
        return redirect("calls:application_detail", pk=application.pk)
    form = PoliticalDecisionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.political_decision_record(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as exc:
            for message in service_error_messages(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("The political decision is recorded."))
            return redirect("calls:application_detail", pk=application.pk)
    return render(request, "calls/political_decision_form.html", {
        "application": application, "form": form,
        "final_deadline": selectors.deadline_for(application.call, application.municipality, final=True)})


@login_required
@require_GET
def political_decision_document(request: HttpRequest, pk: int) -> FileResponse:
    decision = selectors.political_decision_for(request.user, pk)
    if not decision.document:
        raise Http404("no document")
    name = f"politisk-vedtak-{decision.application.municipality.number}-{decision.decided_on:%Y-%m-%d}.pdf"
    return FileResponse(decision.document.open("rb"), as_attachment=True, filename=name,
                        content_type="application/pdf")
