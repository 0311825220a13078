"""The programmes and their allocation: the decided (locked) amounts, and the explanation of one amount (htmx).

A programme page shows the amounts of the programme's current locked run, with the run, its digest and its
locking reason. Before any run is locked it shows a draft computation from the rules as they stand, labelled as
such. Once a run is locked, readers with a role also see where a draft computation from today's rules would
differ (a changed rule or participant), marked in the table; the page itself never shows a draft as decided.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from samla.accounts import access
from samla.allocation import runs
from samla.allocation.models import Programme
from samla.allocation.selectors import (
    StoredAllocation,
    allocation_overview,
    current_programme,
    locked_allocation,
    locked_runs_by_programme,
    programme_by_slug,
    programme_list,
    programme_spec,
)
from samla.allocation.texts import error_text
from samla.core.allocation import AllocationError, AllocationResult


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    programme = programme_by_slug(settings.SAMLA_DEMO_PROGRAMME) or Programme.objects.first()
    if programme is None:
        return render(request, "allocation/empty.html")
    return _programme_page(request, programme)


@require_GET
def programmes(request: HttpRequest) -> HttpResponse:
    """Every programme with whether its amounts are decided; the current one first and opened."""
    locked = locked_runs_by_programme()
    current = current_programme()
    return render(request, "allocation/programmes.html", {
        "rows": [(p, locked.get(p.pk)) for p in programme_list().prefetch_related("participants")],
        "current": current, "current_run": locked.get(current.pk) if current else None,
    })


@require_GET
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _programme_page(request, get_object_or_404(Programme, slug=slug))


@dataclass(frozen=True)
class _Draft:
    result: AllocationResult | None
    problem: str | None


def _draft(programme: Programme, decided: StoredAllocation | None) -> _Draft:
    """The engine on today's rules, with the options of the locked run (so only rule changes differ)."""
    options = runs.RunOptions(**decided.run.options) if decided else runs.RunOptions()
    try:
        return _Draft(runs.compute(programme_spec(programme), options)[1], None)
    except AllocationError as exc:
        return _Draft(None, error_text(exc))


def _programme_page(request: HttpRequest, programme: Programme) -> HttpResponse:
    decided = locked_allocation(programme)
    compare = decided is None or access.can_read_allocation_runs(request.user)
    draft = _draft(programme, decided) if compare else _Draft(None, None)
    context = {"programme": programme, "programmes": Programme.objects.only("slug", "name"),
               "can_manage": access.can_manage_allocation(request.user), "decided": decided,
               "can_read_runs": access.can_read_allocation_runs(request.user),
               "draft_problem": draft.problem}
    if decided is None and draft.result is None:
        # A programme being set up (no participants yet, a missing growth factor ...) is not an error of
        # the page: say what the engine needs, in place of the table.
        return render(request, "allocation/not_computable.html", {**context, "problem": draft.problem})
    if decided is not None:
        context["overview"] = allocation_overview(decided.result, draft.result)
    else:
        context["overview"] = allocation_overview(draft.result)  # type: ignore[arg-type]
    return render(request, "allocation/programme.html", context)


@require_GET
def explain(request: HttpRequest, slug: str, number: str, year: int) -> HttpResponse:
    """The explanation of a decided amount as stored in the locked run; before locking, of the draft's
    (``?draft=1`` asks for the draft's explanation beside a locked run)."""
    programme = get_object_or_404(Programme, slug=slug)
    decided = locked_allocation(programme)
    is_draft = decided is None or request.GET.get("draft") == "1"
    if is_draft:
        if decided is not None and not access.can_read_allocation_runs(request.user):
            raise Http404("no such amount")
        result = _draft(programme, decided).result
    else:
        result = decided.result  # type: ignore[union-attr]
    if result is None or (number, year) not in result.amounts:
        raise Http404("no such amount")
    context = {"programme": programme, "explanation": result.explain(number, year), "is_draft": is_draft,
               "decided": decided}
    if request.headers.get("HX-Request") == "true":
        return render(request, "allocation/_explanation.html", context)
    return render(request, "allocation/explanation.html", context)
