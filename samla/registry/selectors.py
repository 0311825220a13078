"""Reads of the registry. A municipality number is resolved for a date, never on its own."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from samla.registry.models import (
    Indicator,
    IndicatorValue,
    Municipality,
    MunicipalityCodeChange,
    OfficeName,
    Region,
)

NO_MUNICIPALITY_ON = "no municipality {number} valid on {day}"
NO_REGION_ON = "no county {code} valid on {day}"


def municipality_by_number(number: str, on: datetime.date) -> Municipality:
    """The row of ``number`` whose validity covers ``on``; ``Municipality.DoesNotExist`` if none.

    At most one row can match: overlapping periods are refused (see ``registry.models``).
    """
    municipality = Municipality.objects.valid_on(on).filter(number=number).select_related("region").first()
    if municipality is None:
        raise Municipality.DoesNotExist(NO_MUNICIPALITY_ON.format(number=number, day=on.isoformat()))
    return municipality


def region_by_code(code: str, on: datetime.date) -> Region:
    region = Region.objects.valid_on(on).filter(code=code).first()
    if region is None:
        raise Region.DoesNotExist(NO_REGION_ON.format(code=code, day=on.isoformat()))
    return region


def office_name_on(region: Region, day: datetime.date) -> str:
    """The name of the county-governor office serving ``region`` on ``day`` ("Fylkesmannen i Innlandet" in 2020,
    "Statsforvalteren i Innlandet" from 2021): what a document of that date (a call, an award letter) is signed
    with. A day outside the known names takes the nearest one (the last before it, else the first); without any,
    the region's own ``office_name``."""
    names = OfficeName.objects.filter(county_code=region.code)
    found = (names.valid_on(day).first() or names.filter(valid_from__lte=day).order_by("-valid_from").first()
             or names.order_by("valid_from").first())
    return found.name if found is not None else region.office_name


def municipalities_valid_on(on: datetime.date) -> QuerySet[Municipality]:
    return Municipality.objects.valid_on(on).select_related("region").order_by("number")


def municipality_successors(number: str, on: datetime.date) -> list[Municipality]:
    """The municipalities valid on ``on`` that ``number`` became, following the change table forward.

    A number still valid on ``on`` is its own successor. A merger gives one row (0427 on 2021-01-01 →
    [3420 Elverum]); a split gives several. Only changes made on or before ``on`` are followed, each
    from the date the chain reached that number, so a number reused later is not confused with its
    earlier holder. An empty list: nothing valid on ``on`` descends from ``number`` (e.g. ``on`` lies
    before the number existed).
    """
    found: dict[int, Municipality] = {}
    seen: set[tuple[str, datetime.date]] = set()
    todo: list[tuple[str, datetime.date]] = [(number, datetime.date.min)]
    while todo:
        current, since = todo.pop()
        if (current, since) in seen:
            continue
        seen.add((current, since))
        valid = Municipality.objects.valid_on(on).filter(number=current).select_related("region").first()
        if valid is not None:
            found[valid.pk] = valid
            continue
        changes = MunicipalityCodeChange.objects.filter(
            old_number=current, changed_on__gte=since, changed_on__lte=on
        ).exclude(new_number=current)
        todo.extend((change.new_number, change.changed_on) for change in changes)
    return sorted(found.values(), key=lambda m: m.number)


def municipality_predecessors(number: str, on: datetime.date) -> list[MunicipalityCodeChange]:
    """The change-table rows that led to ``number`` on or before ``on`` (one step back)."""
    return list(MunicipalityCodeChange.objects.filter(new_number=number, changed_on__lte=on)
                .exclude(old_number=number).order_by("-changed_on", "old_number"))


def indicator_values(indicator: str, year: int) -> QuerySet[IndicatorValue]:
    """Values of one indicator (by code) for one year, with their municipalities."""
    return (IndicatorValue.objects.filter(indicator__code=indicator, year=year)
            .select_related("municipality").order_by("municipality__number"))


def indicator_by_code(code: str) -> Indicator:
    return Indicator.objects.get(code=code)
