"""The module's landing page: waves with progress for those who follow them, forms to fill for a municipality.

Later parts (statistics, charts, reports) add sections through ``dashboard_sections``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from samla.accounts import access
from samla.evaluation import selectors


def wave_summaries(user) -> list[dict]:
    out = []
    for wave in selectors.waves_with_progress_for(user):
        rows = selectors.wave_progress(user, wave)
        out.append({"wave": wave, "counts": selectors.progress_counts(rows), "total": len(rows)})
    return out


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.can_open_evaluation(user):
        raise PermissionDenied
    follows = access.reflection_progress_regions(user) is None or bool(access.reflection_progress_regions(user))
    to_answer = selectors.waves_to_answer(user)
    context = {
        "is_evaluator": access.can_manage_evaluation(user),
        "summaries": wave_summaries(user) if follows else [],
        "follows": follows,
        "to_answer": [(w, m, r, selectors.is_open_now(w)) for w, m, r in to_answer],
        "answers_for": bool(access.scope_of(user).municipalities),
    }
    return render(request, "evaluation/dashboard.html", context)
