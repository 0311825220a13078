"""/api/selection-decisions and /api/draws: national roles and the round's county governors and resource
groups; municipalities, competence centres and outsiders see nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from samla.calls.models import SelectionDecision, StratifiedDraw, ViolationOverride

ALLOWED = ["directorate", "evaluator", "governor", "resource", "governor_other_region", "resource_other_region"]
REFUSED = ["elverum", "tynset", "competence", "outsider"]
SEED = 2**61 + 12345  # beyond 2^53: must survive as text


@pytest.fixture
def decided(api_world):
    decision = SelectionDecision.objects.create(programme_round=api_world.round, note="Vedtak om deltakelse",
                                                decided_at=timezone.now(), decided_by=api_world.users["directorate"])
    decision.selected.set([api_world.apps["tynset"], api_world.apps["trondheim"]])
    ViolationOverride.objects.create(decision=decision, code="missing_political_decision", subject="5001",
                                     reason="Vedtaket kommer i høst.")
    draw = StratifiedDraw.objects.create(programme_round=api_world.round, seed=SEED, per_stratum=1,
                                         candidates={"3427": 5600, "5001": 205000},
                                         result={"0-5000": [], "5001-20000": ["3427"], "50001+": ["5001"]},
                                         drawn_at=timezone.now(), drawn_by=api_world.users["directorate"])
    return decision, draw


@pytest.mark.parametrize("who", ALLOWED)
def test_allowed_roles_read_decisions_overrides_and_draws(decided, as_user, who) -> None:
    decision, draw = decided
    client = as_user(who)
    body = client.get("/api/selection-decisions").json()
    assert body["count"] == 1
    item = body["items"][0]
    # As on the pages: the national roles read the whole decision, a region's county governor and resource
    # group the selected of their region and the overrides about them.
    numbers = {"directorate": ["3427", "5001"], "evaluator": ["3427", "5001"], "governor": ["3427"],
               "resource": ["3427"], "governor_other_region": ["5001"], "resource_other_region": ["5001"]}[who]
    assert [s["municipality"]["number"] for s in item["selected"]] == numbers
    override = {"code": "missing_political_decision", "subject": "5001", "reason": "Vedtaket kommer i høst."}
    assert item["overrides"] == ([override] if "5001" in numbers else [])
    detail = client.get(f"/api/selection-decisions/{decision.pk}").json()
    assert detail["note"] == "Vedtak om deltakelse" and detail["selected"] == item["selected"]
    draws = client.get("/api/draws", programme="pilot").json()
    assert draws["count"] == 1
    assert draws["items"][0]["seed"] == str(SEED)
    assert draws["items"][0]["result"]["50001+"] == ["5001"]


@pytest.mark.parametrize("who", REFUSED)
def test_others_see_nothing_and_get_404(decided, as_user, who) -> None:
    decision, _ = decided
    client = as_user(who)
    assert client.get("/api/selection-decisions").json()["count"] == 0
    assert client.get("/api/draws").json()["count"] == 0
    assert client.get(f"/api/selection-decisions/{decision.pk}").status_code == 404


def test_programme_filter(decided, as_user) -> None:
    assert as_user("directorate").get("/api/selection-decisions", programme="other").json()["count"] == 0
