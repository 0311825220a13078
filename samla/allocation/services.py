"""Writes of the allocation app: import a programme folder into the database."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from samla.allocation.models import (
    Continuation,
    DecidedAmount,
    GrowthFactor,
    Participant,
    Programme,
    ProgrammeScheme,
)
from samla.core.allocation import ProgrammeSpec, load_programme_folder
from samla.registry.models import Indicator, IndicatorValue, Municipality
from samla.registry.selectors import municipality_by_number
from samla.schemes.models import Scheme
from samla.schemes.services import awards_import_csv

UNKNOWN_MUNICIPALITY = "municipality {number} is not in the registry on {on}"
UNKNOWN_SCHEME = "scheme {key} is not in the scheme register"
YEARS_NOT_CONTIGUOUS = "the programme years must be consecutive, found {years}"


def programme_import_folder(*, path: Path) -> Programme:
    """Validate a programme folder with the engine's reader, then write or replace it (slug = folder name).

    Nothing is written when the folder is invalid (``InputError`` from the reader) or when a
    municipality or scheme is unknown to the registry (``ValidationError``; the transaction rolls back).
    Running it twice on the same folder changes nothing.
    """
    path = Path(path)
    spec = load_programme_folder(path)
    years = tuple(spec.years)
    if years != tuple(range(min(years), max(years) + 1)):
        raise ValidationError(YEARS_NOT_CONTIGUOUS.format(years=", ".join(map(str, years))))
    return _write(slug=path.name, path=path, spec=spec)


@transaction.atomic
def _write(*, slug: str, path: Path, spec: ProgrammeSpec) -> Programme:
    first_year, last_year = min(spec.years), max(spec.years)
    on = datetime.date(first_year, 1, 1)
    municipalities = {m.number: _municipality(m.number, on) for m in spec.municipalities}
    scheme_keys = [rule.key for rule in spec.schemes]
    schemes = {s.key: s for s in Scheme.objects.filter(key__in=scheme_keys)}
    for key in scheme_keys:
        if key not in schemes:
            raise ValidationError(UNKNOWN_SCHEME.format(key=key))

    fields = {
        "name": spec.name, "description": spec.description, "first_year": first_year, "last_year": last_year,
        "rounding_unit": spec.rounding_unit, "residual_policy": spec.residual_policy, "floor": spec.floor,
        "budget": spec.budget, "surplus_method": spec.surplus, "surplus_indicator": spec.surplus_indicator or "",
        "surplus_indicator_year": spec.surplus_indicator_year,
    }
    programme = Programme.objects.filter(slug=slug).first()
    if programme is None:
        programme = Programme(slug=slug, **fields)
        programme.full_clean()
        programme.save()
    elif any(getattr(programme, k) != v for k, v in fields.items()):
        for k, v in fields.items():
            setattr(programme, k, v)
        programme.full_clean()
        programme.save(update_fields=list(fields))

    _sync(programme.schemes.all(), ("scheme_id",), {
        (schemes[r.key].pk,): {
            "position": i, "method": r.method, "base_year": r.base_year, "budget": r.budget,
            "indicator": r.indicator or "", "indicator_year": r.indicator_year, "rate": r.rate,
        } for i, r in enumerate(spec.schemes)
    }, lambda key, values: ProgrammeScheme(programme=programme, scheme_id=key[0], **values))
    _sync(programme.growth_factors.all(), ("year",), {
        (g.year,): {"rate": g.rate, "source": g.source} for g in spec.growth.values()
    }, lambda key, values: GrowthFactor(programme=programme, year=key[0], **values))
    _sync(programme.participants.all(), ("municipality_id",), {
        (municipalities[m.number].pk,): {"position": i} for i, m in enumerate(spec.municipalities)
    }, lambda key, values: Participant(programme=programme, municipality_id=key[0], **values))
    _sync(programme.decided_amounts.all(), ("municipality_id", "year"), {
        (municipalities[number].pk, year): {"amount": amount} for (number, year), amount in spec.decided.items()
    }, lambda key, values: DecidedAmount(programme=programme, municipality_id=key[0], year=key[1], **values))
    _sync(programme.continuations.all(), ("municipality_id", "scheme_id", "year"), {
        (municipalities[c.municipality].pk, schemes[c.scheme].pk, c.year): {"amount": c.amount}
        for c in spec.continuations
    }, lambda key, values: Continuation(programme=programme, municipality_id=key[0], scheme_id=key[1],
                                        year=key[2], **values))

    if (path / "awards.csv").exists():
        awards_import_csv(path=path / "awards.csv", as_of=on)
    _write_indicators(spec.indicators, municipalities)
    return programme


def _municipality(number: str, on: datetime.date) -> Municipality:
    try:
        municipality = municipality_by_number(number, on=on)
    except Municipality.DoesNotExist:
        municipality = None
    if municipality is None:
        raise ValidationError(UNKNOWN_MUNICIPALITY.format(number=number, on=on.isoformat()))
    return municipality


def _sync(queryset: models.QuerySet, key_fields: tuple[str, ...], wanted: Mapping[tuple, dict[str, Any]],
          build: Callable[[tuple, dict[str, Any]], models.Model]) -> None:
    """Make ``queryset`` hold exactly ``wanted`` (natural key → values); unchanged rows are not touched."""
    existing: dict[Hashable, models.Model] = {
        tuple(getattr(obj, f) for f in key_fields): obj for obj in queryset
    }
    for key, values in wanted.items():
        obj = existing.pop(key, None)
        if obj is None:
            obj = build(key, values)
            obj.full_clean()
            obj.save()
        elif any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            obj.full_clean()
            obj.save(update_fields=list(values))
    if existing:
        queryset.filter(pk__in=[obj.pk for obj in existing.values()]).delete()


def _write_indicators(values: Mapping[tuple[str, str, int], Any], municipalities: dict[str, Municipality]) -> None:
    """Indicator values given in the folder (indicators.csv) go to the registry, keyed by code."""
    for (number, code, year), value in values.items():
        indicator, _ = Indicator.objects.get_or_create(code=code, defaults={"name": code})
        IndicatorValue.objects.update_or_create(
            indicator=indicator, municipality=municipalities[number], year=year, defaults={"value": value},
        )
