"""Writes to the scheme register: schemes and historical awards, imported from CSV.

Same rules as ``samla.registry.services``: the whole file is checked first, errors are reported as
``ImportFailed`` naming file, line and column, and nothing is written unless every row is valid.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from pathlib import Path

from django.db import transaction

from samla.registry import importers as imp
from samla.registry.importers import Problems, Row, read_csv
from samla.registry.models import Municipality
from samla.schemes.models import Award, Scheme

DATA_DIR = Path(__file__).resolve().parent / "data"

SCHEME_COLUMNS = ("key", "ministry", "title", "title_en", "method")
AWARD_COLUMNS = ("municipality", "scheme", "year", "amount")

BAD_SCHEME_KEY = "{value!r} is not a scheme key (chapter.post, e.g. 231.63)"
BAD_METHOD = "unknown method {value!r}; expected one of {choices}"
UNKNOWN_SCHEME = "unknown scheme {key}"

_SCHEME_KEY = re.compile(r"^[0-9]{3,4}\.[0-9]{2}$")


@transaction.atomic
def schemes_import_csv(*, path: Path) -> int:
    """Grant schemes; columns ``key,ministry,title,title_en,method``. Matched on ``key`` and updated."""
    problems = Problems(Path(path).name)
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for row in read_csv(path, SCHEME_COLUMNS, problems):
        key = imp.parse_text(row, "key", problems)
        if key and not _SCHEME_KEY.match(key):
            problems.add(BAD_SCHEME_KEY.format(value=key), line=row.line, column="key")
            continue
        imp.parse_text(row, "ministry", problems)
        imp.parse_text(row, "title", problems)
        if row["method"] not in Scheme.Method.values:
            problems.add(BAD_METHOD.format(value=row["method"], choices=", ".join(Scheme.Method.values)),
                         line=row.line, column="method")
        if key in seen:
            problems.add(imp.DUPLICATE_ROW.format(key=key, first_line=seen[key]), line=row.line, column="key")
            continue
        seen[key] = row.line
        rows.append(row)
    problems.raise_if_any()

    for row in rows:
        scheme = Scheme.objects.filter(key=row["key"]).first() or Scheme(key=row["key"])
        scheme.ministry, scheme.title, scheme.title_en = row["ministry"], row["title"], row["title_en"]
        scheme.method = row["method"]
        scheme.full_clean()
        scheme.save()
    return len(rows)


@transaction.atomic
def awards_import_csv(*, path: Path, as_of: datetime.date | None = None) -> int:
    """Historical awards in whole NOK; columns exactly ``municipality,scheme,year,amount``.

    Municipality numbers are resolved on ``as_of`` if given, else on 1 January of the row's year; a
    number no longer valid then is followed to its one successor (so with ``as_of=2020-01-01`` the
    2019 awards of 0814 Bamble attach to 3813). When numbers of a merger (5005 Namsos, 5040
    Namdalseid) resolve to one municipality (5007), their amounts are added: the merged municipality
    would have received both. (municipality, scheme, year) is matched and updated, so re-importing
    the same file changes nothing. Returns the number of awards written.
    """
    problems = Problems(Path(path).name)
    resolver = imp.MunicipalityResolver(problems)
    schemes = {s.key: s for s in Scheme.objects.all()}
    seen: dict[tuple, int] = {}
    totals: dict[tuple[int, str, int], tuple[Municipality, int]] = {}
    for row in read_csv(path, AWARD_COLUMNS, problems):
        number = imp.parse_municipality_number(row, "municipality", problems)
        key = imp.parse_text(row, "scheme", problems)
        year = imp.parse_year(row, "year", problems)
        amount = imp.parse_amount(row, "amount", problems)
        if key and key not in schemes:
            problems.add(UNKNOWN_SCHEME.format(key=key), line=row.line, column="scheme")
            continue
        if None in (number, year, amount) or not key:
            continue
        file_key = (number, key, year)
        if file_key in seen:
            problems.add(imp.DUPLICATE_ROW.format(key="/".join(map(str, file_key)),
                                                  first_line=seen[file_key]),
                         line=row.line, column="municipality")
            continue
        seen[file_key] = row.line
        municipality = resolver.resolve(number, as_of or datetime.date(year, 1, 1), line=row.line,
                                        column="municipality")
        if municipality is None:
            continue
        target = (municipality.pk, key, year)
        previous = totals.get(target, (municipality, 0))[1]
        totals[target] = (municipality, previous + amount)
    problems.raise_if_any()
    return awards_write(awards={(municipality, key, year): amount
                                for (_pk, key, year), (municipality, amount) in totals.items()})


@transaction.atomic
def awards_write(*, awards: Mapping[tuple[Municipality, str, int], int]) -> int:
    """Write awards already read and checked (by ``awards_import_csv``, or by the programme folder's reader for
    a programme's awards.csv): (municipality, scheme key, year) → whole NOK, matched and updated, so writing
    the same awards twice changes nothing. Returns the number of awards written."""
    schemes = {s.key: s for s in Scheme.objects.filter(key__in={key for _, key, _ in awards})}
    existing = {(a.municipality_id, a.scheme_id, a.year): a for a in Award.objects.filter(
        municipality__in={m for m, _, _ in awards}, scheme__in=schemes.values())}
    new: list[Award] = []
    for (municipality, key, year), amount in awards.items():
        scheme = schemes[key]
        award = existing.get((municipality.pk, scheme.pk, year)) or Award(municipality=municipality, scheme=scheme,
                                                                          year=year)
        if award.pk is not None and award.amount == amount:
            continue
        award.amount = amount
        imp.clean_checked_row(award)
        if award.pk is None:
            new.append(award)
        else:
            award.save(update_fields=["amount"])
    Award.objects.bulk_create(new)
    return len(awards)


@transaction.atomic
def schemes_load_reference_data() -> None:
    """Load the five pilot schemes shipped in ``schemes/data/schemes.csv``; idempotent."""
    schemes_import_csv(path=DATA_DIR / "schemes.csv")
