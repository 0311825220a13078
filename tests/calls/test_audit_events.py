"""Every service of the calls app writes one audit event in the same transaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from samla.audit.models import AuditEvent
from samla.audit.selectors import audit_events_for
from samla.calls import services
from tests.calls.conftest import AFTER_DEADLINE, BEFORE_DEADLINE, decide_politically, write_application


def test_the_whole_workflow_leaves_one_event_per_service_call(world, call, open_round) -> None:
    app = write_application(world, call)
    decide_politically(world, app)
    services.application_reopen(actor=world.users["governor"], application=app, reason="Retting",
                                now=BEFORE_DEADLINE)
    app.refresh_from_db()
    services.application_submit(actor=world.users["elverum"], application=app, expected_version=app.version,
                                now=BEFORE_DEADLINE)
    services.deadline_extension_grant(actor=world.users["governor"], call=call,
                                      municipality=world.municipalities["tynset"], until=AFTER_DEADLINE,
                                      reason="Sykdom i prosjektgruppa.")
    scores = {c.pk: services.Score(4) for c in call.criteria_items.all()}
    services.assessment_submit(actor=world.users["resource"], application=app, scores=scores, recommendation="yes")
    services.recommendation_forward(actor=world.users["governor"], call=call, ranking=[app])
    services.selection_decide(actor=world.users["directorate"], programme_round=open_round, selected=[app])
    services.stratified_draw_record(actor=world.users["directorate"], programme_round=open_round, per_stratum=1,
                                    seed=1)
    services.programme_round_close(actor=world.users["directorate"], programme_round=open_round)
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        "programme_round.create", "programme_round.open", "call.publish", "application.create",
        "application.save", "application.submit", "political_decision.record", "application.reopen",
        "application.submit", "deadline_extension.grant", "assessment.submit", "recommendation.forward",
        "selection.decide", "stratified_draw.record", "programme_round.close"]


def test_an_event_records_actor_before_after_and_reason(world, call) -> None:
    app = write_application(world, call)
    services.application_reopen(actor=world.users["governor"], application=app, reason="Feil vedlegg",
                                now=BEFORE_DEADLINE)
    event = audit_events_for(app).last()
    assert (event.actor, event.action, event.reason) == (world.users["governor"], "application.reopen",
                                                         "Feil vedlegg")
    assert (event.before["status"], event.after["status"]) == ("submitted", "draft")
    assert event.after["version"] == event.before["version"] + 1


def test_a_refused_change_leaves_no_event(world, call) -> None:
    app = write_application(world, call, submit=False)
    count = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.application_save(actor=world.users["elverum"], application=app, expected_version=1,
                                  measures="x", now=BEFORE_DEADLINE)
    assert AuditEvent.objects.count() == count
