"""Follow-up: projects with their facts and yearly reports for the readers of samla/accounts/access.py; the
municipality saves its own report (send the version you read: 409 when someone saved in between) through
samla.followup.services. A missing and an out-of-scope object answer alike (404)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from samla.accounts import access
from samla.allocation.models import Programme
from samla.api import schemas
from samla.api.endpoints.rows import MappedRows
from samla.followup import selectors, services
from samla.followup.models import Project, YearlyReport

router = Router(tags=["follow-up"])
ERRORS = {403: schemas.Error, 404: schemas.Error, 409: schemas.Error, 422: schemas.ValidationErrors}


class MoneyYear(Schema):
    year: int
    pot: int | None
    spent: int | None
    carry_over_in: int
    carry_over_out: int | None
    repay: int | None
    report_status: str | None


class ProjectOut(Schema):
    id: int
    programme: str
    municipality: schemas.Municipality
    region: str
    years: list[MoneyYear]
    measures: dict[str, object]
    sectors: dict[str, list[str]]
    dykos_steps_done: int


class ReportOut(Schema):
    id: int
    project: int
    year: int
    status: str
    version: int
    deadline: str
    pot: int
    carry_in: int
    spending: dict[str, int]
    carry_out: int
    repay: int
    reflections: str


class ReportSave(Schema):
    version: int
    spending: dict[int, int]  # measure id → NOK
    carry_out: int = 0
    reflections: str = ""


def _auth(request: HttpRequest) -> Any:
    """The signed-in user django-ninja's authentication put on the request (session or token)."""
    return getattr(request, "auth")  # noqa: B009 - the attribute is added at run time, unknown to the stubs


def _project_out(facts: selectors.ProjectFacts) -> dict:
    p = facts.project
    return {
        "id": p.pk, "programme": p.programme.slug,
        "municipality": {"number": p.municipality.number, "name": p.municipality.name},
        "region": p.municipality.region.name if p.municipality.region else "",
        "years": [{**{k: v for k, v in y.items() if k != "status"}, "report_status": y["status"]} for y in facts.years],
        "measures": {"total": facts.measures_total, "new": facts.measures_new, "continued": facts.measures_continued,
                     "by_age_band": facts.by_age_band, "by_prevention_level": facts.by_prevention_level,
                     "by_innovation": facts.by_innovation},
        "sectors": {"steering_group": list(facts.steering_group), "working_group": list(facts.working_group)},
        "dykos_steps_done": facts.steps_done,
    }


def _visible_project(user, project_id: int) -> Project:
    project = Project.objects.select_related("programme", "municipality__region").filter(pk=project_id).first()
    if project is None or not access.can_read_project(user, project):
        raise Http404("no such project")
    return project


def _report_out(report: YearlyReport) -> dict:
    account = selectors.account_of(report)
    return {"id": report.pk, "project": report.project_id, "year": report.year, "status": report.status,
            "version": report.version, "deadline": report.deadline.isoformat(), "pot": account.pot,
            "carry_in": account.carry_in, "spending": dict(account.spent), "carry_out": account.carry_out,
            "repay": account.repay, "reflections": report.reflections}


@router.get("/followup/projects", response=list[ProjectOut],
            summary="Follow-up projects you may read, with their money per year, measures, sectors and steps")
@paginate(PageNumberPagination, page_size=50)
def project_list(request: HttpRequest, programme: str | None = None):
    found = None if programme is None else Programme.objects.filter(slug=programme).first()
    if programme is not None and found is None:
        return []
    facts = selectors.project_facts(selectors.projects_visible_to(_auth(request), found))
    return MappedRows(facts, _project_out)


@router.get("/followup/projects/{int:project_id}", response={200: ProjectOut, 404: schemas.Error})
def project_detail(request: HttpRequest, project_id: int):
    project = _visible_project(_auth(request), project_id)
    return _project_out(selectors.project_facts(Project.objects.filter(pk=project.pk))[0])


@router.get("/followup/projects/{int:project_id}/reports", response=list[ReportOut],
            summary="The project's yearly reports (the pot is the locked allocation run's amount)")
def report_list(request: HttpRequest, project_id: int):
    project = _visible_project(_auth(request), project_id)
    return [_report_out(r) for r in project.reports.order_by("year")]


@router.put("/followup/reports/{int:report_id}", response={200: ReportOut, **ERRORS},
            summary="Save your municipality's yearly report (send the version you read)")
def report_save(request: HttpRequest, report_id: int, payload: ReportSave):
    report = YearlyReport.objects.select_related("project__municipality__region", "project__programme") \
        .filter(pk=report_id).first()
    if report is None or not access.can_read_project(_auth(request), report.project):
        raise Http404("no such report")
    if not access.can_edit_project(_auth(request), report.project):
        raise PermissionDenied(services.NOT_OWN)
    saved = services.report_save(actor=_auth(request), report=report, expected_version=payload.version,
                                 spending=payload.spending, carry_out=payload.carry_out,
                                 reflections=payload.reflections)
    return Status(200, _report_out(saved))
