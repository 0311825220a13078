"""The follow-up pages: the municipality runs its project; the county governor reviews reports and records network
meetings; the competence centre comments; the directorate, county governors, competence centres and evaluator
read the overviews. Every view asks samla/accounts/access.py first; a missing and an out-of-scope object answer
alike (403)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samla.accounts import access
from samla.allocation.models import Programme
from samla.followup import charts, forms, selectors, services
from samla.followup.models import STEPS, CooperationStep, Member, Step, YearlyReport
from samla.web.lists import Column, export_format, export_response, paginate

NOT_ALLOWED = selectors.NOT_ALLOWED


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(NOT_ALLOWED)


def _errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


# --- Index and project ---------------------------------------------------------------------------------------

@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _require(access.can_open_followup(request.user))
    return render(request, "followup/index.html", {
        "projects": selectors.projects_visible_to(request.user),
        "startable": selectors.startable_participations(request.user),
        "programmes": Programme.objects.filter(projects__isnull=False).distinct(),
        "can_overview": access.can_read_followup_overview(request.user),
    })


@login_required
@require_POST
def project_start(request: HttpRequest, programme_id: int, municipality_id: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=programme_id)
    from samla.registry.models import Municipality

    municipality = Municipality.objects.filter(pk=municipality_id).first()
    if municipality is None or municipality.pk not in access.scope_of(request.user).municipalities:
        raise PermissionDenied(NOT_ALLOWED)
    try:
        project = services.project_start(actor=request.user, programme=programme, municipality=municipality)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("followup:index")
    return redirect("followup:project", pk=project.pk)


def _project_context(request: HttpRequest, project, **forms_: object) -> dict[str, object]:
    user = request.user
    allocation = selectors.decided_allocation(project)
    years = []
    reports = {r.year: r for r in project.reports.all()}
    for year in project.programme.years:
        continued, by_scheme = selectors.continued_grants(project, year, allocation)
        years.append({"year": year, "pot": selectors.pot_of(project, year, allocation), "report": reports.get(year),
                      "continued": continued, "by_scheme": by_scheme})
    can_edit = access.can_edit_project(user, project)
    return {
        "project": project, "breadth": selectors.breadth_of(project), "steps": selectors.steps_of(project),
        "measures": project.measures.prefetch_related("budgets"), "years": years,
        "members": project.members.all(), "challenges": project.challenges.all(),
        "indicators": project.indicators.select_related("indicator").prefetch_related("values"),
        "comments": project.comments.select_related("author"), "can_edit": can_edit,
        "can_comment": access.can_comment_project(user, project),
        "member_form": forms_.get("member_form") or (forms.MemberForm() if can_edit else None),
        "challenge_form": forms_.get("challenge_form") or (forms.ChallengeForm() if can_edit else None),
        "indicator_form": forms_.get("indicator_form") or (forms.BaselineIndicatorForm() if can_edit else None),
        "comment_form": forms_.get("comment_form") or forms.CommentForm(),
        "grants": _grants_received(project),
    }


def _grants_received(project) -> list[tuple[str, str, int, int]]:
    """The state grants the municipality received before the programme (the baseline's prefill): from the
    scheme register's awards, (key, title, year, NOK)."""
    from samla.schemes.models import Award

    return [(a.scheme.key, a.scheme.title, a.year, a.amount) for a in Award.objects.filter(
        municipality=project.municipality, year__lt=project.programme.first_year).select_related("scheme")
        .order_by("-year", "scheme__key") if a.amount]


@login_required
@require_GET
def project(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_for(request.user, pk)
    return render(request, "followup/project.html", _project_context(request, project))


def _project_post(request: HttpRequest, pk: int, form_class, name: str, write) -> HttpResponse:
    """The small forms of the project page: validate, write through the service, back to the page (or the page
    again with the errors, status 400)."""
    project = selectors.project_for(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            write(project, form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, gettext("Saved."))
            return redirect("followup:project", pk=project.pk)
    return render(request, "followup/project.html", _project_context(request, project, **{name: form}), status=400)


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_post(request, pk, forms.MemberForm, "member_form", lambda project, d: services.member_add(
        actor=request.user, project=project, body=d["body"], sector=d["sector"], function=d["function"]))


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = Member.objects.select_related("project__municipality").filter(pk=pk).first()
    if member is None or not access.can_read_project(request.user, member.project):
        raise PermissionDenied(NOT_ALLOWED)
    services.member_remove(actor=request.user, member=member)
    messages.success(request, gettext("Removed."))
    return redirect("followup:project", pk=member.project_id)


@login_required
@require_POST
def challenge_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_post(request, pk, forms.ChallengeForm, "challenge_form", lambda project, d: services.challenge_add(
        actor=request.user, project=project, sector=d["sector"], text=d["text"]))


@login_required
@require_POST
def indicator_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_post(request, pk, forms.BaselineIndicatorForm, "indicator_form",
                         lambda project, d: services.baseline_indicator_add(
                             actor=request.user, project=project, indicator=d["indicator"], name=d["name"],
                             baseline_value=d["baseline_value"], baseline_year=d["baseline_year"],
                             source=d["source"]))


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_post(request, pk, forms.CommentForm, "comment_form", lambda project, d: services.comment_add(
        actor=request.user, project=project, text=d["text"]))


# --- Measures -------------------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_for(request.user, pk)
    _require(access.can_edit_project(request.user, project))
    form = forms.MeasureForm(request.POST or None, years=project.programme.years)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_create(actor=request.user, project=project, data=form.measure_input())
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, gettext("The measure is saved."))
            return redirect("followup:project", pk=project.pk)
    return render(request, "followup/measure_form.html", {"project": project, "form": form, "measure": None},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_for(request.user, pk)
    project = measure.project
    editable = access.can_edit_project(request.user, project)
    if request.method == "POST":
        _require(editable)
    form = forms.MeasureForm(request.POST or None, years=project.programme.years,
                             initial=forms.MeasureForm.initial_of(measure))
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_update(actor=request.user, measure=measure,
                                    expected_version=form.cleaned_data.get("version") or 0,
                                    data=form.measure_input())
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, gettext("The measure is saved."))
            return redirect("followup:project", pk=project.pk)
    return render(request, "followup/measure_form.html", {"project": project, "form": form, "measure": measure,
                                                          "editable": editable},
                  status=400 if form.errors else 200)


# --- The cooperation process ----------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def step_record(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    project = selectors.project_for(request.user, pk)
    _require(step in STEPS)
    recorded = CooperationStep.objects.filter(project=project, step=step).prefetch_related("priorities").first()
    can_edit = access.can_edit_project(request.user, project) and recorded is None
    if request.method == "POST":
        _require(can_edit)
    form = forms.StepForm(request.POST or None, request.FILES or None, step=step)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.step_record(actor=request.user, project=project, step=step, held_on=d["held_on"],
                                 sectors=d["sectors"], summary=d["summary"], decided_by=d["decided_by"], how=d["how"],
                                 document=d.get("document"), priorities=form.priorities())
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, gettext("The step is recorded."))
            return redirect("followup:project", pk=project.pk)
    return render(request, "followup/step.html", {
        "project": project, "step": step, "step_label": Step(step).label, "recorded": recorded, "form": form,
        "can_edit": can_edit, "position": STEPS.index(step) + 1,
    }, status=400 if form.errors else 200)


@login_required
@require_GET
def step_document(request: HttpRequest, pk: int) -> FileResponse:
    step = CooperationStep.objects.select_related("project__municipality").filter(pk=pk).first()
    if step is None or not step.document or not access.can_read_project(request.user, step.project):
        raise PermissionDenied(NOT_ALLOWED)
    return FileResponse(step.document.open("rb"), content_type="application/pdf",
                        filename=f"samarbeidssteg-{step.step}-{step.held_on}.pdf")


# --- Yearly reports -------------------------------------------------------------------------------------------

def _report_page(request: HttpRequest, report: YearlyReport, form=None, review_form=None, reason_form=None,
                 clawback_form=None, status: int = 200) -> HttpResponse:
    project = report.project
    measures = list(project.measures.all())
    editable = access.can_edit_project(request.user, project) and report.editable
    account = selectors.account_of(report)
    continued, by_scheme = selectors.continued_grants(project, report.year)
    if form is None and editable:
        form = forms.ReportForm(measures=measures, initial=forms.ReportForm.initial_of(report))
    reviewer = access.can_review_report(request.user, project)
    return render(request, "followup/report.html", {
        "project": project, "report": report, "account": account, "form": form, "editable": editable,
        "spending": report.spending.select_related("measure"), "continued": continued, "by_scheme": by_scheme,
        "pot_decided": selectors.pot_of(project, report.year) is not None,
        "late": report.status in (YearlyReport.Status.DRAFT, YearlyReport.Status.RETURNED)
        and report.deadline < timezone.localdate(),
        "can_review": reviewer and report.status == YearlyReport.Status.SUBMITTED,
        "can_reopen": reviewer and report.status in (YearlyReport.Status.SUBMITTED, YearlyReport.Status.APPROVED),
        "review_form": review_form or forms.ReviewForm(), "reason_form": reason_form or forms.ReasonForm(),
        "clawback_form": clawback_form or forms.ClawbackForm(),
        "clawbacks": report.clawbacks.select_related("decided_by"), "reopenings": report.reopenings.all(),
        "can_submit": editable and report.spending.exists(),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    project = selectors.project_for(request.user, pk)
    if year not in project.programme.years:
        raise PermissionDenied(NOT_ALLOWED)
    found = YearlyReport.objects.filter(project=project, year=year).first()
    if found is None:
        _require(access.can_edit_project(request.user, project))
        found = services.report_open(actor=request.user, project=project, year=year)
    if request.method == "GET":
        return _report_page(request, found)
    _require(access.can_edit_project(request.user, project))
    form = forms.ReportForm(request.POST, measures=list(project.measures.all()))
    if form.is_valid():
        try:
            saved = services.report_save(actor=request.user, report=found,
                                         expected_version=form.cleaned_data["version"], spending=form.spending(),
                                         carry_out=form.cleaned_data.get("carry_out") or 0,
                                         reflections=form.cleaned_data["reflections"])
            if "submit" in request.POST:
                services.report_submit(actor=request.user, report=saved, expected_version=saved.version)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, gettext("The report is submitted.") if "submit" in request.POST
                             else gettext("The report is saved."))
            return redirect("followup:report", pk=project.pk, year=year)
    return _report_page(request, YearlyReport.objects.get(pk=found.pk), form=form, status=400)


def _reviewed(request: HttpRequest, pk: int) -> YearlyReport:
    found = selectors.report_for(request.user, pk)
    _require(access.can_review_report(request.user, found.project))
    return found


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    found = _reviewed(request, pk)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.report_approve(actor=request.user, report=found, comment=form.cleaned_data["comment"])
                messages.success(request, gettext("The report is approved."))
            else:
                services.report_return(actor=request.user, report=found, comment=form.cleaned_data["comment"])
                messages.success(request, gettext("The report is sent back to the municipality."))
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("followup:report", pk=found.project_id, year=found.year)
    return _report_page(request, found, review_form=form, status=400)


@login_required
@require_POST
def report_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    found = _reviewed(request, pk)
    form = forms.ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.report_reopen(actor=request.user, report=found, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, gettext("The report is open again for the municipality."))
            return redirect("followup:report", pk=found.project_id, year=found.year)
    return _report_page(request, found, reason_form=form, status=400)


@login_required
@require_POST
def clawback(request: HttpRequest, pk: int) -> HttpResponse:
    found = _reviewed(request, pk)
    form = forms.ClawbackForm(request.POST)
    if form.is_valid():
        try:
            services.clawback_decide(actor=request.user, report=found, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, gettext("The claw-back decision is recorded."))
            return redirect("followup:report", pk=found.project_id, year=found.year)
    return _report_page(request, found, clawback_form=form, status=400)


# --- Overviews --------------------------------------------------------------------------------------------------

def _pct(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)} %"


def _by_age_band(band: str) -> Callable[[selectors.ProjectFacts], int]:
    return lambda f: f.by_age_band[band]


def _by_level(level: str) -> Callable[[selectors.ProjectFacts], int]:
    return lambda f: f.by_prevention_level[level]


OVERVIEW_COLUMNS = [
    Column("municipality", _("Municipality"), lambda f: f.project.municipality.name),
    Column("number", _("Municipality number"), lambda f: f.project.municipality.number),
    Column("region", _("Region"), lambda f: f.project.municipality.region.name if f.project.municipality.region
           else ""),
    Column("pot", _("Pot (NOK)"), lambda f: sum(y["pot"] or 0 for y in f.years)),
    Column("spent", _("Spent (NOK)"), lambda f: sum(y["spent"] or 0 for y in f.years)),
    Column("carry_over", _("Carried over, last report (NOK)"),
           lambda f: next((y["carry_over_out"] for y in reversed(f.years) if y["carry_over_out"] is not None), "")),
    Column("measures", _("Measures"), lambda f: f.measures_total),
    Column("new", _("New measures"), lambda f: f.measures_new),
    Column("continued", _("Continued measures"), lambda f: f.measures_continued),
    *[Column(f"age_{band}", label, _by_age_band(band)) for band, label in (
        ("0-5", _("0–5 years")), ("6-12", _("6–12 years")), ("13-18", _("13–18 years")),
        ("19-24", _("19–24 years")), ("families", _("Families")))],
    *[Column(f"prevention_{level}", label, _by_level(level)) for level, label in (
        ("universal", _("Universal")), ("selective", _("Selective")), ("indicated", _("Indicated")))],
    Column("innovation_national", _("New nationally"), lambda f: f.by_innovation["national"]),
    Column("steering_group", _("Sectors in the steering group"), lambda f: len(f.steering_group)),
    Column("working_group", _("Sectors in the working group"), lambda f: len(f.working_group)),
    Column("steps", _("Cooperation steps done (of 6)"), lambda f: f.steps_done),
]


@login_required
@require_GET
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    _require(access.can_read_followup_overview(request.user))
    programme = get_object_or_404(Programme, slug=slug)
    projects = selectors.projects_visible_to(request.user, programme)
    chosen = [int(n) for n in request.GET.getlist("compare") if n.isdigit()]
    facts = selectors.project_facts(projects)
    if fmt := export_format(request):
        return export_response(OVERVIEW_COLUMNS, facts, filename=f"followup-{programme.slug}", fmt=fmt)
    regions = access.followup_regions(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "followup/overview.html", {
        "programme": programme, "facts": facts, "page": paginate(request, facts), "query": query.urlencode(),
        "columns": OVERVIEW_COLUMNS,
        "compared": [f for f in facts if f.project.pk in chosen],
        "late": selectors.late_reports(programme, timezone.localdate(), regions),
        "chart": charts.age_band_chart(facts), "can_remind": bool(
            access.scope_of(request.user).regions.get("county_governor")),
        "meetings": selectors.network_meetings_visible_to(request.user, programme),
    })


@login_required
@require_POST
def remind(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    sent = services.reports_remind(actor=request.user, programme=programme)
    messages.success(request, gettext("%(count)s reminders were sent.") % {"count": sent})
    return redirect("followup:overview", slug=programme.slug)


@login_required
@require_http_methods(["GET", "POST"])
def meetings(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    _require(access.can_open_followup(request.user))
    regions = sorted(access.scope_of(request.user).regions.get("county_governor", frozenset()))
    form = None
    if regions:
        from samla.registry.models import Municipality

        municipalities = Municipality.objects.filter(participations__programme=programme,
                                                     region_id__in=regions).order_by("name")
        form = forms.MeetingForm(request.POST or None, request.FILES or None, municipalities=municipalities)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(NOT_ALLOWED)
        if form.is_valid():
            d = form.cleaned_data
            region = d["municipalities"][0].region
            try:
                services.network_meeting_record(actor=request.user, programme=programme, region=region,
                                                held_on=d["held_on"], theme=d["theme"],
                                                municipalities=list(d["municipalities"]), sectors=d["sectors"],
                                                notes=d["notes"], document=d.get("document"))
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, gettext("The meeting is recorded."))
                return redirect("followup:meetings", slug=programme.slug)
    return render(request, "followup/meetings.html", {
        "programme": programme, "meetings": selectors.network_meetings_visible_to(request.user, programme),
        "form": form}, status=400 if form is not None and form.errors else 200)


@login_required
@require_GET
def my_figures(request: HttpRequest, slug: str) -> HttpResponse:
    """A municipality's own figures beside the anonymised group of the programme (groups smaller than the
    evaluation's minimum are suppressed)."""
    programme = get_object_or_404(Programme, slug=slug)
    own = selectors.projects_visible_to(request.user, programme).filter(
        municipality_id__in=access.scope_of(request.user).municipalities).first()
    if own is None:
        raise PermissionDenied(NOT_ALLOWED)
    return render(request, "followup/my_figures.html", {
        "programme": programme, "comparison": selectors.group_comparison(programme, own)})


@login_required
@require_GET
def evidence(request: HttpRequest) -> HttpResponse:
    """The evaluator's view: each municipality's reflection-form answers beside its follow-up facts."""
    from django.utils.translation import get_language

    from samla.evaluation.models import Form
    from samla.followup import evidence as evidence_module

    _require(access.can_read_survey_details(request.user))
    forms_ = list(Form.objects.order_by("name"))
    chosen = next((f for f in forms_ if str(f.pk) == request.GET.get("form")), forms_[0] if forms_ else None)
    found = None if chosen is None else evidence_module.evidence_for(
        request.user, form=chosen, wave=request.GET.get("wave"), item_codes=request.GET.getlist("item"),
        language=(get_language() or "nb")[:2])
    items = len(found.items) if found else 0
    return render(request, "followup/evidence.html", {
        "forms": forms_, "form": chosen, "found": found, "step_codes": STEPS,
        "columns": 1 + items + 3 + len(STEPS) + 2, "fact_columns": 3 + len(STEPS) + 2})
