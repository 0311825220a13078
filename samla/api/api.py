"""The NinjaAPI: schema at /api/openapi.json, docs at /api/docs (Swagger UI served from ninja's bundled
static files, no CDN), and how errors from the services become HTTP answers.

Status codes: 401 not signed in or bad token; 403 CSRF failure or a role that may not do this to an object
it can see; 404 missing *or* out of scope (the same answer, so guessed ids reveal nothing); 409 stale
version; 422 invalid input or a business rule (deadline passed, incomplete application, ...).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from samla.api.auth import CsrfFailed, bearer, session
from samla.api.endpoints import applications, calls, followup, programmes, selection

VERSION = "1.0.0"
STALE = "stale_version"

# Bokmål for the services' English messages, by their code; unknown codes keep the service's message.
MESSAGES = {
    STALE: gettext_lazy("Someone else saved this application after you read it. Fetch it again and apply your "
                        "changes to the new version."),
    "not_draft": gettext_lazy("A submitted application cannot be changed; the county governor must reopen it "
                              "first."),
    "deadline_passed": gettext_lazy("The deadline has passed and no extension has been granted."),
    "round_not_open": gettext_lazy("The programme round is not open for applications."),
    "incomplete": gettext_lazy("Fill in every section and at least one contact person before submitting."),
    "wrong_region": gettext_lazy("The municipality does not belong to the call's region."),
    "unknown_field": gettext_lazy("Unknown application field."),
}

api = NinjaAPI(
    title="Samla API",
    version=VERSION,
    description=(
        "Read programmes, calls, applications, selection decisions and allocations, and write your "
        "municipality's draft application. Authenticate with a personal token (`Authorization: Bearer "
        "samla_…`, created at /api/tokens/) or, from the browser, with your session (send `X-CSRFToken` on "
        "POST/PATCH). Objects you may not see give 404, exactly like objects that do not exist. Free text of "
        "applications is only shown to the municipality itself, its county governor and resource group, and "
        "the directorate. Money is integer NOK."
    ),
    auth=[bearer, session],
    urls_namespace="api",
)


def _error(request: HttpRequest, status: int, detail: str, code: str = "") -> HttpResponse:
    return api.create_response(request, {"detail": detail, "code": code}, status=status)


@api.exception_handler(CsrfFailed)
def _csrf_failed(request: HttpRequest, exc: CsrfFailed) -> HttpResponse:
    return _error(request, 403, _("CSRF check failed: send the X-CSRFToken header with the value of the csrftoken "
                                  "cookie."), "csrf_failed")


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(request, 401, _("Sign in or send a valid personal API token."), "unauthorised")
    response["WWW-Authenticate"] = 'Bearer realm="samla"'
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Not found, or not yours to see."), "not_found")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, _("Your role does not allow this."), "forbidden")


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if not hasattr(exc, "error_dict") and any(e.code == STALE for e in exc.error_list):
        return _error(request, 409, str(MESSAGES[STALE]), STALE)
    if hasattr(exc, "error_dict"):
        errors = [{"loc": ["body", name], "msg": str(m), "type": "invalid"}
                  for name, messages in exc.message_dict.items() for m in messages]
    else:
        errors = [{"loc": ["body"], "msg": str(MESSAGES.get(e.code, e.messages[0])), "type": e.code or "invalid"}
                  for e in exc.error_list]
    return api.create_response(request, {"detail": errors}, status=422)


api.add_router("", programmes.router)
api.add_router("", calls.router)
api.add_router("", applications.router)
api.add_router("", selection.router)
api.add_router("", followup.router)
