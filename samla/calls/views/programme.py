"""The directorate's programme rounds and the county governor's calls and deadline extensions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from samla.accounts import access
from samla.calls import selectors, services
from samla.calls.forms import service_error_messages
from samla.calls.forms.programme import CallForm, CriterionFormSet, DeadlineExtensionForm, ProgrammeRoundForm
from samla.calls.models import ProgrammeRound
from samla.web.lists import Column, export_format, export_response, paginate

ROUND_COLUMNS = [
    Column("programme", gettext_lazy("Programme"), lambda r: r.programme.name),
    Column("years", gettext_lazy("Years"), lambda r: f"{r.programme.first_year}–{r.programme.last_year}"),
    Column("status", gettext_lazy("Status"), lambda r: r.get_status_display()),
    Column("regions", gettext_lazy("Regions"), lambda r: ", ".join(g.name for g in r.regions.all())),
    Column("max_per_region", gettext_lazy("Maximum per region"), lambda r: r.max_per_region),
    Column("calls", gettext_lazy("Calls"), lambda r: r.call_count),
]


@login_required
@require_http_methods(["GET"])
def round_list(request: HttpRequest) -> HttpResponse:
    if not access.can_list_programme_rounds(request.user):
        raise PermissionDenied
    rounds = selectors.programme_rounds_visible_to(request.user)
    if fmt := export_format(request):
        return export_response(ROUND_COLUMNS, rounds, filename="programme-rounds", fmt=fmt)
    return render(request, "calls/round_list.html", {
        "page": paginate(request, rounds), "can_create": access.can_manage_programme_round(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_programme_round(request.user):
        raise PermissionDenied
    form = ProgrammeRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme_round = services.programme_with_round_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in service_error_messages(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("The programme round is created as a draft. Open it when it is ready."))
            return redirect("calls:round_detail", pk=programme_round.pk)
    return render(request, "calls/round_form.html", {"form": form})


@login_required
@require_http_methods(["GET"])
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme_round = selectors.programme_round_for(request.user, pk)
    calls = {c.region_id: c for c in programme_round.calls.select_related("region")}
    regions = [(region, calls.get(region.pk), access.can_publish_call(request.user, region))
               for region in programme_round.regions.order_by("name")]
    return render(request, "calls/round_detail.html", {
        "round": programme_round, "programme": programme_round.programme, "regions": regions,
        "schemes": programme_round.programme.schemes.select_related("scheme"),
        "can_manage": access.can_manage_programme_round(request.user),
    })


def _round_change(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    programme_round = selectors.programme_round_for(request.user, pk)
    if not access.can_manage_programme_round(request.user):
        raise PermissionDenied
    try:
        service(actor=request.user, programme_round=programme_round)
    except ValidationError as exc:
        for message in service_error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("calls:round_detail", pk=programme_round.pk)


@login_required
@require_POST
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_change(request, pk, services.programme_round_open, _("The programme round is open for calls."))


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_change(request, pk, services.programme_round_close, _("The programme round is closed."))


@login_required
@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme_round = selectors.programme_round_for(request.user, pk)
    regions = selectors.regions_to_publish(request.user, programme_round)
    if regions is None:
        raise PermissionDenied
    if programme_round.status != ProgrammeRound.Status.OPEN or not regions.exists():
        messages.error(request, _("There is no region left for you to publish a call for in an open round."))
        return redirect("calls:round_detail", pk=programme_round.pk)
    data = request.POST if request.method == "POST" else None
    if data is not None and "add_row" in data:  # one more criterion row, without JavaScript: nothing is checked
        form = CallForm(initial=data.dict(), regions=regions)
        criteria = CriterionFormSet(initial=CriterionFormSet.posted_rows(data, "criteria"), prefix="criteria")
        data = None
    else:
        form = CallForm(data, regions=regions)
        criteria = CriterionFormSet(data, prefix="criteria")
    if data is not None and form.is_valid() and criteria.is_valid():
        rows = criteria.filled()
        if not rows:
            form.add_error(None, _("Give at least one criterion."))
        else:
            try:
                call = services.call_publish(
                    actor=request.user, programme_round=programme_round,
                    criteria=[services.CriterionText(r["title"], r["description"]) for r in rows],
                    **form.cleaned_data)
            except ValidationError as exc:
                for message in service_error_messages(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, _("The call is published."))
                return redirect("calls:call_detail", pk=call.pk)
    errors = form.error_links() + criteria.error_links() if data is not None else []
    return render(request, "calls/call_form.html", {"round": programme_round, "form": form, "criteria": criteria,
                                                    "errors": errors})


@login_required
@require_http_methods(["GET"])
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    governs = access.can_govern_call(request.user, call)
    own = selectors.own_applications_to(request.user, call)
    extensions = call.extensions.select_related("municipality")
    if not (governs or access.can_manage_programme_round(request.user)):
        extensions = extensions.filter(municipality__in=[row.municipality for row in own])
    counts = None
    if access.can_list_applications(request.user) and not own:
        counts = selectors.application_counts(selectors.applications_visible_to(request.user).filter(call=call))
    return render(request, "calls/call_detail.html", {
        "call": call, "office": selectors.call_office(call), "criteria": call.criteria_items.all(),
        "extensions": extensions, "governs": governs,
        "own": own, "counts": counts, "round_open": call.programme_round.status == ProgrammeRound.Status.OPEN,
    })


@login_required
@require_http_methods(["GET", "POST"])
def extension_grant(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    if not access.can_govern_call(request.user, call):
        raise PermissionDenied
    form = DeadlineExtensionForm(request.POST or None, region=call.region,
                                 on=timezone.localdate(call.preliminary_deadline))
    if request.method == "POST" and form.is_valid():
        try:
            services.deadline_extension_grant(actor=request.user, call=call, **form.cleaned_data)
        except ValidationError as exc:
            for message in service_error_messages(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("The deadline extension is recorded."))
            return redirect("calls:call_detail", pk=call.pk)
    return render(request, "calls/extension_form.html", {"call": call, "form": form})

