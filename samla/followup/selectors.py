"""Reads of the follow-up module: projects within the reader's scope, the money of a report year (the pot from the
programme's locked allocation run, never a fresh computation), the breadth of cooperation, and the overviews."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from samla.accounts import access
from samla.allocation.models import Programme
from samla.allocation.selectors import StoredAllocation, locked_allocation
from samla.core.followup import YearAccount, problems_of
from samla.followup.models import (
    AGE_BANDS,
    SECTORS,
    STEPS,
    Body,
    CooperationStep,
    Measure,
    NetworkMeeting,
    Novelty,
    Project,
    YearlyReport,
)

NOT_ALLOWED = _("You do not have access to this page.")


def _projects() -> QuerySet[Project]:
    return Project.objects.select_related("programme", "municipality__region")


def projects_visible_to(user, programme: Programme | None = None) -> QuerySet[Project]:
    """The projects the user may read (``access.can_read_project``), as a query."""
    rows = _projects()
    if programme is not None:
        rows = rows.filter(programme=programme)
    scope = access.scope_of(user)
    regions = access.followup_regions(user)
    if regions is None:
        return rows
    return rows.filter(municipality_id__in=scope.municipalities) | rows.filter(municipality__region_id__in=regions)


def project_for(user, pk: int) -> Project:
    """One project; ``PermissionDenied`` alike for a missing one and one out of scope."""
    project = _projects().filter(pk=pk).first()
    if project is None or not access.can_read_project(user, project):
        raise PermissionDenied(NOT_ALLOWED)
    return project


def report_for(user, pk: int) -> YearlyReport:
    report = YearlyReport.objects.select_related("project__programme", "project__municipality__region").filter(
        pk=pk).first()
    if report is None or not access.can_read_project(user, report.project):
        raise PermissionDenied(NOT_ALLOWED)
    return report


def measure_for(user, pk: int) -> Measure:
    measure = Measure.objects.select_related("project__programme", "project__municipality__region").filter(
        pk=pk).first()
    if measure is None or not access.can_read_project(user, measure.project):
        raise PermissionDenied(NOT_ALLOWED)
    return measure


def startable_participations(user) -> list[tuple[Programme, object]]:
    """(programme, municipality) pairs where the user's municipality takes part and has no project yet."""
    from samla.allocation.models import Participant

    scope = access.scope_of(user)
    existing = set(Project.objects.filter(municipality_id__in=scope.municipalities).values_list(
        "programme_id", "municipality_id"))
    return [(p.programme, p.municipality) for p in Participant.objects.filter(
        municipality_id__in=scope.municipalities).select_related("programme", "municipality")
        if (p.programme_id, p.municipality_id) not in existing]


# --- Money --------------------------------------------------------------------------------------------------

def decided_allocation(project: Project) -> StoredAllocation | None:
    return locked_allocation(project.programme)


class _Unread:
    """No allocation given: read the programme's locked run (None, given, means: read, and there is none)."""


UNREAD = _Unread()


def pot_of(project: Project, year: int, allocation: StoredAllocation | None | _Unread = UNREAD) -> int | None:
    """The decided amount for the project's municipality in ``year`` (None before a run is locked)."""
    allocation = decided_allocation(project) if isinstance(allocation, _Unread) else allocation
    return None if allocation is None else allocation.amount_for(project.municipality_id, year)


def continued_grants(project: Project, year: int, allocation: StoredAllocation | None | _Unread = UNREAD
                     ) -> tuple[int, tuple[tuple[str, int], ...]]:
    """Earlier grants running beside the pot in ``year``, from the locked run: (total, by scheme)."""
    allocation = decided_allocation(project) if isinstance(allocation, _Unread) else allocation
    row = None if allocation is None else allocation.row_for(project.municipality_id, year)
    return (0, ()) if row is None else (row.continuations, row.by_scheme)


def carry_in_of(report: YearlyReport) -> int:
    """What the year before carried over (0 in the first year, or when that year has no report yet)."""
    previous = YearlyReport.objects.filter(project_id=report.project_id, year=report.year - 1).first()
    return 0 if previous is None else previous.carry_out


def account_of(report: YearlyReport, *, spent: dict[str, int] | None = None, carry_out: int | None = None,
               pot: int | None = None) -> YearAccount:
    """The report's money as the core sees it; ``spent``/``carry_out`` override the stored figures (a form)."""
    pot = pot if pot is not None else (pot_of(report.project, report.year) or 0)
    if spent is None:
        spent = {str(s.measure_id): s.amount for s in report.spending.all()}
    carry_out = report.carry_out if carry_out is None else carry_out
    carry_in = carry_in_of(report)
    unspent = pot + carry_in - sum(spent.values())
    clawback = sum(c.amount for c in report.clawbacks.all()) if report.pk else 0
    return YearAccount(report.year, pot, carry_in, spent, carry_out, max(unspent - carry_out, 0), clawback)


def account_problems(account: YearAccount) -> list[str]:
    return problems_of(account)


def late_reports(programme: Programme, today: datetime.date, regions: Iterable[int] | None = None
                 ) -> list[tuple[Project, int, YearlyReport | None]]:
    """(project, year, report or None) for every programme year whose deadline has passed without a submitted
    report: the list the county governor follows up."""
    from samla.followup.models import report_deadline

    rows = []
    projects = Project.objects.filter(programme=programme).select_related("municipality__region")
    if regions is not None:
        projects = projects.filter(municipality__region_id__in=list(regions))
    reports = {(r.project_id, r.year): r for r in YearlyReport.objects.filter(project__in=projects)}
    for project in projects:
        for year in programme.years:
            report = reports.get((project.pk, year))
            deadline = report.deadline if report else report_deadline(year)
            if deadline < today and (report is None or report.status in (YearlyReport.Status.DRAFT,
                                                                          YearlyReport.Status.RETURNED)):
                rows.append((project, year, report))
    return rows


# --- Breadth of cooperation ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Breadth:
    """Which sectors take part in which body and in which step of the cooperation process."""

    columns: tuple[tuple[str, str], ...]  # (kind, code): ("body", "steering_group") or ("step", "needs")
    rows: tuple[tuple[str, tuple[bool, ...]], ...]  # (sector, one mark per column)

    def sectors_in(self, kind: str, code: str) -> list[str]:
        index = self.columns.index((kind, code))
        return [sector for sector, marks in self.rows if marks[index]]


def breadth_of(project: Project) -> Breadth:
    in_body = {(m.body, m.sector) for m in project.members.all()}
    in_step = {(s.step, sector) for s in project.steps.all() for sector in s.sectors}
    columns = tuple([("body", b) for b in Body.values] + [("step", s) for s in STEPS])
    rows = tuple((sector, tuple((code, sector) in (in_body if kind == "body" else in_step) for kind, code in columns))
                 for sector in SECTORS)
    return Breadth(columns, rows)


@dataclass(frozen=True)
class StepStatus:
    step: str
    record: CooperationStep | None

    @property
    def done(self) -> bool:
        return self.record is not None


def steps_of(project: Project) -> list[StepStatus]:
    recorded = {s.step: s for s in project.steps.all()}
    return [StepStatus(step, recorded.get(step)) for step in STEPS]


# --- Overviews: the "measurement parameters" ------------------------------------------------------------------

@dataclass(frozen=True)
class ProjectFacts:
    """What a project's follow-up shows in figures: money per year, measures, breadth and steps."""

    project: Project
    years: tuple[dict[str, int | str | None], ...]  # per programme year: year, pot, spent, carry, repay
    measures_total: int
    measures_new: int
    measures_continued: int
    by_age_band: dict[str, int]
    by_prevention_level: dict[str, int]
    by_innovation: dict[str, int]
    steering_group: tuple[str, ...]
    working_group: tuple[str, ...]
    steps_done: int
    step_sectors: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def share_new(self) -> float | None:
        return None if not self.measures_total else self.measures_new / self.measures_total

    @property
    def age_bands_covered(self) -> int:
        return sum(1 for n in self.by_age_band.values() if n)


def _projects_with_facts(projects: QuerySet[Project]) -> QuerySet[Project]:
    # The reports with their spending summed in the database: no spending row is needed here.
    return projects.prefetch_related(
        "members", "steps", Prefetch("measures", queryset=Measure.objects.all()),
        Prefetch("reports", queryset=YearlyReport.objects.annotate(spent_total=Sum("spending__amount"))))


def project_facts(projects: QuerySet[Project], year: int | None = None) -> list[ProjectFacts]:
    """The figures of each project (all programme years, or one)."""
    allocations: dict[int, StoredAllocation | None] = {}
    out = []
    for project in _projects_with_facts(projects):
        if project.programme_id not in allocations:
            allocations[project.programme_id] = locked_allocation(project.programme)
        allocation = allocations[project.programme_id]
        reports = {r.year: r for r in project.reports.all()}
        years: list[dict[str, int | str | None]] = []
        carry_in = 0
        for y in project.programme.years:
            pot = pot_of(project, y, allocation)
            report = reports.get(y)
            spent = (getattr(report, "spent_total", None) or 0) if report else None
            carry_out = report.carry_out if report else None
            repay = None if report is None or pot is None else max(pot + carry_in - (spent or 0) - (carry_out or 0), 0)
            if year is None or y == year:
                years.append({"year": y, "pot": pot, "spent": spent, "carry_over_in": carry_in,
                              "carry_over_out": carry_out, "repay": repay,
                              "status": report.status if report else None})
            carry_in = carry_out or 0
        measures = list(project.measures.all())
        ages = Counter(band for m in measures for band in m.age_bands)
        members = list(project.members.all())
        steps = list(project.steps.all())
        out.append(ProjectFacts(
            project=project, years=tuple(years), measures_total=len(measures),
            measures_new=sum(1 for m in measures if m.novelty == Novelty.NEW),
            measures_continued=sum(1 for m in measures if m.novelty == Novelty.CONTINUED),
            by_age_band={band: ages.get(band, 0) for band in AGE_BANDS},
            by_prevention_level={level: sum(1 for m in measures if m.prevention_level == level)
                                 for level in ("universal", "selective", "indicated")},
            by_innovation={level: sum(1 for m in measures if m.innovation == level)
                           for level in ("none", "local", "national")},
            steering_group=tuple(sorted({m.sector for m in members if m.body == Body.STEERING_GROUP},
                                        key=SECTORS.index)),
            working_group=tuple(sorted({m.sector for m in members if m.body == Body.WORKING_GROUP},
                                       key=SECTORS.index)),
            steps_done=len(steps),
            step_sectors={s.step: tuple(sorted(set(s.sectors), key=SECTORS.index)) for s in steps},
        ))
    return out


def overview_document(programme: Programme, facts: list[ProjectFacts], year: int | None) -> dict[str, object]:
    """The overview as ``samla followup overview --format json`` prints it: one row per municipality and year."""
    rows = []
    for f in facts:
        for y in f.years:
            rows.append({
                "municipality": f.project.municipality.number, "name": f.project.municipality.name,
                "region": f.project.municipality.region.name if f.project.municipality.region else "",
                "year": y["year"], "pot": y["pot"], "spent": y["spent"], "carry_over_in": y["carry_over_in"],
                "carry_over_out": y["carry_over_out"], "repay": y["repay"], "report_status": y["status"],
                "measures": {"total": f.measures_total, "new": f.measures_new, "continued": f.measures_continued,
                             "by_age_band": f.by_age_band, "by_prevention_level": f.by_prevention_level,
                             "by_innovation": f.by_innovation},
                "sectors": {"steering_group": list(f.steering_group), "working_group": list(f.working_group)},
                "dykos_steps_done": f.steps_done,
            })
    return {"programme": programme.slug, "year": year, "municipalities": rows}


def network_meetings_visible_to(user, programme: Programme | None = None) -> list[NetworkMeeting]:
    rows = NetworkMeeting.objects.select_related("region", "programme").prefetch_related("municipalities")
    if programme is not None:
        rows = rows.filter(programme=programme)
    return [m for m in rows if access.can_read_network_meeting(user, m)]


# --- A municipality's figures beside the anonymised group -----------------------------------------------------

@dataclass(frozen=True)
class Figure:
    label: str
    own: float | int | None
    group: float | None  # the mean of the other municipalities; None when the group is too small to show
    percent: bool = False


@dataclass(frozen=True)
class GroupComparison:
    project: Project
    group_size: int
    suppressed: bool
    figures: tuple[Figure, ...]


def _share_spent(f: ProjectFacts) -> float | None:
    pots = sum(int(y["pot"] or 0) for y in f.years if y["spent"] is not None)
    spent = sum(int(y["spent"] or 0) for y in f.years if y["spent"] is not None)
    return None if not pots else spent / pots


def group_comparison(programme: Programme, project: Project) -> GroupComparison:
    """The project's figures beside the mean of the programme's other projects. As in the evaluation's results,
    a group of fewer than ``DEFAULT_MIN_GROUP`` municipalities is not shown (nobody can be told apart)."""
    from samla.core.survey import DEFAULT_MIN_GROUP

    facts = project_facts(_projects().filter(programme=programme))
    own = next(f for f in facts if f.project.pk == project.pk)
    others = [f for f in facts if f.project.pk != project.pk]
    suppressed = len(others) < DEFAULT_MIN_GROUP

    def mean(values: list[float | int | None]) -> float | None:
        known = [v for v in values if v is not None]
        return None if suppressed or not known else sum(known) / len(known)

    rows: list[tuple[str, object, bool]] = [
        (str(_("Measures")), lambda f: f.measures_total, False),
        (str(_("Share of new measures")), lambda f: f.share_new, True),
        (str(_("Age bands reached (of 5)")), lambda f: f.age_bands_covered, False),
        (str(_("Sectors in the steering group")), lambda f: len(f.steering_group), False),
        (str(_("Sectors in the working group")), lambda f: len(f.working_group), False),
        (str(_("Cooperation steps done (of 6)")), lambda f: f.steps_done, False),
        (str(_("Share of the pot spent (reported years)")), _share_spent, True),
    ]
    figures = tuple(Figure(label, get(own), mean([get(f) for f in others]), percent)  # type: ignore[operator]
                    for label, get, percent in rows)
    return GroupComparison(project, len(others), suppressed, figures)
