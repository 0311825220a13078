"""Reads for the evaluation results: submitted answers in the database turned into ``samla.core.survey``
answers and statistics, for the user who asks.

Who sees what (predicates in ``samla.accounts.access``):

- the evaluator: every figure, raw answers per municipality and free text;
- the directorate: aggregate figures only, each (item, wave) with fewer than the minimum group size of
  answers on the scale suppressed (``settings.SAMLA_SURVEY_MIN_GROUP``, default 3), no free text;
- a municipality: its own answers over time beside the group figures, suppressed the same way;
- anyone else: ``PermissionDenied``, the same for a missing object as for one out of scope.

Only submitted responses count. Within a submitted response, a scale item with no stored value and no
"don't know" is *missing*. Municipalities are keyed by primary key inside the statistics (numbers change
with reforms); numbers and names are added only for display and export.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from samla.accounts import access
from samla.core.survey import DK, Answer, Change, Comparison, ItemStats, changes, item_statistics
from samla.core.survey import municipality_comparison as core_comparison
from samla.evaluation.models import Form, Item, Response, ResponseAnswer, Wave
from samla.registry.models import Municipality, Region

NOT_ALLOWED = "you may not see these results"
FULL, AGGREGATE = "full", "aggregate"


def _deny() -> PermissionDenied:
    return PermissionDenied(NOT_ALLOWED)


def min_group() -> int:
    """The smallest number of answers on the scale whose group figures may be shown outside the evaluator."""
    value = getattr(settings, "SAMLA_SURVEY_MIN_GROUP", 3)
    return value if isinstance(value, int) and value >= 1 else 3


def results_level(user) -> str:
    """``FULL`` (evaluator) or ``AGGREGATE`` (directorate); PermissionDenied for everyone else."""
    if access.can_read_survey_details(user):
        return FULL
    if access.can_read_survey_results(user):
        return AGGREGATE
    raise _deny()


# --- The data --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ItemInfo:
    """An item code with the text of its latest version in the waves asked about."""

    code: str
    text: str
    theme: str
    type: str
    order: int


@dataclass(frozen=True)
class FreeText:
    item: str
    wave: str
    municipality: Municipality
    text: str


def forms_with_waves() -> QuerySet[Form]:
    return Form.objects.filter(versions__waves__isnull=False).distinct().order_by("-pk")


def waves_of(form: Form) -> list[Wave]:
    """The form's waves, oldest first."""
    return list(Wave.objects.filter(version__form=form).select_related("version").order_by("opens_on", "label"))


def items_of(waves: Iterable[Wave], language: str) -> dict[str, ItemInfo]:
    """Every item code of the waves' form versions, the text taken from the latest wave that has it,
    in the order of that version."""
    info: dict[str, ItemInfo] = {}
    for wave in waves:  # oldest first: later waves overwrite the text
        for item in wave.version.items.all():
            info[item.item_code] = ItemInfo(code=item.item_code, text=item.text(language), theme=item.theme,
                                            type=item.type, order=item.order)
    return dict(sorted(info.items(), key=lambda kv: (kv[1].order, kv[0])))


def _submitted_answers(waves: Iterable[Wave], region: Region | None) -> QuerySet[ResponseAnswer]:
    qs = ResponseAnswer.objects.filter(response__wave__in=list(waves), response__status=Response.Status.SUBMITTED)
    if region is not None:
        qs = qs.filter(response__municipality__region=region)
    return qs


def survey_answers(waves: Iterable[Wave], *, region: Region | None = None) -> list[Answer]:
    """One core Answer per submitted response and scale item of its form version: 1–5, DK or None.

    The municipality is its primary key as text; the wave is the wave's label; the item its code."""
    waves = list(waves)
    responses = Response.objects.filter(wave__in=waves, status=Response.Status.SUBMITTED)
    if region is not None:
        responses = responses.filter(municipality__region=region)
    stored = {(a.response_id, a.item_id): a for a in _submitted_answers(waves, region).filter(
        item__type=Item.Type.LIKERT)}
    items_by_version: dict[int, list[Item]] = {}
    labels = {w.pk: w.label for w in waves}
    versions = {w.pk: w.version_id for w in waves}
    result = []
    for response in responses.order_by("wave__opens_on", "municipality_id"):
        version_id = versions[response.wave_id]
        if version_id not in items_by_version:
            items_by_version[version_id] = list(Item.objects.filter(version_id=version_id, type=Item.Type.LIKERT))
        for item in items_by_version[version_id]:
            row = stored.get((response.pk, item.pk))
            value = None if row is None else (DK if row.dont_know else row.value)
            result.append(Answer(str(response.municipality_id), labels[response.wave_id], item.item_code, value))
    return result


def free_texts_by_item(texts: Iterable[FreeText], infos: dict[str, ItemInfo]) -> list[tuple[ItemInfo, list[FreeText]]]:
    """The free-text answers grouped per item, in the order of the items."""
    groups: dict[str, list[FreeText]] = {}
    for text in texts:
        groups.setdefault(text.item, []).append(text)
    return [(info, groups[code]) for code, info in infos.items() if code in groups]


def free_texts_for(user, waves: Iterable[Wave], *, region: Region | None = None) -> list[FreeText]:
    """The free-text answers of submitted responses: the evaluator only."""
    if not access.can_read_survey_details(user):
        raise _deny()
    rows = _submitted_answers(waves, region).filter(item__type=Item.Type.FREE_TEXT).exclude(text="").select_related(
        "item", "response__wave", "response__municipality").order_by("item__order", "response__wave__opens_on",
                                                                     "response__municipality__number")
    return [FreeText(r.item.item_code, r.response.wave.label, r.response.municipality, r.text) for r in rows]


# --- Results for the evaluator and the directorate --------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    """The statistics of one item in one wave, and whether they are hidden from this reader."""

    stats: ItemStats
    hidden: bool


@dataclass(frozen=True)
class ItemResult:
    info: ItemInfo
    cells: list[Cell]  # one per wave with answers, in wave order


@dataclass
class Results:
    form: Form
    waves: list[Wave]
    level: str
    min_group: int
    region: Region | None
    items: list[ItemResult] = field(default_factory=list)
    changes: list[tuple[ItemInfo, Change]] = field(default_factory=list)
    from_wave: str | None = None
    to_wave: str | None = None
    answers: list[Answer] = field(default_factory=list)  # raw answers: empty unless level is FULL
    item_infos: dict[str, ItemInfo] = field(default_factory=dict)  # every item code, free text included

    @property
    def stats(self) -> list[ItemStats]:
        return [cell.stats for item in self.items for cell in item.cells]

    @property
    def full(self) -> bool:
        return self.level == FULL

    def item(self, code: str) -> ItemResult | None:
        return next((i for i in self.items if i.info.code == code), None)


def results_for(user, *, form: Form, language: str, region: Region | None = None, from_wave: str | None = None,
                to_wave: str | None = None) -> Results:
    """Statistics per scale item and wave of ``form``, and the change between two waves (default: the first
    and the last), for the evaluator (all figures) or the directorate (suppressed below the minimum group)."""
    level = results_level(user)
    waves = waves_of(form)
    answers = survey_answers(waves, region=region)
    limit = min_group()
    by_item: dict[str, list[ItemStats]] = {}
    for s in item_statistics(answers):
        by_item.setdefault(s.item, []).append(s)
    wave_order = {w.label: i for i, w in enumerate(waves)}
    infos = items_of(waves, language)
    results = Results(form=form, waves=waves, level=level, min_group=limit, region=region,
                      answers=answers if level == FULL else [], item_infos=infos)
    for code, info in infos.items():
        if info.type != Item.Type.LIKERT or code not in by_item:
            continue
        ordered = sorted(by_item[code], key=lambda s: wave_order[s.wave])
        cells = [Cell(s, level != FULL and s.n < limit) for s in ordered]
        results.items.append(ItemResult(info, cells))
    labels = [w.label for w in waves]
    results.from_wave = from_wave if from_wave in labels else (labels[0] if labels else None)
    results.to_wave = to_wave if to_wave in labels else (labels[-1] if labels else None)
    if results.from_wave and results.to_wave and results.from_wave != results.to_wave:
        found = changes(results.stats, results.from_wave, results.to_wave,
                        min_group=None if level == FULL else limit)
        results.changes = [(infos[c.item], c) for c in found if c.item in infos]
    return results


# --- A municipality's own results -------------------------------------------------------------------------

def municipalities_for_own_results(user) -> QuerySet[Municipality]:
    return Municipality.objects.filter(pk__in=access.scope_of(user).municipalities).order_by("number")


def own_municipality_for(user, pk: int | str | None) -> Municipality:
    """The municipality whose own results the user asks for (default: the first it answers for). A missing
    municipality and another municipality give the same PermissionDenied."""
    mine = municipalities_for_own_results(user)
    if pk in (None, ""):
        municipality = mine.first()
    else:
        try:
            municipality = mine.filter(pk=int(pk)).first()
        except (TypeError, ValueError):
            municipality = None
    if municipality is None or not access.can_read_own_survey_results(user, municipality):
        raise _deny()
    return municipality


def forms_of_municipality(municipality: Municipality) -> QuerySet[Form]:
    return Form.objects.filter(versions__waves__municipalities=municipality).distinct().order_by("-pk")


@dataclass(frozen=True)
class OwnRow:
    info: ItemInfo
    comparisons: list[Comparison]  # one per wave the municipality answered, in wave order


@dataclass
class OwnResults:
    municipality: Municipality
    form: Form
    waves: list[Wave]
    min_group: int
    rows: list[OwnRow] = field(default_factory=list)


def own_results_for(user, *, municipality: Municipality, form: Form, language: str) -> OwnResults:
    """The municipality's own submitted answers per scale item and wave beside the whole group's mean, SD and
    median; group figures from fewer than the minimum group are suppressed. Nothing of another municipality
    is returned but the group figures."""
    if not access.can_read_own_survey_results(user, municipality):
        raise _deny()
    waves = [w for w in waves_of(form) if w.municipalities.filter(pk=municipality.pk).exists()]
    limit = min_group()
    comparisons = core_comparison(survey_answers(waves), str(municipality.pk), min_group=limit)
    wave_order = {w.label: i for i, w in enumerate(waves)}
    by_item: dict[str, list[Comparison]] = {}
    for c in comparisons:
        by_item.setdefault(c.item, []).append(c)
    result = OwnResults(municipality=municipality, form=form, waves=waves, min_group=limit)
    for code, info in items_of(waves, language).items():
        if code in by_item:
            result.rows.append(OwnRow(info, sorted(by_item[code], key=lambda c: wave_order[c.wave])))
    return result
