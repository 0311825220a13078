"""The database connection dropped in the middle of a multi-step service: nothing half-written remains, the user
gets Samla's error page (HTTP 500, the page of Samla's handler500), and the same request made again succeeds on a
new connection, without restarting anything."""

from __future__ import annotations

import pytest
from django.db import close_old_connections
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse

from samla.accounts.models import Role
from samla.allocation.models import AwardLetter, Participant
from samla.audit.models import AuditEvent
from samla.calls import services
from samla.calls.models import SelectionDecision, ViolationOverride
from tests.calls.conftest import decide_politically, write_application
from tests.faults.conftest import drop_connection
from tests.personas import make_user


def samla_error_page() -> bytes:
    """What Samla answers for an unhandled error (its handler500; the page needs no request and no database)."""
    return get_resolver().resolve_error_handler(500)(RequestFactory().get("/")).content


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _after_request() -> None:
    """What Django does at the end of every request (the test client leaves it out): a connection that failed is
    found unusable and dropped, so the next request opens a new one."""
    close_old_connections()


@pytest.fixture
def forwarded(real_db, world, call):
    apps = {}
    for who in ("elverum", "tynset", "hamar"):
        apps[who] = write_application(world, call, who=who)
        decide_politically(world, apps[who], who=who)
    services.recommendation_forward(actor=world.users["governor"], call=call, ranking=list(apps.values()))
    return apps


def test_decision_participants_audit_cut_before_the_audit_leaves_nothing(forwarded, world, call,
                                                                         monkeypatch) -> None:
    programme_round = call.programme_round
    url = reverse("calls:decision", args=[programme_round.pk])
    data = {"selected": [str(forwarded["elverum"].pk), str(forwarded["tynset"].pk)], "action": "decide"}
    real_audit = services.audit_record
    reached = []

    def audit_after_a_drop(**kwargs):
        # The decision and its participants are written in this transaction; the connection goes now.
        reached.append((SelectionDecision.objects.count(), Participant.objects.count()))
        drop_connection()
        return real_audit(**kwargs)

    monkeypatch.setattr(services, "audit_record", audit_after_a_drop)
    client = _client(world.users["directorate"])
    response = client.post(url, data)

    assert reached == [(1, 2)]  # the cut came after the decision and the participants were written
    assert response.status_code == 500
    assert response.content == samla_error_page()
    _after_request()
    assert not SelectionDecision.objects.exists()
    assert not ViolationOverride.objects.exists()
    assert not Participant.objects.filter(programme=programme_round.programme).exists()
    assert not AuditEvent.objects.filter(action="selection.decide").exists()

    monkeypatch.setattr(services, "audit_record", real_audit)
    retry = client.post(url, data)
    assert retry.status_code == 302
    decision = SelectionDecision.objects.get(programme_round=programme_round)
    assert {a.municipality.name for a in decision.selected.all()} == {"Elverum", "Tynset"}
    assert Participant.objects.filter(programme=programme_round.programme).count() == 2
    assert AuditEvent.objects.filter(action="selection.decide").count() == 1


def test_letters_cut_after_five_of_twelve_leave_no_letter(real_db, pilot, monkeypatch) -> None:
    from samla.allocation import letters
    from samla.allocation import services as allocation

    director = make_user("dir-a", Role.DIRECTORATE)
    run = allocation.allocation_run_create(actor=director, programme=pilot)
    allocation.allocation_run_lock(actor=director, run=run, reason="Vedtatt.")
    url = reverse("allocation:letter_generate", args=[pilot.slug])
    real_pdf = letters.letter_pdf
    made = []

    def pdf_then_drop(content):
        if len(made) == 5:
            drop_connection()
        made.append(content.municipality_number)
        return real_pdf(content)

    monkeypatch.setattr(letters, "letter_pdf", pdf_then_drop)
    client = _client(director)
    response = client.post(url)

    assert len(made) == 6
    assert response.status_code == 500
    assert response.content == samla_error_page()
    _after_request()
    assert not AwardLetter.objects.exists()
    assert not AuditEvent.objects.filter(action="award_letter.create").exists()

    monkeypatch.setattr(letters, "letter_pdf", real_pdf)
    assert client.post(url).status_code == 302
    assert AwardLetter.objects.filter(programme=pilot).count() == 12
    assert AuditEvent.objects.filter(action="award_letter.create").count() == 12
