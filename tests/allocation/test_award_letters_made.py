"""Award letters once made: stored with digest, the PDF's text, versions, immutability, and who reads which.

The pilot with its locked run and its 12 letters is made once for the module (rendering 12 PDFs takes about
1.5 s) inside a transaction rolled back at the end; each test runs in its own savepoint."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from samla.allocation import services
from samla.allocation.models import AwardLetter, Programme
from samla.audit.models import AuditEvent
from tests.allocation.test_award_letters import LIST, TODAY, flat, letter_of, lock, pdf_url
from tests.conftest import rolled_back
from tests.pdf import pdf_text


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker):
    from samla.allocation.services import programme_import_folder
    from samla.registry.services import registry_load_reference_data
    from samla.schemes.services import schemes_load_reference_data
    from tests.allocation.conftest import pilot_people
    from tests.conftest import PILOT

    with rolled_back(django_db_blocker):
        registry_load_reference_data()
        schemes_load_reference_data()
        pilot = programme_import_folder(path=PILOT)
        people = pilot_people()
        lock(pilot, people)
        letters = services.award_letters_generate(actor=people["directorate"], programme=pilot, today=TODAY)
        yield SimpleNamespace(pilot=pilot, people=people, letters=letters)


@pytest.fixture
def letters(made, db):
    return made.letters


@pytest.fixture
def pilot(made, db):
    return Programme.objects.get(pk=made.pilot.pk)


@pytest.fixture
def people(made, db):
    return made.people


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
