"""/api/calls: each persona sees its region's calls (municipalities too); others get 404."""

from __future__ import annotations

import pytest

SEES = {
    "directorate": {"34", "50"}, "evaluator": {"34", "50"}, "governor": {"34"}, "resource": {"34"},
    "competence": {"34"}, "governor_other_region": {"50"}, "resource_other_region": {"50"}, "elverum": {"34"},
    "tynset": {"34"}, "trondheim": {"50"}, "outsider": set(),
}


@pytest.mark.parametrize("who", sorted(SEES))
def test_list_and_detail_within_scope(api_world, as_user, who) -> None:
    client = as_user(who)
    body = client.get("/api/calls").json()
    assert {c["region"]["code"] for c in body["items"]} == SEES[who]
    for code, call in (("34", api_world.calls["innlandet"]), ("50", api_world.calls["trondelag"])):
        response = client.get(f"/api/calls/{call.pk}")
        assert response.status_code == (200 if code in SEES[who] else 404), (who, code)


def test_call_detail_content_and_filters(api_world, as_user) -> None:
    call = api_world.calls["innlandet"]
    body = as_user("elverum").get(f"/api/calls/{call.pk}").json()
    assert body["case_number"] == "Sak 2019/innlandet"
    assert body["programme"] == "pilot"
    assert [c["title"] for c in body["criteria"]] == ["Motivasjon og kapasitet", "Politisk forankring"]
    directorate = as_user("directorate")
    assert directorate.get("/api/calls", region="50").json()["count"] == 1
    assert directorate.get("/api/calls", programme="pilot").json()["count"] == 2
    assert directorate.get("/api/calls", programme="other").json()["count"] == 0
    assert directorate.get("/api/calls/999999").status_code == 404
