"""Calls: calls:call_create (county governor), calls:call_detail, calls:extension_grant."""

from __future__ import annotations

from django.urls import reverse

from samla.audit.models import AuditEvent
from samla.calls.models import Call, DeadlineExtension
from tests.calls.web.conftest import CHILD_WARNING, statuses

CALL_DATA = {
    "case_number": "Sak 2019/6452", "text": "Fylkesmannen inviterer kommunene.",
    "preliminary_deadline": "2030-05-31T23:59", "final_deadline": "2030-11-01T12:00",
    "criteria-TOTAL_FORMS": "3", "criteria-INITIAL_FORMS": "0",
    "criteria-0-title": "Motivasjon og kapasitet", "criteria-0-description": "Kapasitet til kartlegging.",
    "criteria-1-title": "Politisk forankring", "criteria-1-description": "",
    "criteria-2-title": "", "criteria-2-description": "",
}


def test_only_the_governor_of_a_region_in_the_round_may_publish(login, world, open_round) -> None:
    url = reverse("calls:call_create", args=[open_round.pk])
    codes = statuses(login, url)
    assert codes.pop("governor") == 200 and codes.pop("governor_other_region") == 200
    assert set(codes.values()) == {403}
    data = CALL_DATA | {"region": world.regions["innlandet"].pk}
    assert login("governor_other_region").post(url, data).status_code == 200  # Innlandet is not a choice
    assert login("directorate").post(url, data).status_code == 403
    assert not Call.objects.exists()


def test_publish_a_call_with_criteria_and_descriptions(login, world, open_round) -> None:
    url = reverse("calls:call_create", args=[open_round.pk])
    html = login("governor").get(url).content.decode()
    assert CHILD_WARNING in html and 'type="datetime-local"' in html
    response = login("governor").post(url, CALL_DATA | {"region": world.regions["innlandet"].pk})
    call = Call.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("calls:call_detail", args=[call.pk])
    assert [(c.title, c.description) for c in call.criteria_items.all()] == [
        ("Motivasjon og kapasitet", "Kapasitet til kartlegging."), ("Politisk forankring", "")]
    assert AuditEvent.objects.filter(action="call.publish", object_id=str(call.pk)).exists()


def test_a_call_needs_a_criterion_and_ordered_deadlines(login, world, open_round) -> None:
    url = reverse("calls:call_create", args=[open_round.pk])
    data = CALL_DATA | {"region": world.regions["innlandet"].pk, "criteria-0-title": "", "criteria-1-title": "",
                        "final_deadline": "2030-01-01T12:00"}
    html = login("governor").post(url, data).content.decode()
    assert "Oppgi minst ett kriterium." in html or "Fristen for politisk vedtak må være" in html
    assert "Fristen for politisk vedtak må være den samme som eller etter fristen" in html
    assert not Call.objects.exists()


def test_add_a_criterion_row_without_javascript_keeps_the_text(login, world, open_round) -> None:
    url = reverse("calls:call_create", args=[open_round.pk])
    html = login("governor").post(url, CALL_DATA | {"add_row": "1"}).content.decode()
    assert 'name="criteria-3-title"' in html and "Motivasjon og kapasitet" in html
    assert "Det er et problem" not in html and not Call.objects.exists()


def test_call_detail_for_the_region_and_its_municipalities(login, live_call) -> None:
    url = reverse("calls:call_detail", args=[live_call.pk])
    codes = statuses(login, url)
    allowed = {"directorate", "evaluator", "governor", "resource", "competence", "elverum", "tynset"}
    assert {who for who, code in codes.items() if code == 200} == allowed
    html = login("elverum").get(url).content.decode()
    assert "Kommunen har kapasitet til kartlegging." in html and "Start en søknad" in html
    assert login("elverum").get(reverse("calls:call_detail", args=[99999])).status_code == 403


def test_extension_for_one_municipality_by_the_regions_governor(login, world, live_call) -> None:
    url = reverse("calls:extension_grant", args=[live_call.pk])
    codes = statuses(login, url)
    assert codes.pop("governor") == 200 and set(codes.values()) == {403}
    data = {"municipality": world.municipalities["tynset"].pk, "until": "2099-06-15T12:00",
            "reason": "Kommunestyremøtet ble flyttet."}
    assert login("governor_other_region").post(url, data).status_code == 403
    assert not DeadlineExtension.objects.exists()
    response = login("governor").post(url, data)
    assert response.status_code == 302
    extension = DeadlineExtension.objects.get()
    assert extension.municipality == world.municipalities["tynset"] and extension.until.year == 2099
    assert AuditEvent.objects.filter(action="deadline_extension.grant").count() == 1
    assert "Kommunestyremøtet ble flyttet." in login("tynset").get(
        reverse("calls:call_detail", args=[live_call.pk])).content.decode()
    assert "Kommunestyremøtet ble flyttet." not in login("elverum").get(
        reverse("calls:call_detail", args=[live_call.pk])).content.decode()


def test_extension_must_end_after_the_deadline(login, world, live_call) -> None:
    url = reverse("calls:extension_grant", args=[live_call.pk])
    html = login("governor").post(url, {"municipality": world.municipalities["tynset"].pk,
                                        "until": "2000-01-01T12:00", "reason": "Grunn."}).content.decode()
    assert "En utsatt frist må gå ut etter den opprinnelige fristen." in html
    assert not DeadlineExtension.objects.exists()


def test_anonymous_users_are_sent_to_login(client, live_call) -> None:
    for url in (reverse("calls:call_detail", args=[live_call.pk]),
                reverse("calls:extension_grant", args=[live_call.pk])):
        assert client.get(url).status_code == 302


