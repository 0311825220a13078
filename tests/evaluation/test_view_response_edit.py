"""The municipality's reflection form page: accessible markup, save a draft, come back, submit, stale saves."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from samla.evaluation import services
from samla.evaluation.models import Response, ResponseAnswer
from tests.evaluation.conftest import answers


@pytest.fixture
def url(world):
    return reverse("evaluation:response_edit", args=[world.wave.pk, world.municipalities["elverum"].pk])


@pytest.fixture
def elverum(client, world):
    client.force_login(world.users["elverum"])
    return client


def field(world, code):
    return f"item_{world.items[code].pk}"


def test_each_scale_item_is_a_fieldset_with_native_radios_and_anchors(elverum, world, url) -> None:
    body = elverum.get(url).content.decode()
    name = field(world, "across_sectors")
    fieldset = re.search(r'<fieldset class="question likert[^>]*>(.*?)</fieldset>', body, re.S).group(1)
    assert "<legend" in fieldset and "Hvor god er kommunen på å arbeide på tvers?" in fieldset
    assert len(re.findall(rf'<input type="radio" name="{name}" value="[1-5]"', fieldset)) == 5
    assert 'value="dk"' in fieldset and "Vet ikke / ikke relevant" in fieldset
    assert "1 = i liten grad" in fieldset and "5 = i stor grad" in fieldset
    assert 'value="dk"' not in body.split(field(world, "within_sector"))[1].split("</fieldset>")[0]
    assert "Ikke skriv inn personopplysninger om barn." in body
    assert f'aria-describedby="id_{field(world, "comments")}_helptext"' in body


def test_save_a_draft_come_back_and_submit(elverum, world, url) -> None:
    saved = elverum.post(url, {"version": 1, "action": "save", field(world, "across_sectors"): "4"})
    assert saved.status_code == 302 and saved["Location"] == url
    response = Response.objects.get(wave=world.wave, municipality=world.municipalities["elverum"])
    assert response.status == Response.Status.DRAFT and response.version == 2
    again = elverum.get(url).content.decode()
    assert re.search(rf'name="{field(world, "across_sectors")}" value="4"[^>]*checked', again)
    submitted = elverum.post(url, {"version": 2, "action": "submit", field(world, "across_sectors"): "dk",
                                   field(world, "leadership"): "rm", field(world, "comments"): "Godt samarbeid."})
    response.refresh_from_db()
    assert submitted.status_code == 302 and response.status == Response.Status.SUBMITTED
    answer = ResponseAnswer.objects.get(response=response, item=world.items["across_sectors"])
    assert (answer.value, answer.dont_know) == (None, True)
    locked = elverum.get(url)
    assert locked.status_code == 302 and locked["Location"] == reverse("evaluation:response_detail",
                                                                       args=[response.pk])


def test_submitting_an_incomplete_form_shows_the_error_and_changes_nothing(elverum, world, url) -> None:
    page = elverum.post(url, {"version": 1, "action": "submit", field(world, "across_sectors"): "2"})
    assert page.status_code == 400
    body = page.content.decode()
    assert 'class="error-summary"' in body
    assert f'<a href="#id_{field(world, "leadership")}_0">Hvem leder?: ' in body
    assert not Response.objects.exists()  # the save before the refused submit was rolled back too


def test_a_stale_save_is_refused_with_a_message(elverum, world, url) -> None:
    response = services.response_start(actor=world.users["elverum"], wave=world.wave,
                                       municipality=world.municipalities["elverum"])
    services.response_save(actor=world.users["elverum"], response=response, expected_version=1,
                           answers=answers(world, across_sectors=1))
    page = elverum.post(url, {"version": 1, "action": "save", field(world, "across_sectors"): "5"})
    assert page.status_code == 400
    assert "Noen andre har lagret denne besvarelsen" in page.content.decode()
    assert ResponseAnswer.objects.get(response=response).value == 1


def test_a_value_off_the_scale_is_a_form_error(elverum, world, url) -> None:
    page = elverum.post(url, {"version": 1, "action": "save", field(world, "across_sectors"): "7"})
    assert page.status_code == 400
    assert f'href="#id_{field(world, "across_sectors")}_0"' in page.content.decode()
    assert not Response.objects.exists()
