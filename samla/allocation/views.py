"""The first page: a programme's allocation, and the explanation of one amount (an htmx fragment)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from samla.accounts import access
from samla.allocation.models import Programme
from samla.allocation.selectors import allocation_overview, programme_allocation, programme_by_slug
from samla.allocation.texts import error_text
from samla.core.allocation import InputError


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    programme = programme_by_slug(settings.SAMLA_DEMO_PROGRAMME) or Programme.objects.first()
    if programme is None:
        return render(request, "allocation/empty.html")
    return _programme_page(request, programme)


@require_GET
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _programme_page(request, get_object_or_404(Programme, slug=slug))


def _programme_page(request: HttpRequest, programme: Programme) -> HttpResponse:
    try:
        result = programme_allocation(programme)
    except InputError as exc:
        # A programme being set up (no participants yet, a missing growth factor ...) is not an error of
        # the page: say what the engine needs, in place of the table.
        context = {"programme": programme, "programmes": Programme.objects.only("slug", "name"),
                   "problem": error_text(exc), "can_manage": access.can_manage_allocation(request.user)}
        return render(request, "allocation/not_computable.html", context)
    context = {
        "programme": programme,
        "programmes": Programme.objects.only("slug", "name"),
        "overview": allocation_overview(result),
        "can_manage": access.can_manage_allocation(request.user),
    }
    return render(request, "allocation/programme.html", context)


@require_GET
def explain(request: HttpRequest, slug: str, number: str, year: int) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    result = programme_allocation(programme)
    if (number, year) not in result.amounts:
        raise Http404("no such amount")
    context = {"programme": programme, "explanation": result.explain(number, year)}
    if request.headers.get("HX-Request") == "true":
        return render(request, "allocation/_explanation.html", context)
    return render(request, "allocation/explanation.html", context)
