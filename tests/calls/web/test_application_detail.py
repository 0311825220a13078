"""calls:application_detail, calls:application_submit and calls:application_reopen."""

from __future__ import annotations

from django.urls import reverse

from samla.audit.models import AuditEvent
from samla.calls import services
from samla.calls.models import Application
from tests.calls.web.conftest import statuses

READERS = {"directorate", "governor", "resource", "elverum"}


def test_detail_for_the_municipality_its_region_and_the_directorate(login, draft) -> None:
    url = reverse("calls:application_detail", args=[draft.pk])
    codes = statuses(login, url)
    assert {who for who, code in codes.items() if code == 200} == READERS
    assert {code for who, code in codes.items() if who not in READERS} == {403}
    html = login("governor").get(url).content.decode()
    assert "Politisk vedtak mangler" in html and "Samordnet innsats for utsatte barn og unge." in html
    assert "Søknad startet" in html and "Utkast lagret" in html  # the audited history


def test_submit_before_the_deadline(login, draft) -> None:
    url = reverse("calls:application_submit", args=[draft.pk])
    assert login("elverum").get(url).status_code == 405
    for who in ("governor", "tynset", "directorate"):
        assert login(who).post(url, {"version": draft.version}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"
    response = login("elverum").post(url, {"version": draft.version}, follow=True)
    assert "Søknaden er sendt inn." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert AuditEvent.objects.filter(action="application.submit", object_id=str(draft.pk)).count() == 1
    html = login("elverum").get(reverse("calls:application_detail", args=[draft.pk])).content.decode()
    assert "Rediger utkastet" not in html and "Søknad sendt inn" in html


def test_submit_after_the_deadline_is_refused_and_changes_nothing(login, world, call) -> None:
    app = services.application_create(actor=world.users["elverum"], call=call,
                                      municipality=world.municipalities["elverum"], now=call.published_at)
    response = login("elverum").post(reverse("calls:application_submit", args=[app.pk]),
                                     {"version": app.version}, follow=True)
    assert "Fristen er ute, og det er ikke gitt utsatt frist." in response.content.decode()
    app.refresh_from_db()
    assert app.status == "draft" and app.version == 1
    assert not AuditEvent.objects.filter(action="application.submit").exists()


def test_an_incomplete_application_is_not_submitted(login, world, live_call) -> None:
    app = services.application_create(actor=world.users["elverum"], call=live_call,
                                      municipality=world.municipalities["elverum"])
    response = login("elverum").post(reverse("calls:application_submit", args=[app.pk]), {"version": 1}, follow=True)
    assert "Fyll ut alle delene og minst én kontaktperson" in response.content.decode()
    assert Application.objects.get().status == "draft"


def test_the_governor_reopens_with_a_reason_shown_in_the_history(login, submitted) -> None:
    url = reverse("calls:application_reopen", args=[submitted.pk])
    for who in ("elverum", "resource", "directorate", "governor_other_region"):
        assert login(who).post(url, {"reason": "Mangler vedlegg."}).status_code == 403
    response = login("governor").post(url, {"reason": ""})
    assert response.status_code == 400 and 'href="#id_reason"' in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    login("governor").post(url, {"reason": "Mangler vedlegg."})
    submitted.refresh_from_db()
    assert submitted.status == "draft"
    html = login("elverum").get(reverse("calls:application_detail", args=[submitted.pk])).content.decode()
    assert "Søknad åpnet igjen" in html and "Mangler vedlegg." in html and "Rediger utkastet" in html
