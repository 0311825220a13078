"""The directorate's selection decisions (selected, overrides with reasons) and recorded draws (with seed)."""


from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from samla.accounts import access
from samla.accounts.models import Role
from samla.api import schemas
from samla.api.endpoints.rows import MappedRows
from samla.api.selectors import draws_visible_to, selection_decision_for, selection_decisions_visible_to
from samla.calls.models import SelectionDecision, StratifiedDraw

router = Router(tags=["selection"])


class ProgrammeFilter(Schema):
    programme: str | None = None


def reader_regions(user) -> frozenset[int] | None:
    """The regions whose part of a decision the user reads: None for the national roles (all of it), else the
    regions of the user's county-governor and resource-group roles, as the pages show it."""
    scope = access.scope_of(user)
    if scope.national:
        return None
    return scope.regions.get(Role.COUNTY_GOVERNOR, frozenset()) | scope.regions.get(Role.RESOURCE_GROUP, frozenset())


def decision_out(decision: SelectionDecision, regions: frozenset[int] | None = None) -> dict:
    """The decision; for a region-scoped reader (``regions``) only the selected of those regions and the overrides
    about them (a region code or a municipality number of theirs), as on the pages."""
    selected = sorted(decision.selected.all(), key=lambda a: a.municipality.number)
    if regions is not None:
        selected = [a for a in selected if a.call.region_id in regions]
    subjects = None if regions is None else (
        {a.municipality.number for a in selected} | {a.call.region.code for a in selected})
    return {
        "id": decision.pk, "programme": decision.programme_round.programme.slug, "decided_at": decision.decided_at,
        "note": decision.note,
        "selected": [{"application": a.pk, "municipality": {"number": a.municipality.number,
                                                            "name": a.municipality.name},
                      "region": {"code": a.call.region.code, "name": a.call.region.name}}
                     for a in selected],
        "overrides": [{"code": o.code, "subject": o.subject, "reason": o.reason} for o in decision.overrides.all()
                      if subjects is None or o.subject in subjects],
    }


def draw_out(draw: StratifiedDraw) -> dict:
    return {
        "id": draw.pk, "programme": draw.programme_round.programme.slug,
        "region": None if draw.region is None else {"code": draw.region.code, "name": draw.region.name},
        "seed": str(draw.seed), "per_stratum": draw.per_stratum, "candidates": draw.candidates,
        "result": draw.result, "drawn_at": draw.drawn_at,
    }


@router.get("/selection-decisions", response=list[schemas.SelectionDecision])
@paginate(PageNumberPagination, page_size=50)
def decision_list(request: HttpRequest, filters: Query[ProgrammeFilter]):
    decisions = selection_decisions_visible_to(request.auth)
    if filters.programme:
        decisions = [d for d in decisions if d.programme_round.programme.slug == filters.programme]
    regions = reader_regions(request.auth)
    return MappedRows(decisions, lambda decision: decision_out(decision, regions))


@router.get("/selection-decisions/{int:decision_id}", response={200: schemas.SelectionDecision, 404: schemas.Error})
def decision_detail(request: HttpRequest, decision_id: int):
    return decision_out(selection_decision_for(request.auth, decision_id), reader_regions(request.auth))


@router.get("/draws", response=list[schemas.Draw], summary="Recorded stratified draws (seed, input, result)")
@paginate(PageNumberPagination, page_size=50)
def draw_list(request: HttpRequest, filters: Query[ProgrammeFilter]):
    draws = draws_visible_to(request.auth)
    if filters.programme:
        draws = [d for d in draws if d.programme_round.programme.slug == filters.programme]
    return MappedRows(draws, draw_out)
