"""The county governor ranks the region's candidates and forwards the recommendation (read-only afterwards)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samla.audit.models import AuditEvent
from samla.calls import services
from samla.calls.models import Recommendation
from tests.calls.conftest import decide_politically, write_application


@pytest.fixture
def apps(world, call):
    out = {who: write_application(world, call, who=who) for who in ("elverum", "tynset", "hamar")}
    decide_politically(world, out["elverum"])
    scores = {c.pk: services.Score(5) for c in call.criteria_items.all()}
    services.assessment_submit(actor=world.users["resource"], application=out["tynset"], scores=scores,
                               recommendation="yes")
    return out


def login(client, world, who):
    client.force_login(world.users[who])
    return client


def url(call):
    return reverse("calls:recommendation", args=[call.pk])


def test_the_governor_sees_the_candidates_with_their_scores(client, world, call, apps) -> None:
    response = login(client, world, "governor").get(url(call))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Anbefaling for Sak 2019/6452 (Innlandet)" in html
    assert html.index("Tynset") < html.index("Elverum")  # best mean score first
    assert '<td class="num">5,0</td>' in html
    assert html.count('type="number"') == 3
    assert "Plass for Elverum" in html  # a label for every place input
    assert html.count("Politisk vedtak mangler") == 2  # Tynset and Hamar; shown in words, not colour only


def test_forwarding_records_the_ranking_and_is_audited(client, world, call, apps) -> None:
    data = {f"rank_{apps['hamar'].pk}": "1", f"rank_{apps['elverum'].pk}": "2", f"rank_{apps['tynset'].pk}": "",
            "comment": "Hamar har best kapasitet.", "action": "forward"}
    response = login(client, world, "governor").post(url(call), data)
    assert response.status_code == 302
    recommendation = Recommendation.objects.get(call=call)
    assert [r.application.municipality.name for r in recommendation.ranking.all()] == ["Hamar", "Elverum"]
    assert recommendation.comment == "Hamar har best kapasitet."
    assert AuditEvent.objects.filter(action="recommendation.forward", object_id=str(recommendation.pk)).exists()
    html = client.get(url(call)).content.decode()
    assert "kan ikke lenger endres" in html and 'type="number"' not in html


def test_sorting_shows_the_order_without_saving(client, world, call, apps) -> None:
    data = {f"rank_{apps['hamar'].pk}": "1", f"rank_{apps['tynset'].pk}": "2", "action": "sort"}
    html = login(client, world, "governor").post(url(call), data).content.decode()
    assert html.index("Hamar</a>") < html.index("Tynset</a>") < html.index("Elverum</a>")
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("ranks, message", [
    ({}, "Gi minst én søknad en plass i rangeringen."),
    ({"elverum": "1", "tynset": "1"}, "To søknader har plass 1; gi hver søknad sin egen plass."),
    ({"elverum": "9"}, "Skriv et helt tall fra 1 til 3, eller la feltet stå tomt."),
    ({"elverum": "første"}, "Skriv et helt tall fra 1 til 3, eller la feltet stå tomt."),
])
def test_a_bad_ranking_is_refused_and_changes_nothing(client, world, call, apps, ranks, message) -> None:
    data = {f"rank_{apps[k].pk}": v for k, v in ranks.items()} | {"action": "forward"}
    response = login(client, world, "governor").post(url(call), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Recommendation.objects.exists()


def test_a_second_forward_changes_nothing(client, world, call, apps) -> None:
    services.recommendation_forward(actor=world.users["governor"], call=call, ranking=[apps["elverum"]])
    response = login(client, world, "governor").post(url(call), {f"rank_{apps['tynset'].pk}": "1",
                                                                 "action": "forward"})
    assert response.status_code == 302
    assert [r.application_id for r in Recommendation.objects.get().ranking.all()] == [apps["elverum"].pk]


def test_the_directorate_reads_but_cannot_forward(client, world, call, apps) -> None:
    c = login(client, world, "directorate")
    assert "har ikke sendt anbefalingen videre ennå" in c.get(url(call)).content.decode()
    response = c.post(url(call), {f"rank_{apps['elverum'].pk}": "1", "action": "forward"})
    assert response.status_code == 403
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("who", ["governor_other_region", "resource", "elverum", "evaluator", "outsider"])
def test_other_roles_and_regions_get_403(client, world, call, apps, who) -> None:
    c = login(client, world, who)
    assert c.get(url(call)).status_code == 403
    assert c.post(url(call), {f"rank_{apps['elverum'].pk}": "1", "action": "forward"}).status_code == 403
    assert not Recommendation.objects.exists()


def test_a_guessed_call_id_gets_403(client, world, call, apps) -> None:
    assert login(client, world, "governor").get(reverse("calls:recommendation", args=[999_999])).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client, world, call) -> None:
    response = client.get(url(call))
    assert response.status_code == 302 and "login" in response["Location"]
