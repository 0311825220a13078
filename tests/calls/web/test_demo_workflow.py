"""``samla.demo.calls.demo_load_workflow``: the pilot's 2019 round as it happened and an open demo round."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samla.allocation.models import Participant, Programme
from samla.audit.models import AuditEvent
from samla.calls.models import (
    Application,
    Assessment,
    Call,
    PoliticalDecision,
    ProgrammeRound,
    Recommendation,
    SelectionDecision,
)
from samla.demo.calls import OPEN_SLUG, demo_load_workflow

PILOT_NUMBERS = ["3420", "3427", "3443", "3448", "3801", "3805", "3812", "3813", "5001", "5007", "5014", "5060"]


@pytest.fixture
def loaded(pilot):
    done = demo_load_workflow()
    assert len(done) == 2
    return pilot


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (
        ProgrammeRound, Call, Application, Assessment, PoliticalDecision, Recommendation, SelectionDecision,
        Participant, AuditEvent, Programme, get_user_model())}


def test_without_the_pilot_it_does_nothing(db) -> None:
    assert demo_load_workflow() == []
    assert not ProgrammeRound.objects.exists()


def test_the_2019_round_is_recorded_as_it_happened(loaded) -> None:
    programme_round = ProgrammeRound.objects.get(programme=loaded)
    assert programme_round.status == ProgrammeRound.Status.CLOSED
    calls = {c.region.name: c for c in programme_round.calls.all()}
    assert set(calls) == {"Innlandet", "Trøndelag", "Vestfold og Telemark"}
    assert calls["Vestfold og Telemark"].case_number == "Sak 2019/6452"
    assert calls["Innlandet"].case_number == "Sak 2019/10445"
    assert calls["Innlandet"].preliminary_deadline.date().isoformat() == "2019-05-31"
    applications = Application.objects.filter(call__programme_round=programme_round)
    assert sorted(a.municipality.number for a in applications) == PILOT_NUMBERS
    assert all(a.status == Application.Status.SUBMITTED for a in applications)
    assert PoliticalDecision.objects.filter(application__in=applications).count() == 12
    assert Assessment.objects.filter(application__in=applications).count() == 24
    assert Recommendation.objects.filter(call__programme_round=programme_round).count() == 3
    decision = SelectionDecision.objects.get(programme_round=programme_round)
    assert sorted(a.municipality.number for a in decision.selected.all()) == PILOT_NUMBERS
    assert not decision.overrides.exists()
    # The pilot's participants were already there: none added, none duplicated.
    assert sorted(Participant.objects.filter(programme=loaded).values_list("municipality__number", flat=True)) \
        == PILOT_NUMBERS
    event = AuditEvent.objects.get(action="selection.decide")
    assert event.after["participants_added"] == []
    assert "Elverum kommune vil samle tjenestene" in applications.get(municipality__number="3420").development_work


def test_the_open_round_lets_the_demo_users_walk_through(loaded, client) -> None:
    programme_round = ProgrammeRound.objects.get(programme__slug=OPEN_SLUG)
    assert programme_round.status == ProgrammeRound.Status.OPEN
    call = programme_round.calls.get()
    assert call.region.name == "Innlandet"
    statuses = dict(Application.objects.filter(call=call).values_list("municipality__number", "status"))
    assert statuses == {"3427": "submitted", "3443": "submitted", "3448": "draft"}  # Elverum has not applied

    User = get_user_model()
    client.force_login(User.objects.get(username="ressursgruppe-innlandet"))
    tynset = Application.objects.get(call=call, municipality__number="3427")
    html = client.get(reverse("calls:assess", args=[tynset.pk])).content.decode()
    assert 'type="radio"' in html  # the demo member can assess
    assert "Konkrete tiltak" not in html  # the other member's assessment stays hidden until then
    client.force_login(User.objects.get(username="statsforvalter-innlandet"))
    assert client.get(reverse("calls:recommendation", args=[call.pk])).status_code == 200
    client.force_login(User.objects.get(username="direktorat"))
    pilot_round = ProgrammeRound.objects.get(programme=loaded)
    assert "Vedtaket er endelig." in client.get(reverse("calls:decision", args=[pilot_round.pk])).content.decode()


def test_it_is_idempotent(loaded) -> None:
    before = counts()
    assert demo_load_workflow() == []
    assert counts() == before
