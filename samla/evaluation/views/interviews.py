"""The evaluator's log of interviews and workshops, with documents. Visible only to the evaluator."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from samla.accounts import access
from samla.evaluation import selectors, services
from samla.evaluation.forms import InterviewDocumentForm, InterviewEntryForm
from samla.evaluation.views.common import add_service_errors, flash, require
from samla.web.lists import Column, export_format, export_response, paginate

COLUMNS = [
    Column("date", gettext_lazy("Date"), lambda e: e.held_on),
    Column("type", gettext_lazy("Type"), lambda e: e.get_kind_display()),
    Column("roles", gettext_lazy("Participants' roles"), lambda e: "; ".join(e.roles())),
    Column("municipality", gettext_lazy("Municipality"), lambda e: e.municipality.name if e.municipality else ""),
    Column("region", gettext_lazy("Region"), lambda e: e.region.name if e.region else ""),
    Column("themes", gettext_lazy("Themes"), lambda e: e.themes),
]


@login_required
@require_GET
def interview_list(request: HttpRequest) -> HttpResponse:
    entries = selectors.interview_entries_for(request.user)
    kind = request.GET.get("kind", "")
    if kind:
        entries = entries.filter(kind=kind)
    if fmt := export_format(request):
        return export_response(COLUMNS, entries, filename="interview-log", fmt=fmt)
    return render(request, "evaluation/interview_list.html", {"page": paginate(request, entries), "kind": kind,
                                                              "kinds": InterviewEntryForm.base_fields["kind"].choices})


@login_required
@require_http_methods(["GET", "POST"])
def interview_create(request: HttpRequest) -> HttpResponse:
    require(access.can_read_interview_log(request.user))
    form = InterviewEntryForm(request.POST or None, initial={"kind": "interview"})
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.interview_entry_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            flash(request, _("The log entry is saved."))
            return redirect("evaluation:interview_detail", pk=entry.pk)
    return render(request, "evaluation/interview_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.interview_entry_for(request.user, pk)
    form = InterviewDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.interview_document_add(actor=request.user, entry=entry, **form.cleaned_data)
        flash(request, _("The document is attached."))
        return redirect("evaluation:interview_detail", pk=entry.pk)
    return render(request, "evaluation/interview_detail.html", {"entry": entry, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_GET
def interview_document(request: HttpRequest, pk: int) -> FileResponse:
    document = selectors.interview_document_for(request.user, pk)
    return FileResponse(document.file.open("rb"), as_attachment=True,
                        filename=document.file.name.rsplit("/", 1)[-1])


