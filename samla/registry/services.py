"""Writes to the registry: imports of code lists and indicator values.

Each import checks the whole file first (see ``importers``) and writes nothing unless every row is
valid; the writes happen in one transaction. Imports are idempotent: a row is matched on its natural
key (county code + valid_from, municipality number + valid_from, old + new number + date, indicator +
municipality + year) and updated, so loading the same file twice changes nothing.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from samla.core import jsonstat
from samla.registry import importers as imp
from samla.registry.importers import ImportFailed, Problems, Row, read_csv
from samla.registry.models import (
    Indicator,
    IndicatorValue,
    Municipality,
    MunicipalityCodeChange,
    OfficeName,
    Region,
)

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,60}$")
DATA_DIR = Path(__file__).resolve().parent / "data"

REGION_COLUMNS = ("code", "name", "office_name", "valid_from", "valid_to")
OFFICE_NAME_COLUMNS = ("county_code", "name", "valid_from", "valid_to")
MUNICIPALITY_COLUMNS = ("number", "name", "region_code", "valid_from", "valid_to")
CODE_CHANGE_COLUMNS = ("old_number", "old_name", "new_number", "new_name", "changed_on", "reason")
INDICATOR_VALUE_COLUMNS = ("municipality", "indicator", "year", "value")

# JSON-stat specific messages (the generic ones live in ``importers``).
JSONSTAT_NO_DIMENSION = "the dataset has no dimension {dimension!r} (it has {available})"
JSONSTAT_NOT_MUNICIPALITY = "region code {code!r} is not a municipality number (K-NNNN or NNNN)"
JSONSTAT_NOT_YEAR = "time code {code!r} is not a year"
JSONSTAT_CONTENT_REQUIRED = "the dataset has {count} contents ({codes}); pass content_code to choose one"
JSONSTAT_UNKNOWN_CONTENT = "content code {code!r} is not in the dataset (it has {codes})"
JSONSTAT_EXTRA_DIMENSION = ("dimension {dimension!r} has {count} categories; select one in the query "
                            "or pass sum_other_dimensions=True")


def _check_periods(problems: Problems, *, what: str, model: type[Region] | type[Municipality] | type[OfficeName],
                   code_field: str, rows: list[tuple[Row, str, datetime.date, datetime.date | None]]) -> None:
    """Refuse overlapping periods of one code, within the file and against rows already stored
    (a stored row with the same code and valid_from is the one the import will update)."""
    keys = {(code, valid_from) for _row, code, valid_from, _to in rows}
    stored_by_code: dict[str, list] = {}
    for stored in model.objects.filter(**{f"{code_field}__in": {code for _row, code, _from, _to in rows}}):
        stored_by_code.setdefault(getattr(stored, code_field), []).append(stored)
    for i, (row, code, valid_from, valid_to) in enumerate(rows):
        if valid_to is not None and valid_to < valid_from:
            problems.add(imp.PERIOD_ENDS_BEFORE_START.format(valid_to=valid_to, valid_from=valid_from),
                         line=row.line, column="valid_to")
            continue
        period = imp.format_period(valid_from, valid_to)
        for other_row, other_code, other_from, other_to in rows[:i]:
            if other_code == code and imp.periods_overlap(valid_from, valid_to, other_from, other_to):
                problems.add(imp.OVERLAPPING_PERIOD.format(
                    what=what, code=code, period=period, other_period=imp.format_period(other_from, other_to),
                    where=f"line {other_row.line}"), line=row.line, column="valid_from")
        for other in stored_by_code.get(code, ()):
            if not imp.periods_overlap(valid_from, valid_to, other.valid_from, other.valid_to):
                continue
            if (code, other.valid_from) not in keys:
                problems.add(imp.OVERLAPPING_PERIOD.format(
                    what=what, code=code, period=period,
                    other_period=imp.format_period(other.valid_from, other.valid_to), where="already stored"),
                    line=row.line, column="valid_from")


def _duplicate(problems: Problems, seen: dict, key: tuple, row: Row, column: str) -> bool:
    if key in seen:
        problems.add(imp.DUPLICATE_ROW.format(key="/".join(str(k) for k in key), first_line=seen[key]),
                     line=row.line, column=column)
        return True
    seen[key] = row.line
    return False


RegistryRow = Region | Municipality | MunicipalityCodeChange | IndicatorValue | Indicator | OfficeName


def _save(instance: RegistryRow) -> None:
    imp.clean_checked_row(instance)
    instance.save()


def _changed(instance: RegistryRow, **values: object) -> bool:
    """Set the values; whether the row is new or any value differs (an unchanged row is not written again)."""
    changed = instance.pk is None
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


@transaction.atomic
def regions_import_csv(*, path: Path) -> int:
    """Counties with their county-governor office; columns ``code,name,office_name,valid_from,valid_to``."""
    problems = Problems(Path(path).name)
    checked: list[tuple[Row, str, datetime.date, datetime.date | None]] = []
    seen: dict = {}
    for row in read_csv(path, REGION_COLUMNS, problems):
        code = row["code"]
        if not (len(code) == 2 and code.isdigit()):
            problems.add(imp.BAD_REGION_CODE.format(value=code), line=row.line, column="code")
        imp.parse_text(row, "name", problems)
        imp.parse_text(row, "office_name", problems)
        valid_from = imp.parse_date(row, "valid_from", problems)
        valid_to = imp.parse_date(row, "valid_to", problems, required=False)
        if valid_from is not None and not _duplicate(problems, seen, (code, valid_from), row, "valid_from"):
            checked.append((row, code, valid_from, valid_to))
    _check_periods(problems, what="county", model=Region, code_field="code", rows=checked)
    problems.raise_if_any()

    stored = {(r.code, r.valid_from): r for r in Region.objects.filter(code__in={c for _r, c, _f, _t in checked})}
    for row, code, valid_from, valid_to in checked:
        region = stored.get((code, valid_from)) or Region(code=code, valid_from=valid_from)
        if _changed(region, name=row["name"], office_name=row["office_name"], valid_to=valid_to):
            _save(region)
    return len(checked)


@transaction.atomic
def office_names_import_csv(*, path: Path) -> int:
    """The county-governor office's name over time; columns ``county_code,name,valid_from,valid_to``. Periods of
    one county number may not overlap (within the file or with stored rows)."""
    problems = Problems(Path(path).name)
    checked: list[tuple[Row, str, datetime.date, datetime.date | None]] = []
    seen: dict = {}
    for row in read_csv(path, OFFICE_NAME_COLUMNS, problems):
        code = row["county_code"]
        if not (len(code) == 2 and code.isdigit()):
            problems.add(imp.BAD_REGION_CODE.format(value=code), line=row.line, column="county_code")
        imp.parse_text(row, "name", problems)
        valid_from = imp.parse_date(row, "valid_from", problems)
        valid_to = imp.parse_date(row, "valid_to", problems, required=False)
        if valid_from is not None and not _duplicate(problems, seen, (code, valid_from), row, "valid_from"):
            checked.append((row, code, valid_from, valid_to))
    _check_periods(problems, what="county-governor office of county", model=OfficeName, code_field="county_code",
                   rows=checked)
    problems.raise_if_any()

    stored = {(o.county_code, o.valid_from): o
              for o in OfficeName.objects.filter(county_code__in={c for _r, c, _f, _t in checked})}
    for row, code, valid_from, valid_to in checked:
        office = stored.get((code, valid_from)) or OfficeName(county_code=code, valid_from=valid_from)
        if _changed(office, name=row["name"], valid_to=valid_to):
            _save(office)
    return len(checked)


@transaction.atomic
def municipalities_import_csv(*, path: Path) -> int:
    """Municipality numbers with validity; columns ``number,name,region_code,valid_from,valid_to``.

    The county is the row of ``region_code`` valid on the municipality's ``valid_from``.
    """
    problems = Problems(Path(path).name)
    checked: list[tuple[Row, str, datetime.date, datetime.date | None]] = []
    regions: dict[tuple[str, datetime.date], Region] = {}
    regions_by_code: dict[str, list[Region]] = {}
    for stored_region in Region.objects.order_by("valid_from"):
        regions_by_code.setdefault(stored_region.code, []).append(stored_region)
    seen: dict = {}
    for row in read_csv(path, MUNICIPALITY_COLUMNS, problems):
        number = imp.parse_municipality_number(row, "number", problems)
        imp.parse_text(row, "name", problems)
        region_code = imp.parse_text(row, "region_code", problems)
        valid_from = imp.parse_date(row, "valid_from", problems)
        valid_to = imp.parse_date(row, "valid_to", problems, required=False)
        if valid_from is None or number is None:
            continue
        if region_code:
            region = next((r for r in regions_by_code.get(region_code, ()) if r.valid_from <= valid_from
                           and (r.valid_to is None or r.valid_to >= valid_from)), None)  # Region.objects.valid_on
            if region is None:
                problems.add(imp.UNKNOWN_REGION.format(code=region_code, day=valid_from.isoformat()),
                             line=row.line, column="region_code")
                continue
            regions[(number, valid_from)] = region
        if not _duplicate(problems, seen, (number, valid_from), row, "valid_from"):
            checked.append((row, number, valid_from, valid_to))
    _check_periods(problems, what="municipality", model=Municipality, code_field="number", rows=checked)
    problems.raise_if_any()

    stored = {(m.number, m.valid_from): m
              for m in Municipality.objects.filter(number__in={n for _r, n, _f, _t in checked})}
    for row, number, valid_from, valid_to in checked:
        municipality = stored.get((number, valid_from)) or Municipality(number=number, valid_from=valid_from)
        if _changed(municipality, name=row["name"], valid_to=valid_to,
                    region_id=regions[(number, valid_from)].pk):
            _save(municipality)
    return len(checked)


@transaction.atomic
def code_changes_import_csv(*, path: Path) -> int:
    """The change table; columns ``old_number,old_name,new_number,new_name,changed_on,reason``.

    Numbers need not exist as ``Municipality`` rows (the table may reach further back than the rows)."""
    problems = Problems(Path(path).name)
    checked: list[tuple[Row, str, str, datetime.date]] = []
    seen: dict = {}
    for row in read_csv(path, CODE_CHANGE_COLUMNS, problems):
        old = imp.parse_municipality_number(row, "old_number", problems)
        imp.parse_text(row, "old_name", problems)
        new = imp.parse_municipality_number(row, "new_number", problems)
        imp.parse_text(row, "new_name", problems)
        changed_on = imp.parse_date(row, "changed_on", problems)
        if old and new and changed_on and not _duplicate(problems, seen, (old, new, changed_on), row,
                                                         "new_number"):
            checked.append((row, old, new, changed_on))
    problems.raise_if_any()

    stored = {(c.old_number, c.new_number, c.changed_on): c
              for c in MunicipalityCodeChange.objects.filter(old_number__in={o for _r, o, _n, _d in checked})}
    for row, old, new, changed_on in checked:
        change = stored.get((old, new, changed_on)) or MunicipalityCodeChange(old_number=old, new_number=new,
                                                                              changed_on=changed_on)
        if _changed(change, old_name=row["old_name"], new_name=row["new_name"], reason=row["reason"]):
            _save(change)
    return len(checked)


def _indicators(codes: dict[str, int | None], problems: Problems, *, create: bool,
                column: str | None) -> dict[str, Indicator]:
    """The stored indicators named in a file (code → first line); a missing one is a problem unless
    ``create`` (then ``_write_indicator_values`` creates it after the checks)."""
    existing = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    for code, line in codes.items():
        if code in existing:
            continue
        if not create:
            problems.add(imp.UNKNOWN_INDICATOR.format(code=code), line=line, column=column)
        elif not SLUG.match(code):
            problems.add(imp.BAD_INDICATOR_CODE.format(value=code), line=line, column=column)
    return existing


def _write_indicator_values(values: list[tuple[str, Municipality, int, Decimal]],
                            indicators: dict[str, Indicator], *, names: dict[str, str], source: str) -> int:
    for code, name in names.items():
        if code not in indicators:
            indicator = Indicator(code=code, name=name or code, source=source)
            _save(indicator)
            indicators[code] = indicator
    for code, municipality, year, value in values:
        IndicatorValue.objects.update_or_create(
            indicator=indicators[code], municipality=municipality, year=year, defaults={"value": value})
    return len(values)


def _check_same_target(problems: Problems, targets: dict, key: tuple, number: str, line: int | None,
                       day: datetime.date, column: str) -> bool:
    """Two numbers of one file resolving to one municipality (a merger) would overwrite each other."""
    if key in targets and targets[key][0] != number:
        other, other_line = targets[key]
        problems.add(imp.SAME_TARGET.format(number=number, other=other, other_line=other_line,
                                            target=key[1], day=day.isoformat()), line=line, column=column)
        return True
    targets.setdefault(key, (number, line))
    return False


@transaction.atomic
def indicator_values_import_csv(*, path: Path, as_of: datetime.date | None = None,
                                create_indicators: bool = False) -> int:
    """Indicator values in long format; columns ``municipality,indicator,year,value``.

    Numbers are resolved on ``as_of`` if given, else on 1 January of the row's year (see
    ``MunicipalityResolver``). Indicator codes must exist unless ``create_indicators`` (then they are
    created with the code as name). Values are decimals ≥ 0.
    """
    problems = Problems(Path(path).name)
    resolver = imp.MunicipalityResolver(problems)
    codes: dict[str, int | None] = {}
    rows: list[tuple[Row, str, str, int, Decimal]] = []
    seen: dict = {}
    for row in read_csv(path, INDICATOR_VALUE_COLUMNS, problems):
        number = imp.parse_municipality_number(row, "municipality", problems)
        code = imp.parse_text(row, "indicator", problems)
        year = imp.parse_year(row, "year", problems)
        value = imp.parse_decimal(row, "value", problems)
        if code:
            codes.setdefault(code, row.line)
        if None in (number, year, value) or not code:
            continue
        if not _duplicate(problems, seen, (number, code, year), row, "value"):
            rows.append((row, number, code, year, value))
    indicators = _indicators(codes, problems, create=create_indicators, column="indicator")

    values: list[tuple[str, Municipality, int, Decimal]] = []
    targets: dict = {}
    for row, number, code, year, value in rows:
        day = as_of or datetime.date(year, 1, 1)
        municipality = resolver.resolve(number, day, line=row.line, column="municipality")
        if municipality is not None and not _check_same_target(
                problems, targets, (code, municipality.number, year), number, row.line, day, "municipality"):
            values.append((code, municipality, year, value))
    problems.raise_if_any()
    names = {code: code for code in codes if code not in indicators}
    return _write_indicator_values(values, indicators, names=names, source=Path(path).name)


def _jsonstat_municipality_code(code: str) -> str | None:
    number = code[2:] if code.startswith("K-") else code
    return number if len(number) == 4 and number.isdigit() else None


@transaction.atomic
def indicator_values_import_jsonstat(*, path: Path, indicator: str, region_dimension: str = "Region",
                                     time_dimension: str = "Tid", content_code: str | None = None,
                                     as_of: datetime.date | None = None, create_indicators: bool = False,
                                     sum_other_dimensions: bool = False) -> int:
    """Values of one indicator from a JSON-stat 2.0 dataset (Statistics Norway's API format).

    Region codes may be "K-3420" or "3420"; time codes must be years. A ``ContentsCode`` dimension
    with several contents needs ``content_code``. Any other dimension must have one category unless
    ``sum_other_dimensions`` (e.g. sum the ages 0–24 and both sexes of table 07459). Missing values
    (``null``, typically with a status such as ".." or ":") are skipped, not written. Errors name the
    file and a JSON path as the column (no line: the file is one JSON document).
    """
    name = Path(path).name
    problems = Problems(name)
    try:
        dataset = jsonstat.load(path)
    except FileNotFoundError:
        raise problems.fail(imp.FILE_NOT_FOUND) from None
    except UnicodeDecodeError:
        raise problems.fail(imp.NOT_UTF8) from None
    except jsonstat.JsonStatError as error:
        raise problems.fail(error.message, column=error.where or None) from None

    available = ", ".join(dataset.ids)
    for dim in (region_dimension, time_dimension):
        if dim not in dataset.dimensions:
            raise problems.fail(JSONSTAT_NO_DIMENSION.format(dimension=dim, available=available),
                                column="dimension")
    contents = dataset.dimensions.get("ContentsCode")
    content_label = ""
    if contents is not None:
        if content_code is None and len(contents.codes) > 1:
            problems.add(JSONSTAT_CONTENT_REQUIRED.format(count=len(contents.codes),
                                                          codes=", ".join(contents.codes)),
                         column="dimension.ContentsCode")
        elif content_code is not None and content_code not in contents.codes:
            problems.add(JSONSTAT_UNKNOWN_CONTENT.format(code=content_code, codes=", ".join(contents.codes)),
                         column="dimension.ContentsCode")
        content_label = contents.label_of(content_code or contents.codes[0])
    elif content_code is not None:
        problems.add(JSONSTAT_UNKNOWN_CONTENT.format(code=content_code, codes="none"), column="dimension")
    for dim_id in dataset.ids:
        size = len(dataset.dimensions[dim_id].codes)
        if dim_id in (region_dimension, time_dimension, "ContentsCode") or size == 1 or sum_other_dimensions:
            continue
        problems.add(JSONSTAT_EXTRA_DIMENSION.format(dimension=dim_id, count=size), column=f"dimension.{dim_id}")
    for code in dataset.dimensions[region_dimension].codes:
        if _jsonstat_municipality_code(code) is None:
            problems.add(JSONSTAT_NOT_MUNICIPALITY.format(code=code), column=f"dimension.{region_dimension}")
    for code in dataset.dimensions[time_dimension].codes:
        if not (code.isdigit() and len(code) == 4):
            problems.add(JSONSTAT_NOT_YEAR.format(code=code), column=f"dimension.{time_dimension}")
    indicators = _indicators({indicator: None}, problems, create=create_indicators, column=None)
    problems.raise_if_any()

    totals: dict[tuple[str, int], Decimal] = {}
    for cell in dataset.cells():
        if cell.value is None:
            continue
        if content_code is not None and cell.categories.get("ContentsCode") != content_code:
            continue
        where = f"value[{cell.position}]"
        if cell.value < 0:
            problems.add(imp.NEGATIVE_VALUE.format(value=cell.value), column=where)
            continue
        number = _jsonstat_municipality_code(cell.categories[region_dimension]) or ""
        key = (number, int(cell.categories[time_dimension]))
        totals[key] = totals.get(key, Decimal(0)) + cell.value

    resolver = imp.MunicipalityResolver(problems)
    values: list[tuple[str, Municipality, int, Decimal]] = []
    targets: dict = {}
    for (number, year), value in totals.items():
        day = as_of or datetime.date(year, 1, 1)
        column = f"dimension.{region_dimension}"
        municipality = resolver.resolve(number, day, line=None, column=column)
        if municipality is not None and not _check_same_target(
                problems, targets, (indicator, municipality.number, year), number, None, day, column):
            values.append((indicator, municipality, year, value))
    problems.raise_if_any()
    names = {} if indicator in indicators else {indicator: content_label or dataset.label or indicator}
    return _write_indicator_values(values, indicators, names=names, source=dataset.source or name)


@transaction.atomic
def registry_load_reference_data() -> None:
    """Load the shipped code lists (``registry/data/``): counties, municipalities, code changes.

    Idempotent: rows are matched on their natural keys and updated, never duplicated.
    """
    regions_import_csv(path=DATA_DIR / "regions.csv")
    office_names_import_csv(path=DATA_DIR / "office_names.csv")
    municipalities_import_csv(path=DATA_DIR / "municipalities.csv")
    code_changes_import_csv(path=DATA_DIR / "code_changes.csv")


__all__ = [
    "ImportFailed",
    "code_changes_import_csv",
    "indicator_values_import_csv",
    "indicator_values_import_jsonstat",
    "municipalities_import_csv",
    "office_names_import_csv",
    "regions_import_csv",
    "registry_load_reference_data",
]
