"""The stratified random draw: recorded with its seed, reproducible, carried into the decision as a preselection."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samla.audit.models import AuditEvent
from samla.calls import services
from samla.calls.models import StratifiedDraw
from samla.core.selection import stratified_draw
from tests.calls.conftest import decide_politically, write_application


@pytest.fixture
def forwarded(world, call):
    apps = {}
    for who in ("elverum", "tynset", "os", "hamar", "lillehammer"):
        apps[who] = write_application(world, call, who=who)
        decide_politically(world, apps[who], who=who)
    services.recommendation_forward(actor=world.users["governor"], call=call, ranking=list(apps.values()))
    return apps


def login(client, world, who="directorate"):
    client.force_login(world.users[who])
    return client


def test_a_draw_records_a_generated_seed_and_is_reproducible(client, world, open_round, forwarded) -> None:
    c = login(client, world)
    response = c.post(reverse("calls:draw", args=[open_round.pk]),
                      {"per_stratum": "1", "region": str(world.regions["innlandet"].pk)})
    draw = StratifiedDraw.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("calls:draw_detail", args=[draw.pk])
    assert draw.region == world.regions["innlandet"] and draw.per_stratum == 1
    assert draw.candidates == {"3420": 21000, "3427": 5600, "3430": 1900, "3403": 31000, "3405": 28000}
    # Anyone with the seed and the candidates gets the same result, whatever the order of the candidates.
    shuffled = dict(reversed(list(draw.candidates.items())))
    assert stratified_draw(shuffled, 1, draw.seed, tuple(open_round.size_band_limits)) == draw.result
    assert draw.result["<5000"] == ["3430"] and draw.result["5000-19999"] == ["3427"]
    assert len(draw.result["20000-49999"]) == 1
    assert AuditEvent.objects.filter(action="stratified_draw.record", object_id=str(draw.pk)).exists()

    html = c.get(response["Location"]).content.decode()
    assert str(draw.seed) in html
    assert "gir samme resultat" in html
    assert "under 5\u00a0000 innbyggere" in html and "50\u00a0000 innbyggere eller flere" in html
    assert "stratified_draw({&quot;3403&quot;: 31000" in html and f", 1, {draw.seed}, (5000, 20000, 50000))" in html


def test_two_draws_get_different_seeds(client, world, open_round, forwarded) -> None:
    c = login(client, world)
    for _ in range(2):
        c.post(reverse("calls:draw", args=[open_round.pk]), {"per_stratum": "1"})
    seeds = list(StratifiedDraw.objects.values_list("seed", flat=True))
    assert len(seeds) == 2 and seeds[0] != seeds[1]
    html = c.get(reverse("calls:draw", args=[open_round.pk])).content.decode()
    assert all(str(seed) in html for seed in seeds)


@pytest.mark.parametrize("value, message", [("0", "Trekk minst 1 per størrelsesgruppe."),
                                            ("", "Oppgi hvor mange som skal trekkes per størrelsesgruppe."),
                                            ("to", "Skriv et helt tall.")])
def test_a_bad_count_is_refused_and_records_nothing(client, world, open_round, forwarded, value, message) -> None:
    response = login(client, world).post(reverse("calls:draw", args=[open_round.pk]), {"per_stratum": value})
    assert response.status_code == 200 and message in response.content.decode()
    assert not StratifiedDraw.objects.exists()


def test_a_draw_without_applicants_is_refused_with_a_message(client, world, open_round) -> None:
    response = login(client, world).post(reverse("calls:draw", args=[open_round.pk]), {"per_stratum": "1"})
    assert "Det er ingen innsendte søknader å trekke blant." in response.content.decode()
    assert not StratifiedDraw.objects.exists()


def test_the_result_is_carried_into_the_decision_as_a_preselection(client, world, open_round, forwarded) -> None:
    draw = services.stratified_draw_record(actor=world.users["directorate"], programme_round=open_round,
                                           per_stratum=1, seed=2019)
    drawn = {n for numbers in draw.result.values() for n in numbers}
    html = login(client, world).get(reverse("calls:decision", args=[open_round.pk]), {"draw": draw.pk})
    html = html.content.decode().replace("\n", "")
    assert "Forhåndsvalgt fra trekningen med frø 2019" in html
    for who, app in forwarded.items():
        ticked = f'id="select-{app.pk}" checked' in html
        assert ticked == (app.municipality.number in drawn), who


@pytest.mark.parametrize("who", ["governor", "resource", "elverum", "evaluator", "outsider"])
def test_only_the_directorate_draws_and_reads_draws(client, world, open_round, forwarded, who) -> None:
    draw = services.stratified_draw_record(actor=world.users["directorate"], programme_round=open_round,
                                           per_stratum=1, seed=7)
    c = login(client, world, who)
    assert c.get(reverse("calls:draw", args=[open_round.pk])).status_code == 403
    assert c.post(reverse("calls:draw", args=[open_round.pk]), {"per_stratum": "1"}).status_code == 403
    assert c.get(reverse("calls:draw_detail", args=[draw.pk])).status_code == 403
    assert StratifiedDraw.objects.count() == 1


def test_a_guessed_draw_id_gets_403(client, world, open_round) -> None:
    assert login(client, world).get(reverse("calls:draw_detail", args=[999_999])).status_code == 403
