"""The resource group's pages: the list of applications to assess and the assessment form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samla.audit.models import AuditEvent
from samla.calls import services
from samla.calls.models import Assessment
from tests.calls.conftest import decide_politically, publish, write_application


@pytest.fixture
def apps(world, call, open_round):
    """Innlandet: Elverum and Tynset submitted, Os a draft; Trøndelag: Trondheim submitted."""
    elverum = write_application(world, call)
    decide_politically(world, elverum)
    tro_call = publish(world, open_round, region="trondelag", governor="governor_other_region",
                       case_number="Sak 2019/777")
    return {"elverum": elverum, "tynset": write_application(world, call, who="tynset"),
            "os": write_application(world, call, who="os", submit=False),
            "trondheim": write_application(world, tro_call, who="trondheim")}


def client_for(client, world, who):
    if who != "anonymous":
        client.force_login(world.users[who])
    return client


def scores_post(call, score=4, recommendation="yes", comment=""):
    data = {"recommendation": recommendation, "comment": comment}
    for c in call.criteria_items.all():
        data[f"score_{c.pk}"] = str(score)
        data[f"comment_{c.pk}"] = f"Merknad til {c.title}."
    return data


def submit(world, application, who, score=4, comment=""):
    scores = {c.pk: services.Score(score, "") for c in application.call.criteria_items.all()}
    return services.assessment_submit(actor=world.users[who], application=application, scores=scores,
                                      recommendation="yes", comment=comment)


# --- The list ------------------------------------------------------------------------------------------------

def test_the_list_shows_the_regions_submitted_applications(client, world, apps) -> None:
    response = client_for(client, world, "resource").get(reverse("calls:assessment_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Søknader til vurdering" in html
    assert "Elverum" in html and "Tynset" in html
    assert "Os" not in html.split("<tbody>")[1]  # a draft is not assessed
    assert "Trondheim" not in html


def test_the_list_can_be_filtered_and_exported(client, world, apps) -> None:
    submit(world, apps["elverum"], "resource")
    c = client_for(client, world, "resource")
    todo = c.get(reverse("calls:assessment_list"), {"status": "todo"}).content.decode()
    assert "Tynset" in todo and "Elverum" not in todo.split("<tbody>")[1]
    export = c.get(reverse("calls:assessment_list"), {"export": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    body = export.content.decode("utf-8-sig")
    assert "Kommune" in body.splitlines()[0]
    assert "Elverum" in body and "Tynset" in body and "Trondheim" not in body


@pytest.mark.parametrize("who", ["governor", "directorate", "elverum", "evaluator", "outsider"])
def test_the_list_is_only_for_resource_group_members(client, world, apps, who) -> None:
    assert client_for(client, world, who).get(reverse("calls:assessment_list")).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client, world, apps) -> None:
    for url in (reverse("calls:assessment_list"), reverse("calls:assess", args=[apps["elverum"].pk])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


# --- The form --------------------------------------------------------------------------------------------------

def test_the_form_has_a_fieldset_with_radio_buttons_per_criterion(client, world, apps) -> None:
    response = client_for(client, world, "resource").get(reverse("calls:assess", args=[apps["elverum"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<legend>Kriterium 1: Motivasjon og kapasitet</legend>" in html
    assert "<legend>Kriterium 2: Politisk forankring</legend>" in html
    assert html.count('type="radio"') == 2 * 5 + 3
    assert "1 – i liten grad" in html and "5 – i stor grad" in html
    assert "Ikke skriv inn personopplysninger om barn." in html


def test_a_valid_assessment_is_saved_and_audited(client, world, apps) -> None:
    app = apps["elverum"]
    response = client_for(client, world, "resource").post(reverse("calls:assess", args=[app.pk]),
                                                          scores_post(app.call, score=5, comment="God søknad."))
    assert response.status_code == 302
    assessment = Assessment.objects.get(application=app, member=world.users["resource"])
    assert assessment.comment == "God søknad." and assessment.recommendation == "yes"
    assert sorted(s.score for s in assessment.scores.all()) == [5, 5]
    assert AuditEvent.objects.filter(action="assessment.submit", object_id=str(assessment.pk)).exists()


def test_a_missing_score_is_refused_in_bokmaal_and_changes_nothing(client, world, apps) -> None:
    app = apps["elverum"]
    data = scores_post(app.call)
    first = app.call.criteria_items.first()
    del data[f"score_{first.pk}"]
    response = client_for(client, world, "resource").post(reverse("calls:assess", args=[app.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Velg en poengsum fra 1 til 5." in html
    assert f'href="#id_score_{first.pk}_0"' in html  # the error summary links to the field
    assert not Assessment.objects.exists()


def test_an_assessment_is_final(client, world, apps) -> None:
    app = apps["elverum"]
    submit(world, app, "resource", score=2)
    response = client_for(client, world, "resource").post(reverse("calls:assess", args=[app.pk]),
                                                          scores_post(app.call, score=5))
    assert "Du har allerede vurdert denne søknaden." in response.content.decode()
    assert [s.score for s in Assessment.objects.get().scores.all()] == [2, 2]


@pytest.mark.parametrize("who", ["resource_other_region", "governor_other_region", "elverum", "tynset",
                                 "evaluator", "outsider"])
def test_others_cannot_open_the_assessment_page(client, world, apps, who) -> None:
    assert client_for(client, world, who).get(reverse("calls:assess", args=[apps["elverum"].pk])).status_code == 403


@pytest.mark.parametrize("who", ["governor", "directorate", "resource_other_region", "elverum"])
def test_only_members_of_the_region_may_post_an_assessment(client, world, apps, who) -> None:
    app = apps["elverum"]
    response = client_for(client, world, who).post(reverse("calls:assess", args=[app.pk]), scores_post(app.call))
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_a_guessed_id_gets_the_same_answer_as_another_regions_application(client, world, apps) -> None:
    c = client_for(client, world, "resource")
    missing = c.get(reverse("calls:assess", args=[999_999]))
    other = c.get(reverse("calls:assess", args=[apps["trondheim"].pk]))
    assert missing.status_code == other.status_code == 403


def test_a_draft_cannot_be_assessed(client, world, apps) -> None:
    html = client_for(client, world, "resource").get(reverse("calls:assess", args=[apps["os"].pk])).content.decode()
    assert "ikke sendt inn" in html and 'type="radio"' not in html


# --- Who sees what --------------------------------------------------------------------------------------------

def test_a_member_sees_the_others_assessments_only_after_submitting(client, world, apps) -> None:
    app = apps["elverum"]
    submit(world, app, "resource2", score=2, comment="Uklar forankring i ledelsen.")
    c = client_for(client, world, "resource")
    before = c.get(reverse("calls:assess", args=[app.pk])).content.decode()
    assert "Uklar forankring i ledelsen." not in before
    assert "Oppsummering av vurderingene" not in before
    c.post(reverse("calls:assess", args=[app.pk]), scores_post(app.call, score=5))
    after = c.get(reverse("calls:assess", args=[app.pk])).content.decode()
    assert "Uklar forankring i ledelsen." in after
    assert "Oppsummering av vurderingene" in after
    assert "Gjennomsnittlig poengsum per kriterium, 2 vurderinger" in after
    assert '<td class="num">3,5</td>' in after  # (2 + 5) / 2 for each criterion


def test_the_county_governor_sees_every_assessment_without_a_form(client, world, apps) -> None:
    app = apps["elverum"]
    submit(world, app, "resource", score=3, comment="Motivert kommune.")
    submit(world, app, "resource2", score=4, comment="Tydelig utfordringsbilde.")
    html = client_for(client, world, "governor").get(reverse("calls:assess", args=[app.pk])).content.decode()
    assert "Motivert kommune." in html and "Tydelig utfordringsbilde." in html
    assert 'type="radio"' not in html
    assert '<td class="num">3,5</td>' in html


def test_english_is_available(client, world, apps) -> None:
    c = client_for(client, world, "resource")
    c.post(reverse("set_language"), {"language": "en"})
    html = c.get(reverse("calls:assess", args=[apps["elverum"].pk])).content.decode()
    assert "<legend>Criterion 1: Motivasjon og kapasitet</legend>" in html
