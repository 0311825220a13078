"""Who am I, programmes with their round, and allocations (integer NOK per municipality and year)."""


from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from samla.accounts.models import RoleAssignment
from samla.allocation.selectors import locked_allocation
from samla.api import schemas
from samla.api.endpoints.rows import MappedRows
from samla.api.selectors import programme_for, programme_round_of, programmes_visible_to
from samla.core.allocation import AllocationResult

router = Router(tags=["programmes"])


@router.get("/me", response=schemas.Me, summary="The signed-in user and their roles")
def me(request: HttpRequest):
    roles = []
    for a in RoleAssignment.objects.filter(user=request.auth).select_related("region", "municipality"):
        where = (f"municipality:{a.municipality.number}" if a.municipality else
                 f"region:{a.region.code}" if a.region else "national")
        roles.append(f"{a.role}@{where}")
    return {"username": request.auth.get_username(), "roles": sorted(roles)}


class ProgrammeFilter(Schema):
    year: int | None = None
    status: str | None = None


def _programme(user, programme) -> dict:
    programme_round = programme_round_of(user, programme)
    return {
        "slug": programme.slug, "name": programme.name, "description": programme.description,
        "first_year": programme.first_year, "last_year": programme.last_year,
        "round": None if programme_round is None else {
            "status": programme_round.status, "max_per_region": programme_round.max_per_region,
            "population_year": programme_round.population_year,
            "regions": [{"code": r.code, "name": r.name} for r in programme_round.regions.order_by("code")],
        },
    }


@router.get("/programmes", response=list[schemas.Programme], summary="Programmes (status: the round's, if "
                                                                     "you may read it)")
@paginate(PageNumberPagination, page_size=50)
def programme_list(request: HttpRequest, filters: Query[ProgrammeFilter]):
    qs = programmes_visible_to(request.auth)
    if filters.year is not None:
        qs = qs.filter(first_year__lte=filters.year, last_year__gte=filters.year)
    rows = [_programme(request.auth, p) for p in qs]
    if filters.status:
        rows = [r for r in rows if r["round"] and r["round"]["status"] == filters.status]
    return rows


@router.get("/programmes/{slug}", response=schemas.Programme)
def programme_detail(request: HttpRequest, slug: str):
    return _programme(request.auth, programme_for(request.auth, slug))


class AllocationFilter(Schema):
    municipality: str | None = None
    year: int | None = None
    explain: bool = False


NO_DECIDED_ALLOCATION = "The programme has no locked allocation run yet: no amount is decided."


def _explanation(result: AllocationResult, number: str, year: int) -> dict:
    e = result.explain(number, year)
    return {"rule": e.rule, "steps": list(e.steps),
            "factors": [{"name": n, "value": v} for n, v in e.factors],
            "parts": [{"code": p.code, "label": p.label, "value": str(p.value), "detail": p.detail} for p in e.parts]}


@router.get("/programmes/{slug}/allocation", response=list[schemas.AllocationRow],
            summary="Decided amount per municipality and year (the programme's locked run; the municipalities "
                    "you may read)")
@paginate(PageNumberPagination, page_size=100)
def allocation(request: HttpRequest, slug: str, filters: Query[AllocationFilter]):
    programme = programme_for(request.auth, slug)
    decided = locked_allocation(programme)
    if decided is None:
        raise HttpError(404, NO_DECIDED_ALLOCATION)
    result = decided.result
    cells = [(m, year) for m in decided.visible_to(request.auth) if filters.municipality in (None, m.number)
             for year in result.years if filters.year in (None, year)]

    def row(cell) -> dict:
        m, year = cell
        return {"municipality": {"number": m.number, "name": m.name}, "region": m.region, "year": year,
                "amount": result.amounts[(m.number, year)], "run": decided.run.number,
                "result_sha256": decided.run.result_sha256,
                "explanation": _explanation(result, m.number, year) if filters.explain else None}

    return MappedRows(cells, row)
