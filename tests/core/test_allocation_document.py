"""The stored form of an allocation result: one serialiser, one reader, a schema version, old runs still readable.

tests/allocation/data/run-v1-pilot-*.json are the pilot's results exactly as allocation runs stored them before
the document had a version (made by that code, as run 1 of the demo was stored): the reader must give the same
amounts, totals, continuations, warnings and explanations as a fresh computation.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samla.core.allocation import (
    SCHEMA_VERSION,
    AllocationError,
    allocate_scenario,
    load_programme_folder,
    result_from_data,
    result_to_data,
)
from samla.core.allocation.document import UNKNOWN_VERSION
from tests.conftest import PILOT

DATA = Path(__file__).resolve().parent.parent / "allocation" / "data"


def _same(stored, computed) -> None:
    assert dict(stored.amounts) == dict(computed.amounts)
    assert dict(stored.totals) == dict(computed.totals)
    assert [str(w) for w in stored.warnings] == [str(w) for w in computed.warnings]
    assert stored.scenario == computed.scenario and stored.years == computed.years
    for m in computed.municipalities:
        for year in computed.years:
            assert stored.explain(m.number, year) == computed.explain(m.number, year)


@pytest.mark.parametrize("scenario", ["as_run", "strict_pooling"])
def test_a_run_stored_before_the_schema_version_reads_as_the_engine_computes_it(scenario: str) -> None:
    document = json.loads((DATA / f"run-v1-pilot-{scenario.replace('_', '-')}.json").read_text(encoding="utf-8"))
    assert "schema" not in document  # really the old format
    stored = result_from_data(document)
    computed = allocate_scenario(load_programme_folder(PILOT), scenario)
    _same(stored, computed)
    # What version 1 did not store is derived from what it did: the schemes and the hold-harmless baselines.
    assert [s.key for s in stored.schemes] == [s.key for s in computed.schemes]
    assert {s.method for s in stored.schemes} == {"historical"}
    rows = {(r.municipality, r.year): r for r in stored.continuation_rows}
    for row in computed.continuation_rows:
        old = rows[(row.municipality, row.year)]
        assert (old.baseline, old.programme, old.continuations, old.as_run, old.strict_programme) == \
            (row.baseline, row.programme, row.continuations, row.as_run, row.strict_programme)
        assert old.by_scheme == ()  # version 1 kept no split by scheme


@pytest.mark.parametrize("scenario", ["as_run", "strict_pooling", "without_continuations"])
def test_the_serialiser_and_the_reader_round_trip(scenario: str) -> None:
    computed = allocate_scenario(load_programme_folder(PILOT), scenario)
    document = result_to_data(computed)
    assert document["schema"] == SCHEMA_VERSION == 2
    again = json.loads(json.dumps(document))  # what the database gives back
    stored = result_from_data(again)
    _same(stored, computed)
    assert stored.continuation_rows == computed.continuation_rows
    assert stored.schemes == tuple(s.__class__(s.key, s.method, s.title, s.ministry, s.base_year)
                                   for s in computed.schemes)
    assert stored.trace is None
    assert result_to_data(stored) == document  # a stored result serialises to the same document


def test_the_strict_pooling_explanation_ends_in_the_deduction() -> None:
    stored = result_from_data(result_to_data(allocate_scenario(load_programme_folder(PILOT), "strict_pooling")))
    e = stored.explain("5001", 2020)
    assert e.amount == 12_300_000 - 7_041_000 == sum(p.value for p in e.parts)
    assert e.parts[-1].code == "continuation"


def test_an_unknown_version_or_a_broken_document_is_refused_clearly() -> None:
    with pytest.raises(AllocationError) as error:
        result_from_data({"schema": 99, "years": []})
    assert error.value.text.template == UNKNOWN_VERSION
    assert str(error.value) == "a stored allocation of schema version 99 cannot be read (known: 1 and 2)"
    with pytest.raises(AllocationError, match="not a stored allocation result"):
        result_from_data({"schema": 2, "years": [2020]})
    with pytest.raises(AllocationError, match="not a stored allocation result"):
        result_from_data(["not", "a", "document"])  # type: ignore[arg-type]
