"""The fast paths give exactly what the plain paths give, on random programmes (hypothesis).

- The engine (integer numerators over common denominators, schemes summed by indicator) against the reference
  path (tests/core/reference_allocation.py: one Fraction per share, scheme by scheme): every amount, total,
  continuation row, warning and explanation, or the same error.
- The programme folder's bulk reader against its careful row-by-row reader: the same values, or the same error
  naming the same file, line and column.
"""

from __future__ import annotations

import string
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samla.core.allocation import (
    AllocationError,
    Continuation,
    GrowthFactor,
    MunicipalityRef,
    ProgrammeSpec,
    SchemeRule,
    allocate,
)
from samla.core.allocation import folder as folder_reader
from tests.core.reference_allocation import reference_allocate

INDICATORS = ("pop", "kids", "low_income")
DECIMALS = st.builds(lambda n, places: Decimal(n).scaleb(-places), st.integers(0, 10**7), st.integers(0, 3))


@st.composite
def programmes(draw) -> ProgrammeSpec:
    n = draw(st.integers(1, 12))
    numbers = [f"{x:04d}" for x in sorted(draw(st.sets(st.integers(1, 9999), min_size=n, max_size=n)))]
    years = tuple(range(2020, 2020 + draw(st.integers(1, 4))))
    unit = draw(st.sampled_from([1, 10, 1000]))
    schemes: list[SchemeRule] = []
    for i in range(draw(st.integers(1, 6))):
        method = draw(st.sampled_from(["historical", "historical", "key", "rate"]))
        key = f"{100 + i}.6{i % 10}"
        if method == "historical":
            schemes.append(SchemeRule(key, "historical", base_year=draw(st.sampled_from([None, 2018, 2019]))))
        elif method == "key":
            schemes.append(SchemeRule(key, "key", budget=draw(st.integers(0, 20_000_000)),
                                      indicator=draw(st.sampled_from(INDICATORS)),
                                      indicator_year=draw(st.sampled_from([None, 2019]))))
        else:
            schemes.append(SchemeRule(key, "rate", rate=draw(DECIMALS), indicator=draw(st.sampled_from(INDICATORS)),
                                      indicator_year=draw(st.sampled_from([None, 2019]))))
    awards = {}
    for m in numbers:
        for rule in schemes:
            for year in (2018, 2019):
                if draw(st.booleans()):
                    awards[(m, rule.key, year)] = draw(st.integers(0, 30_000_000))
    awards[(numbers[0], "x.00", 2019)] = 5  # an award of a scheme that is not pooled is ignored
    indicators = {(m, code, 2019): draw(DECIMALS) for m in numbers for code in INDICATORS}
    if draw(st.integers(0, 9)) == 0:  # now and then a value is missing: both paths must refuse alike
        del indicators[(draw(st.sampled_from(numbers)), draw(st.sampled_from(INDICATORS)), 2019)]
    growth = {y: GrowthFactor(y, Decimal(draw(st.integers(-300, 300))).scaleb(-3), "generated") for y in years[1:]}
    decided = {}
    if draw(st.integers(0, 3)) == 0:
        decided = {(m, years[0]): draw(st.integers(0, 20_000_000)) for m in numbers}
    continuations = tuple(
        Continuation(m, draw(st.sampled_from([r.key for r in schemes])), draw(st.sampled_from(years)),
                     draw(st.integers(0, 3_000_000)))
        for m in numbers if draw(st.integers(0, 3)) == 0)
    spec = ProgrammeSpec(
        name="generated", years=years, municipalities=tuple(MunicipalityRef(m, f"M{m}", "R") for m in numbers),
        schemes=tuple(schemes), rounding_unit=unit,
        residual_policy=draw(st.sampled_from(["largest", "largest_remainder"])),
        floor=draw(st.sampled_from([0, 0, 1_000_000, 5_000_000])), growth=growth, awards=awards,
        indicators=indicators, decided=decided, continuations=continuations,
        surplus=draw(st.sampled_from(["indicator", "equal", "pot"])),
        surplus_indicator=draw(st.sampled_from(INDICATORS)),
        surplus_indicator_year=2019,
    )
    if draw(st.booleans()):
        budget = draw(st.one_of(st.integers(0, 300_000_000), st.integers(10**9, 5 * 10**9))) // unit * unit
        spec = replace(spec, budget=budget)
    return spec


def _outcome(compute, spec: ProgrammeSpec):
    try:
        return compute(spec), None
    except AllocationError as error:
        return None, (type(error).__name__, str(error))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes())
def test_the_engine_equals_the_plain_fraction_computation(spec: ProgrammeSpec) -> None:
    fast, fast_error = _outcome(allocate, spec)
    plain, plain_error = _outcome(reference_allocate, spec)
    assert fast_error == plain_error
    if fast is None:
        return
    assert dict(fast.amounts) == plain.amounts
    assert dict(fast.totals) == plain.totals
    assert fast.continuation_rows == tuple(plain.continuation_rows)
    assert [str(w) for w in fast.warnings] == [str(w) for w in plain.warnings]
    for m in spec.municipalities:
        for year in spec.years:
            assert fast.explain(m.number, year) == plain.explain(m.number, year)
        for rule in spec.schemes:
            assert fast.trace.entitlements[(m.number, rule.key)] == plain.entitlements[(m.number, rule.key)]


# --- The folder reader: bulk against careful ----------------------------------------------------------------

KNOWN = {"3420", "3427", "5001"}
SCHEME_KEYS = {"231.63", "765.60"}
CELL = st.one_of(
    st.sampled_from(["3420", "3427", "5001", "9999", "342", "231.63", "765.60", "1.23", "2019", "2020", "19",
                     "0", "100", "007", "12.5", "-5", "+5", "1_000", "", "pop", "Pop", "a b"]),
    st.text(alphabet=string.digits + ",.#\" \t-", max_size=6),
    st.text(max_size=4),
)


@st.composite
def files(draw, columns: tuple[str, ...]) -> str:
    lines = []
    if draw(st.booleans()):
        lines.append("# a comment")
    lines.append(",".join(columns) if draw(st.integers(0, 15)) else draw(st.sampled_from(
        [",".join(reversed(columns)), ",".join(columns) + " ", ""])))
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 12)) == 0:
            lines.append(draw(st.sampled_from(["", "# later comment", "  "])))
            continue
        if draw(st.integers(0, 3)):  # mostly valid rows
            row = {"municipality": draw(st.sampled_from(sorted(KNOWN))),
                   "scheme": draw(st.sampled_from(sorted(SCHEME_KEYS))),
                   "indicator": draw(st.sampled_from(["pop", "kids"])),
                   "year": draw(st.sampled_from(["2019", "2020"])),
                   "amount": str(draw(st.integers(0, 10**9))), "value": str(draw(DECIMALS))}
            cells = [row[c] for c in columns]
        else:
            cells = [draw(CELL) for _ in columns]
            if draw(st.integers(0, 5)) == 0:
                cells = cells[:-1] if draw(st.booleans()) else [*cells, "1"]
        lines.append(",".join(cells))
    ending = draw(st.sampled_from(["\n", "\r\n", ""]))
    return ending.join(lines) + (ending if lines else "")


def _read(path: Path, columns, years, careful: bool):
    try:
        return folder_reader._read_keyed(path, columns, KNOWN, SCHEME_KEYS if "scheme" in columns else None,
                                         years, careful=careful), None
    except AllocationError as error:
        return None, str(error)


@pytest.mark.parametrize(("columns", "years"), [
    (folder_reader.AWARDS, None), (folder_reader.INDICATORS, None), (folder_reader.DECIDED, {2020}),
    (folder_reader.CONTINUATIONS, {2020}),
])
def test_the_bulk_reader_equals_the_careful_reader(tmp_path: Path, columns, years) -> None:
    path = tmp_path / "table.csv"

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(files(columns))
    def check(text: str) -> None:
        path.write_bytes(text.encode("utf-8"))
        assert _read(path, columns, years, careful=False) == _read(path, columns, years, careful=True)

    check()


def test_the_bulk_reader_takes_a_plain_file_and_leaves_a_doubtful_one(tmp_path: Path) -> None:
    plain = tmp_path / "awards.csv"
    plain.write_text("municipality,scheme,year,amount\n3420,231.63,2019,387000\n", encoding="utf-8")
    assert folder_reader._plain_rows(plain.read_text(), folder_reader.AWARDS) == [["3420", "231.63", "2019", "387000"]]
    quoted = '# Awards\nmunicipality,scheme,year,amount\n"3420",231.63,2019,387000\n'
    assert folder_reader._plain_rows(quoted, folder_reader.AWARDS) is None
    plain.write_text(quoted, encoding="utf-8")
    assert folder_reader._read_keyed(plain, folder_reader.AWARDS, KNOWN, SCHEME_KEYS, None) == \
        {("3420", "231.63", 2019): 387000}
