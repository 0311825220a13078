"""Every page tried by every persona: who gets it, who gets 403, and guessed ids reveal nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.evaluation.conftest import complete_response

PERSONAS = ["evaluator", "directorate", "governor", "governor_other_region", "resource", "elverum", "tynset",
            "trondheim", "outsider"]


def get(client, world, who, url):
    client.force_login(world.users[who])
    return client.get(url)


@pytest.mark.parametrize("name", ["dashboard", "form_list", "interview_list", "wave_create", "interview_create"])
def test_anonymous_users_are_sent_to_login(client, world, name) -> None:
    response = client.get(reverse(f"evaluation:{name}"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("who", PERSONAS)
def test_evaluator_pages(client, world, who) -> None:
    allowed = who == "evaluator"
    for url in (reverse("evaluation:form_list"), reverse("evaluation:wave_create"),
                reverse("evaluation:interview_list"), reverse("evaluation:interview_create"),
                reverse("evaluation:version_detail", args=[world.version.pk]),
                reverse("evaluation:version_xlsform", args=[world.version.pk])):
        assert get(client, world, who, url).status_code == (200 if allowed else 403), url


@pytest.mark.parametrize("who", PERSONAS)
def test_response_pages(client, world, who) -> None:
    response = complete_response(world, "elverum")
    detail = get(client, world, who, reverse("evaluation:response_detail", args=[response.pk]))
    assert detail.status_code == (200 if who in ("evaluator", "elverum") else 403)
    if detail.status_code == 200:
        html = detail.content.decode()
        assert "Bra." in html
        # the item codes are the evaluator's words for exports and statistics, never shown to the respondent
        assert ("Spørsmålskode" in html and "across_sectors" in html) == (who == "evaluator")
    edit = get(client, world, who, reverse("evaluation:response_edit", args=[world.wave.pk,
                                                                         world.municipalities["elverum"].pk]))
    assert edit.status_code == (302 if who == "elverum" else 403)  # submitted: elverum is sent to the read view


@pytest.mark.parametrize("who", PERSONAS)
def test_wave_progress(client, world, who) -> None:
    complete_response(world, "trondheim")
    page = get(client, world, who, reverse("evaluation:wave_progress", args=[world.wave.pk]))
    if who in ("evaluator", "directorate"):
        assert page.status_code == 200
        body = page.content.decode()
        assert all(name in body for name in ("Elverum", "Tynset", "Trondheim"))
        assert ("/evaluation/responses/" in body) == (who == "evaluator")  # answers: the evaluator only
    elif who == "governor":  # its own region only
        body = page.content.decode()
        assert page.status_code == 200 and "Elverum" in body and "Trondheim" not in body
    elif who == "governor_other_region":
        body = page.content.decode()
        assert page.status_code == 200 and "Trondheim" in body and "Elverum" not in body
        assert "/evaluation/responses/" not in body  # who has answered, never the answers
    else:
        assert page.status_code == 403


def test_guessed_ids_give_the_same_403_as_foreign_ones(client, world) -> None:
    foreign = complete_response(world, "tynset")
    client.force_login(world.users["elverum"])
    for url in (reverse("evaluation:response_detail", args=[foreign.pk]),
                reverse("evaluation:response_detail", args=[99999]),
                reverse("evaluation:response_edit", args=[world.wave.pk, world.municipalities["tynset"].pk]),
                reverse("evaluation:response_edit", args=[99999, world.municipalities["elverum"].pk]),
                reverse("evaluation:response_edit", args=[world.wave.pk, 99999]),
                reverse("evaluation:wave_progress", args=[world.wave.pk]),
                reverse("evaluation:wave_progress", args=[99999])):
        assert client.get(url).status_code == 403, url


def test_a_municipality_sees_only_its_own_forms_on_the_dashboard(client, world) -> None:
    complete_response(world, "tynset")
    page = get(client, world, "elverum", reverse("evaluation:dashboard"))
    body = page.content.decode()
    assert page.status_code == 200
    assert reverse("evaluation:response_edit", args=[world.wave.pk, world.municipalities["elverum"].pk]) in body
    assert reverse("evaluation:response_edit", args=[world.wave.pk, world.municipalities["tynset"].pk]) not in body
    assert "Tynset" not in body


@pytest.mark.parametrize("who", ["resource", "outsider"])
def test_roles_without_evaluation_business_get_403_on_the_dashboard(client, world, who) -> None:
    assert get(client, world, who, reverse("evaluation:dashboard")).status_code == 403


def test_wrong_role_posting_changes_nothing(client, world) -> None:
    response = complete_response(world, "elverum")
    client.force_login(world.users["directorate"])
    assert client.post(reverse("evaluation:response_reopen", args=[response.pk]),
                       {"reason": "x"}).status_code == 403
    assert client.post(reverse("evaluation:version_new_draft", args=[world.version.pk])).status_code == 403
    assert client.post(reverse("evaluation:form_list"), {"new-name": "X"}).status_code == 403
    client.force_login(world.users["tynset"])
    assert client.post(reverse("evaluation:response_edit", args=[world.wave.pk, world.municipalities["elverum"].pk]),
                       {"version": 1, "action": "save"}).status_code == 403
    response.refresh_from_db()
    assert response.is_submitted and world.form.versions.count() == 1
