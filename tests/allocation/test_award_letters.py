"""Award letters (tildelingsbrev): generated from the locked run, versions kept, each reader sees their own."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from samla.allocation import services
from samla.allocation.models import AwardLetter
from samla.allocation.runs import RunOptions
from samla.audit.models import AuditEvent
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


def test_one_letter_per_participant_stored_with_digest_and_audited(letters, pilot) -> None:
    assert len(letters) == 12
    elverum = letter_of("3420")
    assert elverum.total == 8_340_000 and elverum.run.number == 1 and elverum.letter_date == TODAY
    import hashlib

    assert hashlib.sha256(bytes(elverum.pdf)).hexdigest() == elverum.sha256
    assert bytes(elverum.pdf).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="award_letter.create").count() == 12


def test_the_pdf_holds_the_letter_in_norwegian(letters) -> None:
    text = flat(pdf_text(bytes(letter_of("3420").pdf)))
    assert "Tildelingsbrev" in text and "Elverum kommune" in text and "kommunenummer 3420" in text
    for amount in ("2 700 000 kr", "2 784 000 kr", "2 856 000 kr", "8 340 000 kr"):
        assert amount in text
    assert "15. januar 2020" in text
    assert "kap. 231 post 63" in text and "kap. 846 post 62" in text
    assert "0–24" in text and "dobbeltfinansiering" in text and "nullpunktsanalyse" in text
    assert "refleksjonsskjema" in text and "forvaltningsloven § 28" in text and "tre uker" in text
    assert "§ 29" in text and "Kontakt" in text
    assert "ingen utlysning registrert" in text  # the pilot was imported, not applied for through a call


def test_trondheim_letter_has_its_own_amounts(letters) -> None:
    text = flat(pdf_text(bytes(letter_of("5001").pdf)))
    assert "Trondheim kommune" in text and "12 300 000 kr" in text and "Elverum" not in text


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


def test_generating_twice_changes_nothing_and_a_new_locked_run_makes_new_versions(letters, pilot, people) -> None:
    assert services.award_letters_generate(actor=people["directorate"], programme=pilot) == []
    lock(pilot, people, scenario="strict_pooling")
    new = services.award_letters_generate(actor=people["directorate"], programme=pilot, today=TODAY)
    assert len(new) == 12 and AwardLetter.objects.count() == 24
    old, newer = letter_of("5001", 1), letter_of("5001", 2)
    assert newer.run.number == 2 and old.run.number == 1 and newer.total < old.total


def test_a_letter_never_changes(letters) -> None:
    letter = letter_of("3420")
    letter.total = 1
    with pytest.raises(ValidationError):
        letter.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardLetter.objects.filter(pk=letter.pk).update(total=1)


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


def test_the_municipality_sees_and_downloads_only_its_letter(client: Client, letters, people) -> None:
    client.force_login(people["elverum"])
    html = client.get(LIST).content.decode()
    assert "Elverum" in html and "Tynset" not in html and "Lag tildelingsbrev" not in html
    response = client.get(pdf_url("3420"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "2 784 000 kr" in flat(pdf_text(response.content))
    assert client.get(pdf_url("3427")).status_code == 403
    assert client.get("/letters/999999/").status_code == 403


def test_the_county_governor_sees_its_region(client: Client, letters, people) -> None:
    client.force_login(people["governor"])
    html = client.get(LIST).content.decode()
    assert "Elverum" in html and "Tynset" in html and "Trondheim" not in html
    assert client.get(pdf_url("3427")).status_code == 200
    assert client.get(pdf_url("5001")).status_code == 403
    client.force_login(people["governor_other_region"])
    assert client.get(pdf_url("3420")).status_code == 403 and client.get(pdf_url("5001")).status_code == 200


def test_the_evaluator_reads_all_letters(client: Client, letters, people) -> None:
    client.force_login(people["evaluator"])
    assert client.get(pdf_url("5001")).status_code == 200
    assert "Trondheim" in client.get(LIST).content.decode()


def test_other_roles_get_403_and_anonymous_users_are_sent_to_login(client: Client, letters, people) -> None:
    assert client.get(LIST).status_code == 302 and client.get(pdf_url("3420")).status_code == 302
    for who in ("resource", "outsider"):
        client.force_login(people[who])
        assert client.get(LIST).status_code == 403 and client.get(pdf_url("3420")).status_code == 403
