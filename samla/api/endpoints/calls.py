"""Calls for applications, within the reader's scope (``access.can_read_call``)."""


from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from samla.api import schemas
from samla.api.endpoints.rows import MappedRows
from samla.api.selectors import call_for, calls_visible_to
from samla.calls.models import Call

router = Router(tags=["calls"])


class CallFilter(Schema):
    programme: str | None = None
    region: str | None = None


def call_out(call: Call) -> dict:
    return {
        "id": call.pk, "programme": call.programme_round.programme.slug,
        "region": {"code": call.region.code, "name": call.region.name}, "case_number": call.case_number,
        "text": call.text, "criteria": [{"position": c.position, "title": c.title} for c in call.criteria_items.all()],
        "preliminary_deadline": call.preliminary_deadline, "final_deadline": call.final_deadline,
        "published_at": call.published_at,
    }


@router.get("/calls", response=list[schemas.Call], summary="Calls in your scope")
@paginate(PageNumberPagination, page_size=50)
def call_list(request: HttpRequest, filters: Query[CallFilter]):
    qs = calls_visible_to(request.auth).order_by("-published_at", "pk")
    if filters.programme:
        qs = qs.filter(programme_round__programme__slug=filters.programme)
    if filters.region:
        qs = qs.filter(region__code=filters.region)
    return MappedRows(qs, call_out)


@router.get("/calls/{int:call_id}", response={200: schemas.Call, 404: schemas.Error})
def call_detail(request: HttpRequest, call_id: int):
    return call_out(call_for(request.auth, call_id))
