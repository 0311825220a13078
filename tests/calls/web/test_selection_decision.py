"""The directorate's decision screen: forwarded candidates, the live rule check, overrides, participants."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samla.allocation.models import Participant
from samla.audit.models import AuditEvent
from samla.calls import services
from samla.calls.models import SelectionDecision, ViolationOverride
from tests.calls.conftest import decide_politically, write_application


@pytest.fixture
def forwarded(world, call):
    """Innlandet: Elverum (21 000), Tynset (5 600), Os (1 900, no political decision), Hamar (31 000),
    Lillehammer (28 000), forwarded in that order."""
    apps = {}
    for who in ("elverum", "tynset", "os", "hamar", "lillehammer"):
        apps[who] = write_application(world, call, who=who)
        if who != "os":
            decide_politically(world, apps[who], who=who)
    services.recommendation_forward(actor=world.users["governor"], call=call, ranking=list(apps.values()),
                                    comment="Elverum og Tynset er best forberedt.")
    return apps


def login(client, world, who="directorate"):
    client.force_login(world.users[who])
    return client


def url(programme_round, name="calls:decision"):
    return reverse(name, args=[programme_round.pk])


def post(apps, names, **extra):
    return {"selected": [str(apps[n].pk) for n in names], **extra}


def nothing_decided() -> bool:
    return (not SelectionDecision.objects.exists() and not Participant.objects.exists()
            and not AuditEvent.objects.filter(action="selection.decide").exists())


def test_the_screen_lists_the_forwarded_candidates_in_the_governors_order(client, world, open_round,
                                                                          forwarded) -> None:
    response = login(client, world).get(url(open_round))
    html = response.content.decode()
    assert response.status_code == 200
    names = ["Elverum", "Tynset", "Os", "Hamar", "Lillehammer"]
    positions = [html.index(f">{n}</a>") for n in names]
    assert positions == sorted(positions)
    assert "21\u00a0000" in html and "1\u00a0900" in html
    assert "5\u00a0000–19\u00a0999 innbyggere" in html
    assert html.count("Politisk vedtak mangler") == 1
    assert "Elverum og Tynset er best forberedt." in html
    assert "Trøndelag" in html and "Statsforvalteren har ikke sendt videre en anbefaling ennå." in html
    assert f'hx-post="{url(open_round, "calls:decision_check")}"' in html
    assert html.count('name="selected"') == 5


def test_the_check_fragment_names_each_violation_in_bokmaal(client, world, open_round, forwarded) -> None:
    response = login(client, world).post(url(open_round, "calls:decision_check"),
                                         post(forwarded, ["elverum", "tynset", "os", "hamar", "lillehammer"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment
    assert "Innlandet: 5 kommuner er valgt, men høyst 4 kan delta per region." in html
    assert "Os (3430) har ikke registrert politisk vedtak" in html
    assert html.count("<textarea") == 2
    assert 'name="override_too_many_in_region__34"' in html


def test_the_check_fragment_reports_no_size_variation(client, world, open_round, forwarded) -> None:
    html = login(client, world).post(url(open_round, "calls:decision_check"),
                                     post(forwarded, ["hamar", "lillehammer"])).content.decode()
    assert ("Innlandet: alle de valgte kommunene er i samme størrelsesgruppe (20\u00a0000–49\u00a0999 innbyggere)"
            in html)


def test_a_valid_selection_is_shown_as_valid(client, world, open_round, forwarded) -> None:
    html = login(client, world).post(url(open_round, "calls:decision_check"),
                                     post(forwarded, ["elverum", "tynset"])).content.decode()
    assert "Utvalget oppfyller alle reglene." in html and "<textarea" not in html


def test_the_check_keeps_the_reasons_already_typed(client, world, open_round, forwarded) -> None:
    html = login(client, world).post(url(open_round, "calls:decision_check"), post(
        forwarded, ["os"], override_missing_political_decision__3430="Vedtak kommer.")).content.decode()
    assert "Vedtak kommer.</textarea>" in html


def test_without_javascript_the_check_button_shows_the_violations_on_the_page(client, world, open_round,
                                                                               forwarded) -> None:
    html = login(client, world).post(url(open_round), post(forwarded, ["os"], action="check")).content.decode()
    assert "Os (3430) har ikke registrert politisk vedtak" in html
    assert f'value="{forwarded["os"].pk}" id="select-{forwarded["os"].pk}" checked' in html.replace("\n", "")
    assert nothing_decided()


def test_a_violation_without_a_reason_refuses_the_decision_and_changes_nothing(client, world, open_round,
                                                                                forwarded) -> None:
    data = post(forwarded, ["elverum", "tynset", "os", "hamar", "lillehammer"], action="decide",
                override_too_many_in_region__34="Ekstra plass.", override_missing_political_decision__3430=" ")
    response = login(client, world).post(url(open_round), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Begrunn hvorfor regelen fravikes, eller endre utvalget." in html
    assert 'href="#id_override_missing_political_decision__3430"' in html  # the error summary links to it
    assert "Ekstra plass.</textarea>" in html
    assert nothing_decided()


def test_with_a_reason_per_violation_the_decision_is_made_audited_and_creates_participants(
        client, world, open_round, forwarded) -> None:
    data = post(forwarded, ["elverum", "tynset", "os", "hamar", "lillehammer"], action="decide",
                override_too_many_in_region__34="Ekstra plass etter avtale med departementet.",
                override_missing_political_decision__3430="Vedtaket behandles i kommunestyret 12. desember.",
                note="Innlandet får fem deltakere.")
    response = login(client, world).post(url(open_round), data)
    assert response.status_code == 302
    decision = SelectionDecision.objects.get(programme_round=open_round)
    assert decision.note == "Innlandet får fem deltakere."
    assert {(o.code, o.subject) for o in ViolationOverride.objects.filter(decision=decision)} == {
        ("too_many_in_region", "34"), ("missing_political_decision", "3430")}
    participants = Participant.objects.filter(programme=world.programme).order_by("position")
    assert [(p.municipality.name, p.position) for p in participants] == [
        ("Hamar", 1), ("Lillehammer", 2), ("Elverum", 3), ("Tynset", 4), ("Os", 5)]
    event = AuditEvent.objects.get(action="selection.decide")
    assert event.actor == world.users["directorate"]
    assert len(event.after["participants_added"]) == 5
    assert "missing_political_decision:3430: Vedtaket behandles" in event.reason
    html = client.get(url(open_round)).content.decode()
    assert "Vedtaket er endelig." in html and "Ekstra plass etter avtale med departementet." in html
    assert 'name="selected"' not in html


def test_a_participant_already_in_the_programme_is_not_duplicated(client, world, open_round, forwarded) -> None:
    Participant.objects.create(programme=world.programme, municipality=world.municipalities["elverum"], position=7)
    login(client, world).post(url(open_round), post(forwarded, ["elverum", "tynset"], action="decide"))
    rows = Participant.objects.filter(programme=world.programme).order_by("position")
    assert [(p.municipality.name, p.position) for p in rows] == [("Elverum", 7), ("Tynset", 8)]


def test_the_decision_is_final(client, world, open_round, forwarded) -> None:
    c = login(client, world)
    c.post(url(open_round), post(forwarded, ["elverum", "tynset"], action="decide"))
    response = c.post(url(open_round), post(forwarded, ["hamar", "tynset"], action="decide"))
    assert "allerede vedtatt" in response.content.decode()
    assert {a.municipality.name for a in SelectionDecision.objects.get().selected.all()} == {"Elverum", "Tynset"}
    assert AuditEvent.objects.filter(action="selection.decide").count() == 1


def test_ids_that_were_not_forwarded_are_ignored(client, world, open_round, forwarded) -> None:
    login(client, world).post(url(open_round), {"selected": [str(forwarded["elverum"].pk), "999999", "x"],
                                                "action": "decide"})
    assert [a.municipality.name for a in SelectionDecision.objects.get().selected.all()] == ["Elverum"]


@pytest.mark.parametrize("who", ["governor", "governor_other_region", "resource", "elverum", "evaluator", "outsider"])
def test_only_the_directorate_sees_and_decides(client, world, open_round, forwarded, who) -> None:
    c = login(client, world, who)
    assert c.get(url(open_round)).status_code == 403
    assert c.post(url(open_round), post(forwarded, ["elverum"], action="decide")).status_code == 403
    assert c.post(url(open_round, "calls:decision_check"), post(forwarded, ["elverum"])).status_code == 403
    assert nothing_decided()


def test_a_guessed_round_id_gets_403(client, world, open_round, forwarded) -> None:
    c = login(client, world, "governor")
    assert c.get(reverse("calls:decision", args=[999_999])).status_code == 403
    assert c.get(url(open_round)).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client, world, open_round) -> None:
    response = client.get(url(open_round))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_candidates_can_be_exported(client, world, open_round, forwarded) -> None:
    response = login(client, world).get(url(open_round), {"export": "csv"})
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Region,Statsforvalterens plass,Kommune")
    assert rows[1].startswith("Innlandet,1,Elverum,3420,21000")



def test_deciding_with_nothing_ticked_says_so_and_decides_nothing(client, world, open_round, forwarded) -> None:
    response = login(client, world).post(url(open_round), post(forwarded, [], action="decide"))
    assert response.status_code == 200
    assert "Velg minst én kommune. Ingenting ble vedtatt." in response.content.decode()
    assert nothing_decided()
