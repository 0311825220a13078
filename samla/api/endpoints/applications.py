"""Applications: status and dates for everyone in scope, text only for those who may read it; a
municipality creates, saves (optimistic ``version``) and submits its own through samla.calls.services."""


from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from samla.accounts import access
from samla.accounts.access import scope_of
from samla.api import schemas
from samla.api.endpoints.rows import MappedRows
from samla.api.selectors import application_seen_by, applications_seen_by, call_for
from samla.calls import services
from samla.calls.models import Application
from samla.registry.models import Municipality

router = Router(tags=["applications"])
ERRORS = {403: schemas.Error, 404: schemas.Error, 409: schemas.Error, 422: schemas.ValidationErrors}


class ApplicationFilter(Schema):
    programme: str | None = None
    call: int | None = None
    region: str | None = None
    municipality: str | None = None
    status: str | None = None


def application_out(user, application: Application) -> dict:
    decision = getattr(application, "political_decision", None)
    out = {
        "id": application.pk, "call": application.call_id,
        "programme": application.call.programme_round.programme.slug,
        "region": {"code": application.call.region.code, "name": application.call.region.name},
        "municipality": {"number": application.municipality.number, "name": application.municipality.name},
        "status": application.status, "created_at": application.created_at, "updated_at": application.updated_at,
        "submitted_at": application.submitted_at, "has_political_decision": decision is not None,
        "content": None,
    }
    if access.can_read_application_text(user, application):
        out["content"] = {
            "version": application.version,
            **{name: getattr(application, name) for name in services.EDITABLE_FIELDS},
            "contacts": [{"name": c.name, "role": c.role, "email": c.email} for c in application.contacts.all()],
            "political_decision": None if decision is None else {
                "body": decision.body, "decided_on": decision.decided_on, "case_reference": decision.case_reference},
        }
    return out


@router.get("/applications", response=list[schemas.Application], summary="Applications in your scope")
@paginate(PageNumberPagination, page_size=50)
def application_list(request: HttpRequest, filters: Query[ApplicationFilter]):
    qs = applications_seen_by(request.auth).order_by("call_id", "municipality__number")
    for value, lookup in ((filters.programme, "call__programme_round__programme__slug"), (filters.call, "call_id"),
                          (filters.region, "call__region__code"), (filters.municipality, "municipality__number"),
                          (filters.status, "status")):
        if value is not None and value != "":
            qs = qs.filter(**{lookup: value})
    return MappedRows(qs, lambda a: application_out(request.auth, a))


@router.get("/applications/{int:application_id}", response={200: schemas.Application, 404: schemas.Error})
def application_detail(request: HttpRequest, application_id: int):
    return application_out(request.auth, application_seen_by(request.auth, application_id))


def _fresh(user, application_id: int) -> dict:
    return application_out(user, application_seen_by(user, application_id))


@router.post("/applications", response={201: schemas.Application, **ERRORS},
             summary="Start your municipality's application to a call")
def application_create(request: HttpRequest, payload: schemas.ApplicationCreate):
    call = call_for(request.auth, payload.call)
    own = Municipality.objects.filter(pk__in=scope_of(request.auth).municipalities, region_id=call.region_id)
    if payload.municipality:
        own = own.filter(number=payload.municipality)
    if len(municipalities := list(own[:2])) != 1:
        raise PermissionDenied(services.NOT_OWN_MUNICIPALITY)
    application = services.application_create(actor=request.auth, call=call, municipality=municipalities[0])
    return Status(201, _fresh(request.auth, application.pk))


@router.patch("/applications/{int:application_id}", response={200: schemas.Application, **ERRORS},
              summary="Save your draft (send the version you read)")
def application_save(request: HttpRequest, application_id: int, payload: schemas.ApplicationSave):
    application = application_seen_by(request.auth, application_id)
    fields = {name: value for name in services.EDITABLE_FIELDS if (value := getattr(payload, name)) is not None}
    contacts = None if payload.contacts is None else [services.Contact(name=c.name, role=c.role, email=c.email)
                                                      for c in payload.contacts]
    services.application_save(actor=request.auth, application=application, expected_version=payload.version,
                              contacts=contacts, **fields)
    return Status(200, _fresh(request.auth, application_id))


@router.post("/applications/{int:application_id}/submit", response={200: schemas.Application, **ERRORS},
             summary="Submit your application (send the version you read)")
def application_submit(request: HttpRequest, application_id: int, payload: schemas.ApplicationSubmit):
    application = application_seen_by(request.auth, application_id)
    services.application_submit(actor=request.auth, application=application, expected_version=payload.version)
    return Status(200, _fresh(request.auth, application_id))
