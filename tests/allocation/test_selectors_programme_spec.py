"""The engine input rebuilt from the database gives exactly the allocation of the folder itself."""

from __future__ import annotations

from samla.allocation.models import Programme
from samla.allocation.selectors import draft_allocation, programme_spec
from samla.core.allocation import allocate, load_programme_folder
from tests.conftest import PILOT


def test_round_trip_gives_the_same_allocation(pilot: Programme) -> None:
    from_folder = allocate(load_programme_folder(PILOT))
    from_db = draft_allocation(pilot)
    assert from_db.totals == from_folder.totals == {2020: 39_310_000, 2021: 40_529_000, 2022: 41_583_000}
    assert from_db.amounts == from_folder.amounts
    assert len(from_db.amounts) == 36
    assert from_db.continuation_rows == from_folder.continuation_rows
    assert from_db.warnings == from_folder.warnings


def test_round_trip_keeps_every_input(pilot: Programme) -> None:
    folder = load_programme_folder(PILOT)
    spec = programme_spec(pilot)
    assert spec.municipalities == folder.municipalities
    assert [(s.key, s.method, s.base_year) for s in spec.schemes] == [
        (s.key, s.method, s.base_year) for s in folder.schemes]
    assert dict(spec.growth) == dict(folder.growth)
    assert dict(spec.awards) == dict(folder.awards)
    assert dict(spec.decided) == dict(folder.decided)
    assert spec.continuations == folder.continuations
    assert (spec.years, spec.rounding_unit, spec.residual_policy, spec.floor, spec.budget) == (
        folder.years, folder.rounding_unit, folder.residual_policy, folder.floor, folder.budget)


def test_spec_takes_a_constant_number_of_queries(pilot: Programme, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(8):
        programme_spec(pilot)


def test_round_trip_explains_the_same_way(pilot: Programme) -> None:
    from_folder = allocate(load_programme_folder(PILOT))
    from_db = draft_allocation(pilot)
    for number, year in [("3420", 2021), ("5001", 2020), ("3812", 2022)]:
        assert from_db.explain(number, year) == from_folder.explain(number, year)
