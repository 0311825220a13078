"""The results pages: numbers on the page, suppression, free text, filters and access per role."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.evaluation.results_data import FREE_TEXT, Q1, rw_fixture  # noqa: F401

RESULTS = reverse("evaluation:results")
MINE = reverse("evaluation:my_results")


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def row(html: str, table_id: str, wave: str) -> str:
    table = html[html.index(f'id="{table_id}"'):]
    table = table[:table.index("</table>")]
    match = re.search(rf"<th scope=\"row\">{wave}</th>(.*?)</tr>", table, re.S)
    assert match, f"no row {wave} in {table_id}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_evaluator_sees_the_hand_computed_table_chart_and_free_text(client, rw):
    response = get(client, rw.users["evaluator"], RESULTS)
    html = response.content.decode()
    assert response.status_code == 200
    # n, n dk, n missing, mean, sd, median, distribution 1..5
    assert row(html, "stats-q1", "2019") == "4 1 0 2,50 0,58 2,5 0 2 2 0 0"
    assert row(html, "stats-q2", "2019") == "4 0 1 4,00 0,82 4,0 0 0 1 2 1"
    assert row(html, "stats-q2", "2022") == "2 2 0 5,00 0,00 5,0 0 0 0 0 2"
    assert row(html, "stats-q4", "2022") == "4 0 0 2,50 1,29 2,5 1 1 1 1 0"
    assert Q1 in html and FREE_TEXT in html
    assert "+1,00" in html and "+40,0 %" in html
    assert reverse("evaluation:chart", args=["q1", "svg"]) in html
    assert 'alt="Søylediagram' in html  # the chart's text alternative, in bokmål
    assert "gjennomsnitt 2,50, standardavvik 0,58, n = 4" in html


def test_english(client, rw):
    client.force_login(rw.users["evaluator"])
    client.cookies["django_language"] = "en"
    response = client.get(RESULTS)
    html = response.content.decode()
    assert response.status_code == 200
    assert "English q1" in html and "Standard deviation" in html and row(html, "stats-q1", "2019").startswith(
        "4 1 0 2.50 0.58 2.5")


def test_directorate_sees_aggregates_suppressed_and_no_free_text(client, rw):
    html = get(client, rw.users["directorate"], RESULTS).content.decode()
    assert row(html, "stats-q1", "2022") == "4 0 0 3,50 0,58 3,5 0 0 2 2 0"
    assert row(html, "stats-q2", "2022") == "2 2 0 skjult (færre enn 3)"
    assert FREE_TEXT not in html
    assert "kind=raw" not in html


def test_region_and_wave_pair_filters(client, rw):
    html = get(client, rw.users["evaluator"], RESULTS, region=rw.regions["innlandet"].pk, from_wave="2022",
               to_wave="2019").content.decode()
    assert row(html, "stats-q1", "2022") == "3 0 0 3,33 0,58 3,0 0 0 2 1 0"
    assert "Endring fra 2022 til 2019" in html


def test_same_wave_twice_is_a_clear_error(client, rw):
    response = get(client, rw.users["evaluator"], RESULTS, from_wave="2019", to_wave="2019")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Velg to ulike runder" in html and 'class="error-summary"' in html and 'href="#id_to_wave"' in html
    assert 'id="stats-q1"' not in html


@pytest.mark.parametrize("who", ["governor", "resource", "competence", "outsider", "elverum"])
def test_other_roles_get_403(client, rw, who):
    assert get(client, rw.users[who], RESULTS).status_code == 403


def test_anonymous_is_sent_to_login(client, rw):
    for url in (RESULTS, MINE, reverse("evaluation:export_xlsx"), reverse("evaluation:chart", args=["q1", "png"])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_municipality_sees_its_own_answers_beside_the_suppressed_group(client, rw):
    response = get(client, rw.users["elverum"], MINE)
    html = response.content.decode()
    assert response.status_code == 200
    assert row(html, "own-table-q1", "2019") == "2 2,50 0,58 2,5 4"
    assert row(html, "own-table-q2", "2022") == "5 skjult (færre enn 3) 2"
    assert "Tynset" not in html and FREE_TEXT not in html


def test_municipality_with_dont_know(client, rw):
    html = get(client, rw.users["tynset"], MINE).content.decode()
    assert row(html, "own-table-q2", "2022") == "vet ikke skjult (færre enn 3) 2"


@pytest.mark.parametrize("params", [{"municipality": "other"}, {"municipality": "999999"}, {"form": "999999"}])
def test_municipality_cannot_guess_another(client, rw, params):
    if params.get("municipality") == "other":
        params = {"municipality": rw.municipalities["tynset"].pk}
    assert get(client, rw.users["elverum"], MINE, **params).status_code == 403


@pytest.mark.parametrize("who", ["evaluator", "directorate", "governor", "outsider"])
def test_own_results_are_for_municipalities_only(client, rw, who):
    assert get(client, rw.users[who], MINE).status_code == 403


def test_post_is_refused(client, rw):
    client.force_login(rw.users["evaluator"])
    assert client.post(RESULTS).status_code == 405
