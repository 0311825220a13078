"""Award letters (tildelingsbrev): generated from the locked run, versions kept, each reader sees their own."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from samla.allocation import services
from samla.allocation.models import AwardLetter
from samla.allocation.runs import RunOptions
from samla.registry.selectors import municipality_by_number
from tests.pdf import pdf_text

TODAY = datetime.date(2020, 1, 15)


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def lock(pilot, people, scenario: str = "as_run"):
    d = people["directorate"]
    run = services.allocation_run_create(actor=d, programme=pilot, options=RunOptions(scenario=scenario))
    return services.allocation_run_lock(actor=d, run=run, reason="Vedtatt")


@pytest.fixture
def letters(pilot, people):
    lock(pilot, people)
    return services.award_letters_generate(actor=people["directorate"], programme=pilot, today=TODAY)


def letter_of(number: str, version: int = 1) -> AwardLetter:
    return AwardLetter.objects.get(municipality__number=number, version=version)


def test_case_number_of_the_call_in_the_region(pilot, people) -> None:
    from samla.calls import services as calls

    d = people["directorate"]
    elverum = municipality_by_number("3420", on=datetime.date(2020, 1, 1))
    programme_round = calls.programme_round_create(actor=d, programme=pilot, regions=[elverum.region],
                                                   criteria="Motivasjon.", population_year=2019)
    programme_round = calls.programme_round_open(actor=d, programme_round=programme_round)
    calls.call_publish(actor=people["governor"], programme_round=programme_round, region=elverum.region,
                       case_number="Sak 2019/6452", text="Invitasjon.", criteria=["Motivasjon"],
                       preliminary_deadline=datetime.datetime(2019, 5, 31, tzinfo=datetime.UTC),
                       final_deadline=datetime.datetime(2019, 11, 1, tzinfo=datetime.UTC),
                       now=datetime.datetime(2019, 3, 1, tzinfo=datetime.UTC))
    lock(pilot, people)
    services.award_letters_generate(actor=d, programme=pilot, today=TODAY)
    assert letter_of("3420").case_number == "Sak 2019/6452"
    assert "Sak 2019/6452" in flat(pdf_text(bytes(letter_of("3420").pdf)))
    assert letter_of("5001").case_number == ""  # no call in Trøndelag


def test_no_letters_without_a_locked_run(pilot, people) -> None:
    services.allocation_run_create(actor=people["directorate"], programme=pilot)
    with pytest.raises(ValidationError):
        services.award_letters_generate(actor=people["directorate"], programme=pilot)
    assert not AwardLetter.objects.exists()


@pytest.mark.parametrize("who", ["evaluator", "governor", "elverum", "outsider"])
def test_only_the_directorate_generates(pilot, people, who) -> None:
    lock(pilot, people)
    with pytest.raises(PermissionDenied):
        services.award_letters_generate(actor=people[who], programme=pilot)
    assert not AwardLetter.objects.exists()


# --- Pages ---------------------------------------------------------------------------------------------

LIST = "/programmes/pilot-2020/letters/"


def pdf_url(number: str, version: int = 1) -> str:
    return f"/letters/{letter_of(number, version).pk}/"


def test_directorate_generates_with_one_post(client: Client, pilot, people) -> None:
    lock(pilot, people)
    client.force_login(people["directorate"])
    assert "Lag tildelingsbrev" in client.get(LIST).content.decode()
    response = client.post(LIST + "generate/")
    assert response.status_code == 302 and AwardLetter.objects.count() == 12
    html = client.get(LIST).content.decode()
    assert "12 tildelingsbrev ble laget." in html and "Tildelingsbrev for Elverum, versjon 1 (PDF)" in html
    assert client.get(LIST + "?export=csv").content.decode().count("\n") == 13


@pytest.mark.parametrize("who", ["evaluator", "governor", "elverum", "resource", "outsider"])
def test_generate_post_by_others_is_403(client: Client, pilot, people, who) -> None:
    lock(pilot, people)
    client.force_login(people[who])
    assert client.post(LIST + "generate/").status_code == 403
    assert not AwardLetter.objects.exists()
