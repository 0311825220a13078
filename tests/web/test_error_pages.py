"""The error pages (403, 404, 429, 500) have Samla's layout, speak the user's language, say what happened and
where to go from there. The 500 page renders without a request and without the database."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from tests.calls.conftest import world  # noqa: F401  (the role personas)


def _html(response) -> str:
    return response.content.decode()


def test_403_in_bokmaal_with_the_menu_and_ways_on(client, world) -> None:  # noqa: F811
    client.force_login(world.users["elverum"])
    response = client.get("/work/rounds/")
    assert response.status_code == 403
    html = _html(response)
    assert '<html lang="nb">' in html and 'class="site-nav"' in html
    assert "Du har ikke tilgang til denne siden" in html and "403 Forbidden" not in html
    assert 'href="/work/"' in html and 'href="/accounts/me/"' in html and "Forsiden i Samla" in html


def test_403_in_english(client, world) -> None:  # noqa: F811
    client.force_login(world.users["elverum"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = _html(client.get("/work/rounds/"))
    assert '<html lang="en">' in html and "You do not have access to this page" in html


def test_404_for_a_visitor_offers_the_front_page(client, db) -> None:
    response = client.get("/ingen-slik-side/")
    assert response.status_code == 404
    html = _html(response)
    assert '<html lang="nb">' in html and "Fant ikke siden" in html and "Forsiden i Samla" in html
    assert "Not Found" not in html


def test_403_for_a_visitor_offers_to_sign_in(client, db) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get("/work/rounds/")
    request.user = AnonymousUser()
    html = render_to_string("403.html", request=request)
    assert "Logg inn, så får du kanskje se siden" in html and "/accounts/login/?next=/work/rounds/" in html


def test_500_page_when_a_view_fails(world, monkeypatch) -> None:  # noqa: F811
    from samla.calls import selectors

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "calls_visible_to", broken)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["elverum"])
    response = client.get("/work/")
    assert response.status_code == 500
    html = _html(response)
    assert '<html lang="nb">' in html and "Noe gikk galt hos oss" in html and "Server Error" not in html
    assert "Forsiden i Samla" in html and "a bug" not in html


def test_the_500_template_needs_no_request_and_no_database() -> None:
    """No ``db`` fixture: any query here fails the test."""
    with translation.override("nb"):
        html = render_to_string("500.html")
    assert '<html lang="nb">' in html and "Noe gikk galt hos oss" in html and 'href="/"' in html
    with translation.override("en"):
        assert "Something went wrong on our side" in render_to_string("500.html")


@pytest.mark.parametrize("template", ["403.html", "404.html", "429.html"])
def test_each_error_page_names_its_code_and_a_way_on(template, db) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get("/x/")
    request.user = AnonymousUser()
    with translation.override("nb"):
        html = render_to_string(template, request=request)
    assert f"Feil {template[:3]}" in html and "Hvor du kan gå videre" in html and "Forsiden i Samla" in html


def test_the_lockout_page_429_has_the_layout(client, db) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("kari", password="riktig-hest-batteri-stift")
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "kari", "password": "feil"}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    html = _html(response)
    assert '<html lang="nb">' in html and 'class="site-header"' in html and "Lag nytt passord" in html
