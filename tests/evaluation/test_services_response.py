"""Responses: draft, come back, submit, locked; reopening with a reason; stale saves; "don't know"."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from samla.audit.models import AuditEvent
from samla.evaluation import services
from samla.evaluation.models import Response, ResponseAnswer, ResponseReopening
from tests.evaluation.conftest import answers, complete_response


def test_save_a_draft_and_come_back(world) -> None:
    actor = world.users["elverum"]
    response = services.response_start(actor=actor, wave=world.wave, municipality=world.municipalities["elverum"])
    response = services.response_save(actor=actor, response=response, expected_version=1,
                                      answers=answers(world, across_sectors=2))
    assert (response.status, response.version) == (Response.Status.DRAFT, 2)
    again = services.response_start(actor=actor, wave=world.wave, municipality=world.municipalities["elverum"])
    assert again.pk == response.pk
    response = services.response_save(actor=actor, response=again, expected_version=2,
                                      answers=answers(world, within_sector=4))
    stored = {a.item.item_code: a.value for a in response.answers.select_related("item")}
    assert stored == {"across_sectors": 2, "within_sector": 4}


def test_submit_locks_the_response(world) -> None:
    response = complete_response(world)
    assert response.status == Response.Status.SUBMITTED and response.submitted_by == world.users["elverum"]
    with pytest.raises(ValidationError) as error:
        services.response_save(actor=world.users["elverum"], response=response, expected_version=response.version,
                               answers=answers(world, across_sectors=5))
    assert error.value.messages == [str(services.RESPONSE_LOCKED)]
    with pytest.raises(ValidationError):
        services.response_submit(actor=world.users["elverum"], response=response, expected_version=response.version)
    assert ResponseAnswer.objects.get(response=response, item=world.items["across_sectors"]).value == 3


def test_submit_needs_every_required_answer(world) -> None:
    actor = world.users["elverum"]
    response = services.response_start(actor=actor, wave=world.wave, municipality=world.municipalities["elverum"])
    response = services.response_save(actor=actor, response=response, expected_version=1,
                                      answers=answers(world, across_sectors="dk"))
    with pytest.raises(ValidationError) as error:
        services.response_submit(actor=actor, response=response, expected_version=response.version)
    errors = error.value.error_dict
    assert errors["__all__"][0].code == "incomplete"
    assert set(errors) == {"__all__", str(world.items["leadership"].pk)}  # "don't know" counts as an answer
    assert errors[str(world.items["leadership"].pk)][0].message == services.ANSWER_REQUIRED
    assert Response.objects.get(pk=response.pk).status == Response.Status.DRAFT


def test_dont_know_is_stored_outside_the_scale(world) -> None:
    actor = world.users["elverum"]
    response = services.response_start(actor=actor, wave=world.wave, municipality=world.municipalities["elverum"])
    services.response_save(actor=actor, response=response, expected_version=1,
                           answers={world.items["across_sectors"].pk: services.AnswerInput(value=4, dont_know=True)})
    row = ResponseAnswer.objects.get(response=response)
    assert (row.value, row.dont_know) == (None, True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ResponseAnswer.objects.filter(pk=row.pk).update(value=3)


@pytest.mark.parametrize(("code", "answer", "message"), [
    ("within_sector", services.AnswerInput(dont_know=True), services.DONT_KNOW_NOT_ALLOWED),
    ("across_sectors", services.AnswerInput(value=6), services.VALUE_OFF_SCALE),
    ("across_sectors", services.AnswerInput(value=0), services.VALUE_OFF_SCALE),
    ("leadership", services.AnswerInput(choice="mayor"), services.UNKNOWN_CHOICE),
])
def test_bad_answers_change_nothing(world, code, answer, message) -> None:
    actor = world.users["elverum"]
    response = services.response_start(actor=actor, wave=world.wave, municipality=world.municipalities["elverum"])
    with pytest.raises(ValidationError) as error:
        services.response_save(actor=actor, response=response, expected_version=1,
                               answers={world.items[code].pk: answer})
    assert error.value.message_dict == {str(world.items[code].pk): [str(message)]}
    response.refresh_from_db()
    assert response.version == 1 and not response.answers.exists()


def test_a_stale_save_is_refused(world) -> None:
    actor = world.users["elverum"]
    response = services.response_start(actor=actor, wave=world.wave, municipality=world.municipalities["elverum"])
    services.response_save(actor=actor, response=response, expected_version=1, answers=answers(world, across_sectors=2))
    with pytest.raises(ValidationError) as error:
        services.response_save(actor=actor, response=response, expected_version=1,
                               answers=answers(world, across_sectors=5))
    assert error.value.messages == [str(services.STALE_VERSION)]
    assert ResponseAnswer.objects.get(response=response).value == 2


def test_another_municipality_cannot_answer_or_change(world) -> None:
    response = complete_response(world, submit=False)
    with pytest.raises(PermissionDenied):
        services.response_save(actor=world.users["tynset"], response=response, expected_version=response.version,
                               answers=answers(world, across_sectors=1))
    with pytest.raises(PermissionDenied):
        services.response_start(actor=world.users["tynset"], wave=world.wave,
                                municipality=world.municipalities["elverum"])
    with pytest.raises(PermissionDenied):
        services.response_start(actor=world.users["evaluator"], wave=world.wave,
                                municipality=world.municipalities["elverum"])


def test_a_closed_wave_takes_no_answers(world) -> None:
    later = timezone.now() + datetime.timedelta(days=60)
    with pytest.raises(ValidationError) as error:
        services.response_start(actor=world.users["elverum"], wave=world.wave,
                                municipality=world.municipalities["elverum"], now=later)
    assert error.value.messages == [str(services.WAVE_NOT_OPEN)]


def test_the_evaluator_reopens_with_a_reason(world) -> None:
    response = complete_response(world)
    evaluator = world.users["evaluator"]
    with pytest.raises(ValidationError) as error:
        services.response_reopen(actor=evaluator, response=response, reason="  ")
    assert error.value.messages == [str(services.REASON_REQUIRED)]
    for who in ("directorate", "governor", "elverum"):
        with pytest.raises(PermissionDenied):
            services.response_reopen(actor=world.users[who], response=response, reason="Feil")
    response = services.response_reopen(actor=evaluator, response=response, reason="Kommunen ba om å rette.")
    assert response.status == Response.Status.DRAFT and response.submitted_at is None
    reopening = ResponseReopening.objects.get(response=response)
    assert (reopening.reason, reopening.reopened_by) == ("Kommunen ba om å rette.", evaluator)
    event = AuditEvent.objects.get(action="evaluation.response.reopen")
    assert event.reason == "Kommunen ba om å rette." and event.before["status"] == "submitted"
    with pytest.raises(ValidationError):
        services.response_reopen(actor=evaluator, response=response, reason="Igjen")
    response = services.response_save(actor=world.users["elverum"], response=response,
                                      expected_version=response.version, answers=answers(world, across_sectors=4))
    services.response_submit(actor=world.users["elverum"], response=response, expected_version=response.version)


def test_every_change_is_audited(world) -> None:
    complete_response(world)
    actions = list(AuditEvent.objects.filter(action__startswith="evaluation.response").order_by("id").values_list(
        "action", flat=True))
    assert actions == ["evaluation.response.create", "evaluation.response.save", "evaluation.response.submit"]
