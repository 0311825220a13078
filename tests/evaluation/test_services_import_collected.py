"""``responses_import_collected``: answers collected outside Samla become submitted responses of a wave, checked
as answers typed in Samla; every problem reported at once, nothing stored while there is one (the demo loads its
illustrative answers through it)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samla.audit.models import AuditEvent
from samla.evaluation import services
from samla.evaluation.models import Response, ResponseAnswer
from samla.evaluation.services import AnswerInput, CollectedResponse
from tests.evaluation.conftest import complete_response


def collected(world, who: str, *, days_ago: int = 0, **answers) -> CollectedResponse:
    return CollectedResponse(municipality=world.municipalities[who],
                             submitted_at=timezone.now() - datetime.timedelta(days=days_ago), answers=answers)


def test_answers_become_submitted_responses_and_are_audited(world) -> None:
    made = services.responses_import_collected(
        actor=world.users["evaluator"], wave=world.wave, source="Questback-eksport 2020",
        responses=[collected(world, "elverum", across_sectors=AnswerInput(value=4),
                             leadership=AnswerInput(choice="rm"), comments=AnswerInput(text="  Godt i gang. ")),
                   collected(world, "tynset", across_sectors=AnswerInput(dont_know=True, value=2))])
    assert [r.status for r in made] == [Response.Status.SUBMITTED] * 2
    elverum = {a.item.item_code: a for a in made[0].answers.select_related("item")}
    assert elverum["across_sectors"].value == 4 and elverum["leadership"].choice == "rm"
    assert elverum["comments"].text == "Godt i gang."
    tynset = made[1].answers.get()
    assert tynset.dont_know and tynset.value is None  # "don't know" clears the scale, as in the form
    events = AuditEvent.objects.filter(action="evaluation.response.import")
    assert events.count() == 2 and {e.reason for e in events} == {"Questback-eksport 2020"}


def test_every_problem_is_reported_at_once_and_nothing_is_stored(world) -> None:
    complete_response(world, "trondheim")
    before = (Response.objects.count(), ResponseAnswer.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        services.responses_import_collected(actor=world.users["evaluator"], wave=world.wave, source="fil", responses=[
            collected(world, "elverum", days_ago=5, across_sectors=AnswerInput(value=7),
                      unknown=AnswerInput(value=3), leadership=AnswerInput(choice="ordfører")),
            collected(world, "trondheim", across_sectors=AnswerInput(value=3))])
    messages = refused.value.messages
    assert messages == [
        "3420 Elverum: Svarene må være datert innenfor runden "
        f"({world.wave.opens_on.isoformat()} til {world.wave.closes_on.isoformat()}).",
        "3420 Elverum: across_sectors: Velg en verdi fra 1 til 5.",
        "3420 Elverum: unknown: Spørsmålet hører ikke til dette skjemaet.",
        "3420 Elverum: leadership: Velg ett av svaralternativene.",
        "5001 Trondheim: Kommunen har allerede et svar i denne runden."]
    assert (Response.objects.count(), ResponseAnswer.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("who", ["elverum", "governor", "directorate"])
def test_only_the_evaluator_imports(world, who) -> None:
    with pytest.raises(PermissionDenied):
        services.responses_import_collected(actor=world.users[who], wave=world.wave, source="fil",
                                            responses=[collected(world, "elverum")])
    assert not Response.objects.exists()
