"""/work/ (calls:dashboard): “Mitt arbeid” per role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.calls.web.conftest import ALL_ROLES

URL = reverse("calls:dashboard")


def test_anonymous_users_are_sent_to_login(client, world) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("who", ALL_ROLES)
def test_every_role_gets_its_page(login, live_call, who) -> None:
    response = login(who).get(URL)
    assert response.status_code == 200
    assert "Mitt arbeid" in response.content.decode()


def test_directorate_sees_rounds_and_status(login, live_call) -> None:
    html = login("directorate").get(URL).content.decode()
    assert "0–24 pilot" in html and "Åpen for søknader" in html and reverse("calls:round_create") in html


def test_county_governor_sees_counts_of_its_calls(login, draft, submitted) -> None:
    html = login("governor").get(URL).content.decode()
    assert "Sak 2019/6452" in html and "Utlysningene dine og mottatte søknader" in html
    # drafts 0, submitted 1, political decision missing 1
    assert '<td class="num">0</td><td class="num">1</td>' in html and '<span class="flagged">1</span>' in html
    assert login("governor_other_region").get(URL).content.decode().count("Sak 2019/6452") == 0


def test_municipality_sees_open_calls_with_its_deadline_and_its_applications(login, draft) -> None:
    html = login("elverum").get(URL).content.decode()
    assert "Sak 2019/6452" in html and "Frist for Elverum" in html
    assert "Politisk vedtak mangler" in html
    trondheim = login("trondheim").get(URL).content.decode()
    assert "Sak 2019/6452" not in trondheim and "Det finnes ingen åpen utlysning" in trondheim


def test_resource_group_and_competence_centre_read_their_regions_calls(login, draft, submitted) -> None:
    assert "Sak 2019/6452" in login("resource").get(URL).content.decode()
    assert "Elverum" in login("resource").get(URL).content.decode()
    assert "Sak 2019/6452" in login("competence").get(URL).content.decode()
    assert "Sak 2019/6452" not in login("resource_other_region").get(URL).content.decode()


def test_the_selection_pages_fragment_is_included(login, world) -> None:
    assert login("outsider").get(URL).status_code == 200
