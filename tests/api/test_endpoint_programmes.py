"""/api/me, /api/programmes and /api/programmes/{slug}/allocation (integer NOK, rows within scope)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from samla.allocation.models import AllocationRun
from samla.api.endpoints.programmes import NO_DECIDED_ALLOCATION
from samla.api.services import api_token_create
from samla.registry.models import Municipality, Region
from tests.api.conftest import TokenClient
from tests.personas import make_personas


def test_programme_round_is_shown_only_to_those_who_may_read_it(api_world, as_user) -> None:
    body = as_user("directorate").get("/api/programmes").json()
    assert body["count"] == 1
    programme = body["items"][0]
    assert programme["slug"] == "pilot" and programme["first_year"] == 2020
    assert programme["round"]["status"] == "open"
    assert [r["code"] for r in programme["round"]["regions"]] == ["34", "50"]
    assert as_user("governor").get("/api/programmes/pilot").json()["round"]["status"] == "open"
    for who in ("elverum", "resource", "outsider"):
        assert as_user(who).get("/api/programmes/pilot").json()["round"] is None, who


def test_programme_filters_and_missing_slug(api_world, as_user) -> None:
    directorate = as_user("directorate")
    assert directorate.get("/api/programmes", status="open").json()["count"] == 1
    assert directorate.get("/api/programmes", status="closed").json()["count"] == 0
    assert directorate.get("/api/programmes", year=2021).json()["count"] == 1
    assert directorate.get("/api/programmes", year=2030).json()["count"] == 0
    # Status filters only on rounds the user may read: it does not reveal a round's status to others.
    assert as_user("elverum").get("/api/programmes", status="open").json()["count"] == 0
    assert directorate.get("/api/programmes/nope").status_code == 404


def _client(user) -> TokenClient:
    return TokenClient(api_token_create(actor=user, name="t")[1])


@pytest.fixture
def pilot_users(decided_pilot):
    """A token client per standard persona (tests/personas.py) around the imported pilot."""
    elverum = Municipality.objects.get(number="3420")
    users = make_personas(region=elverum.region, other_region=None, municipalities={"elverum": elverum},
                          keys=["directorate", "evaluator", "governor", "outsider"])
    return {key: _client(user) for key, user in users.items()}


def test_allocation_amounts_are_integer_nok_and_match_the_pilot(pilot, pilot_users) -> None:
    body = pilot_users["directorate"].get(f"/api/programmes/{pilot.slug}/allocation", page_size=100).json()
    assert body["count"] == 12 * 3
    run = AllocationRun.objects.get(programme=pilot, locked_at__isnull=False)
    assert {(r["run"], r["result_sha256"]) for r in body["items"]} == {(run.number, run.result_sha256)}
    amounts = {(r["municipality"]["number"], r["year"]): r["amount"] for r in body["items"]}
    assert amounts[("3420", 2020)] == 2_700_000
    assert amounts[("3420", 2021)] == 2_784_000
    assert amounts[("3427", 2022)] == 1_894_000
    assert all(isinstance(a, int) for a in amounts.values())
    assert all(r["explanation"] is None for r in body["items"])


def test_allocation_rows_follow_the_readers_scope(pilot, pilot_users) -> None:
    path = f"/api/programmes/{pilot.slug}/allocation"
    innlandet = Region.objects.get(municipalities__number="3420")
    in_region = Municipality.objects.filter(region=innlandet, participations__programme=pilot).count()
    assert pilot_users["evaluator"].get(path).json()["count"] == 36
    assert pilot_users["governor"].get(path).json()["count"] == in_region * 3
    own = pilot_users["elverum"].get(path).json()
    assert {r["municipality"]["number"] for r in own["items"]} == {"3420"}
    assert pilot_users["outsider"].get(path).json()["count"] == 0


def test_allocation_filters_and_explanation_parts_sum_to_the_amount(pilot, pilot_users) -> None:
    body = pilot_users["directorate"].get(f"/api/programmes/{pilot.slug}/allocation", municipality="3420",
                                          year=2021, explain=True).json()
    assert body["count"] == 1
    row = body["items"][0]
    assert row["amount"] == 2_784_000
    explanation = row["explanation"]
    assert explanation["rule"] and explanation["parts"]
    assert sum(Fraction(p["value"]) for p in explanation["parts"]) == row["amount"]


def test_allocation_is_the_locked_runs_not_a_fresh_computation(pilot, pilot_users) -> None:
    """A rules change after locking changes nothing the API says: it serves the decided amounts."""
    growth = pilot.growth_factors.get(year=2021)
    growth.rate = Decimal("0.5")
    growth.save()
    body = pilot_users["directorate"].get(f"/api/programmes/{pilot.slug}/allocation", municipality="3420",
                                          year=2021).json()
    assert body["items"][0]["amount"] == 2_784_000


def test_allocation_of_a_programme_without_a_locked_run_is_404(reference_data, pilot_users) -> None:
    from samla.allocation.models import Programme

    Programme.objects.create(slug="undecided", name="Undecided", first_year=2027, last_year=2028)
    response = pilot_users["directorate"].get("/api/programmes/undecided/allocation")
    assert response.status_code == 404
    assert response.json()["detail"] == NO_DECIDED_ALLOCATION


def test_me_lists_roles_with_scope(api_world, as_user) -> None:
    assert as_user("governor").get("/api/me").json() == {"username": "gov", "roles": ["county_governor@region:34"]}
    assert as_user("directorate").get("/api/me").json()["roles"] == ["directorate@national"]
    assert as_user("outsider").get("/api/me").json()["roles"] == []
