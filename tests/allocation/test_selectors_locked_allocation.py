"""One reader of decided amounts: ``locked_allocation`` / ``stored_allocation`` (samla/allocation/selectors.py).

The programme page, the run pages, the letters and the API read the locked run through it, never a fresh
computation; a run stored in the format of before the schema version (tests/allocation/data) reads the same.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from samla.allocation import letters, runs
from samla.allocation.models import AllocationRun, Programme
from samla.allocation.selectors import locked_allocation, stored_allocation
from samla.registry.models import Municipality
from tests.allocation.conftest import nok

DATA = Path(__file__).resolve().parent / "data"


def _stored_in_old_format(programme: Programme, scenario: str = "as_run") -> AllocationRun:
    """A locked run whose result is a version-1 document, its places pointed at this database's rows."""
    document = json.loads((DATA / f"run-v1-pilot-{scenario.replace('_', '-')}.json").read_text(encoding="utf-8"))
    ids = {m.number: (m.pk, m.region_id) for m in Municipality.objects.filter(participations__programme=programme)}
    for row in document["municipalities"]:
        row["id"], row["region_id"] = ids[row["number"]]
    return AllocationRun.objects.create(
        programme=programme, number=1, scenario=scenario, options={"scenario": scenario}, input_json="{}",
        input_sha256="0" * 64, result=document, result_sha256=runs.sha256(runs.canonical_json(document)),
        totals=document["totals"], total=sum(document["totals"].values()), warnings=[],
        locked_at=timezone.now(), lock_reason="Stored before the schema version.")


def test_before_any_run_is_locked_nothing_is_decided(pilot: Programme) -> None:
    assert locked_allocation(pilot) is None


def test_the_decided_amounts_are_the_locked_runs(decided_pilot: Programme) -> None:
    decided = locked_allocation(decided_pilot)
    assert decided is not None and decided.locked
    elverum = Municipality.objects.get(number="3420", participations__programme=decided_pilot)
    assert decided.amount("3420", 2021) == decided.amount_for(elverum.pk, 2021) == 2_784_000
    assert decided.amount_for(elverum.pk, 2030) is None and decided.amount_for(-1, 2021) is None
    trondheim = Municipality.objects.get(number="5001", participations__programme=decided_pilot)
    row = decided.row_for(trondheim.pk, 2020)
    assert (row.programme, row.continuations, row.by_scheme) == (12_300_000, 7_041_000, (("765.60", 7_041_000),))
    assert [m.name for m in decided.municipalities()][:4] == ["Elverum", "Nordre Land", "Tynset", "Vestre Toten"]


def test_a_rules_change_after_locking_changes_no_decided_amount(decided_pilot: Programme, client: Client) -> None:
    growth = decided_pilot.growth_factors.get(year=2021)
    growth.rate = Decimal("0.5")
    growth.save()
    assert locked_allocation(decided_pilot).amount("3420", 2021) == 2_784_000
    html = client.get(f"/programmes/{decided_pilot.slug}/").content.decode()
    assert nok(2_784_000) in html and nok(40_529_000) in html
    assert "draft-amount" not in html  # an anonymous reader sees the decision only


def test_a_reader_with_a_role_sees_where_a_draft_would_differ(decided_pilot: Programme, client: Client,
                                                              people) -> None:
    growth = decided_pilot.growth_factors.get(year=2021)
    growth.rate = Decimal("0.5")
    growth.save()
    client.force_login(people["directorate"])
    html = client.get(f"/programmes/{decided_pilot.slug}/").content.decode()
    assert "Vedtatte beløp: låst fordelingskjøring 1" in html
    assert "Et utkast beregnet etter dagens regler gir andre beløp på 24 steder" in html  # 12 × 2021 and 2022
    assert html.count('class="draft-amount"') == 24
    draft = client.get(f"/programmes/{decided_pilot.slug}/explain/3420/2021/?draft=1",
                       headers={"HX-Request": "true"}).content.decode()
    assert "Utkast beregnet etter dagens regler: ikke vedtatt" in draft
    decided = client.get(f"/programmes/{decided_pilot.slug}/explain/3420/2021/",
                         headers={"HX-Request": "true"}).content.decode()
    assert "Som vedtatt i låst fordelingskjøring 1" in decided and nok(2_784_000) in decided


def test_a_programme_without_a_locked_run_shows_a_labelled_draft(pilot: Programme, client: Client) -> None:
    html = client.get(f"/programmes/{pilot.slug}/").content.decode()
    assert "Utkast: ikke vedtatt" in html and "Utkast til fordeling per kommune og år" in html
    assert nok(2_784_000) in html


def test_a_run_stored_in_the_old_format_reads_everywhere(pilot: Programme, client: Client, people) -> None:
    run = _stored_in_old_format(pilot)
    decided = locked_allocation(pilot)
    assert decided.run == run and decided.amount("5001", 2020) == 12_300_000
    html = client.get(f"/programmes/{pilot.slug}/").content.decode()
    assert "Vedtatte beløp: låst fordelingskjøring 1" in html and nok(121_422_000) in html
    assert "Kap. 765.60" in html or "765.60" in html
    elverum = Municipality.objects.select_related("region").get(number="3420", participations__programme=pilot)
    content = letters.letter_content(allocation=decided, municipality=elverum, today=datetime.date(2020, 1, 15))
    assert content.amounts == ((2020, 2_700_000), (2021, 2_784_000), (2022, 2_856_000))
    client.force_login(people["elverum"])
    detail = client.get(f"/programmes/{pilot.slug}/runs/1/").content.decode()
    assert nok(2_784_000) in detail and "Trondheim" not in detail  # the municipality sees its own row


def test_the_stored_result_is_read_once_per_run_object(decided_pilot: Programme,
                                                       django_assert_num_queries) -> None:
    run = AllocationRun.objects.get(programme=decided_pilot)
    with django_assert_num_queries(0):
        assert stored_allocation(run) is stored_allocation(run)


@pytest.mark.parametrize("scenario", ["as_run", "strict_pooling"])
def test_old_and_new_runs_of_the_same_input_agree(pilot: Programme, people, scenario: str) -> None:
    from samla.allocation import services

    old = stored_allocation(_stored_in_old_format(pilot, scenario))
    new = stored_allocation(services.allocation_run_create(actor=people["directorate"], programme=pilot,
                                                           options=runs.RunOptions(scenario)))
    assert dict(old.result.amounts) == dict(new.result.amounts)
    assert [str(w) for w in old.result.warnings] == [str(w) for w in new.result.warnings]
    assert old.result.explain("5001", 2020) == new.result.explain("5001", 2020)
