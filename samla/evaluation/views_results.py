"""Results of the reflection forms: the evaluator's and the directorate's statistics page, a municipality's
own results, charts as PNG/SVG, XLSX/CSV exports and the PDF report.

The first line of every view asks ``samla.evaluation.results`` who may see what (PermissionDenied otherwise).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samla.evaluation import charts, exports
from samla.evaluation.forms_results import OwnResultsFilterForm, ResultsFilterForm
from samla.evaluation.results import (
    ItemResult,
    Results,
    forms_of_municipality,
    forms_with_waves,
    free_texts_by_item,
    free_texts_for,
    municipalities_for_own_results,
    own_municipality_for,
    own_results_for,
    results_for,
    results_level,
)
from samla.evaluation.templatetags import results_format

SCALE = (1, 2, 3, 4, 5)
CSV_KINDS = ("raw", "stats", "changes")
CHART_KINDS = ("bars", "distribution")


def number(value: float | None, places: int = 1) -> str:
    return "" if value is None else results_format.number(value, places)


def chart_labels(min_group: int) -> charts.Labels:
    return charts.Labels(scale=_("1 = to a small degree, 5 = to a large degree"),
                         hidden=_("hidden (fewer than %(n)s)") % {"n": min_group}, no_answers=_("no answers"),
                         percent=_("Share of the answers on the scale (%)"), number=number)


def bars_of(item: ItemResult) -> list[charts.Bar]:
    return [charts.Bar(c.stats.wave, c.stats.mean, c.stats.sd, c.stats.n, c.hidden) for c in item.cells]


def item_chart(results: Results, item: ItemResult, kind: str, fmt: str) -> bytes:
    labels = chart_labels(results.min_group)
    if kind == "distribution":
        rows = [(c.stats.wave, None if c.hidden else c.stats.distribution) for c in item.cells]
        return charts.distribution_chart(title=item.info.text, rows=rows, labels=labels, fmt=fmt)
    return charts.item_chart(title=item.info.text, bars=bars_of(item), labels=labels, fmt=fmt)


def alt_text(results: Results, item: ItemResult) -> str:
    """The chart's numbers in words: the text alternative beside the table."""
    hidden = chart_labels(results.min_group).hidden
    parts = [f"{c.stats.wave}: {hidden}" if c.hidden else
             _("%(wave)s: mean %(mean)s, standard deviation %(sd)s, n = %(n)s") % {
                 "wave": c.stats.wave, "mean": number(c.stats.mean, 2) or "–", "sd": number(c.stats.sd, 2) or "–",
                 "n": c.stats.n} for c in item.cells]
    return _("Bar chart of the mean per wave with standard deviation. %(parts)s.") % {"parts": "; ".join(parts)}


def _filtered(request: HttpRequest) -> tuple[ResultsFilterForm, Results | None]:
    filters = ResultsFilterForm(request.GET, forms_qs=forms_with_waves())
    if not filters.is_valid() or filters.chosen_form is None:
        return filters, None
    data = filters.cleaned_data
    return filters, results_for(request.user, form=filters.chosen_form, language=get_language() or "nb",
                                region=data.get("region"), from_wave=data.get("from_wave") or None,
                                to_wave=data.get("to_wave") or None)


def _results_or_404(request: HttpRequest) -> tuple[ResultsFilterForm, Results]:
    filters, results = _filtered(request)
    if results is None:
        raise Http404("no results for these filters")
    return filters, results


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def results(request: HttpRequest) -> HttpResponse:
    results_level(request.user)
    filters, found = _filtered(request)
    free_texts = free_texts_for(request.user, found.waves, region=found.region) if found and found.full else []
    return render(request, "evaluation/results/results.html", {
        "filters": filters, "results": found, "scale": SCALE, "query": filters.query() if found else "",
        "items": [{"result": i, "alt": alt_text(found, i)} for i in found.items] if found else [],
        "free_texts": free_texts_by_item(free_texts, found.item_infos) if found else []})


@login_required
@require_GET
def my_results(request: HttpRequest) -> HttpResponse:
    municipality = own_municipality_for(request.user, request.GET.get("municipality"))
    forms_qs = forms_of_municipality(municipality)
    raw_form = request.GET.get("form")
    form = forms_qs.filter(pk=raw_form).first() if raw_form and raw_form.isdigit() else None
    if raw_form and form is None:
        raise PermissionDenied
    form = form or forms_qs.first()
    own = own_results_for(request.user, municipality=municipality, form=form,
                          language=get_language() or "nb") if form else None
    filters = OwnResultsFilterForm({"municipality": municipality.pk, "form": form.pk if form else ""},
                                   municipalities=municipalities_for_own_results(request.user), forms_qs=forms_qs)
    return render(request, "evaluation/results/my_results.html", {
        "filters": filters, "own": own, "municipality": municipality,
        "several": municipalities_for_own_results(request.user).count() > 1})


@login_required
@require_GET
def chart(request: HttpRequest, item_code: str, fmt: str) -> HttpResponse:
    results_level(request.user)
    kind = request.GET.get("kind", "bars")
    if fmt not in charts.FORMATS or kind not in CHART_KINDS:
        raise Http404("unknown chart")
    _filters, found = _results_or_404(request)
    item = found.item(item_code)
    if item is None:
        raise Http404("no such item")
    content = item_chart(found, item, kind, fmt)
    response = HttpResponse(content, content_type=charts.CONTENT_TYPES[fmt])
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{item_code}-{kind}.{fmt}"'
    return response


@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    results_level(request.user)
    _filters, found = _results_or_404(request)
    free_texts = free_texts_for(request.user, found.waves, region=found.region) if found.full else []
    return _download(exports.xlsx_workbook(found, free_texts), exports.XLSX_TYPE, _filename(found, "xlsx"))


@login_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    level_full = results_level(request.user) == "full"
    kind = request.GET.get("kind", "stats")
    if kind not in CSV_KINDS:
        raise Http404("unknown export")
    if kind == "raw" and not level_full:
        raise PermissionDenied
    _filters, found = _results_or_404(request)
    text = "\ufeff" + exports.csv_text(found, kind)
    return _download(text, "text/csv; charset=utf-8", _filename(found, "csv", kind))


@login_required
@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    results_level(request.user)
    _filters, found = _results_or_404(request)
    free_texts = free_texts_for(request.user, found.waves, region=found.region) if found.full else []
    themes: dict[str, list[ItemResult]] = {}
    for item in found.items:
        themes.setdefault(item.info.theme, []).append(item)
    labels = chart_labels(found.min_group)
    wave_labels = [w.label for w in found.waves]
    sections = [{
        "theme": theme,
        "chart": exports.data_uri(charts.grouped_chart(
            title=theme or found.form.name, series=[(i.info.text, bars_of(i)) for i in items], waves=wave_labels,
            labels=labels, fmt="svg"), "svg"),
        "items": [{"result": i, "alt": alt_text(found, i)} for i in items],
    } for theme, items in themes.items()]
    context = {"results": found, "sections": sections, "generated": timezone.localtime(), "scale": SCALE,
               "free_texts": free_texts_by_item(free_texts, found.item_infos)}
    return _download(exports.report_pdf(context), "application/pdf", _filename(found, "pdf"))


def _filename(found: Results, ext: str, kind: str = "") -> str:
    parts = ["refleksjonsskjema", str(found.form.pk)] + ([kind] if kind else [])
    if found.region is not None:
        parts.append(found.region.code)
    return "-".join(parts) + f".{ext}"
