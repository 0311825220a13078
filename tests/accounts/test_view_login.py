from __future__ import annotations

import pytest
from django.urls import reverse

from samla.accounts.models import Role, RoleAssignment
from tests.accounts.conftest import PASSWORD

LOGIN = "/accounts/login/"


def test_login_url_is_the_samla_sign_in_page(settings) -> None:
    assert reverse("accounts:login") == LOGIN
    assert settings.LOGIN_URL == "accounts:login"


def test_the_sign_in_page_is_in_bokmaal_with_labelled_fields(client, db) -> None:
    html = client.get(LOGIN).content.decode()
    assert "Logg inn i Samla" in html
    assert '<label class="field__label" for="id_username">' in html
    assert '<label class="field__label" for="id_password">' in html
    assert "Glemt passordet?" in html


def test_a_user_with_a_role_lands_on_the_work_page_or_the_front_page(client, kari, world) -> None:
    RoleAssignment.objects.create(user=kari, role=Role.EVALUATOR)
    response = client.post(LOGIN, {"username": "kari", "password": PASSWORD})
    assert response.status_code == 302
    try:
        expected = reverse("calls:dashboard")
    except Exception:  # the work page is built elsewhere; until then the front page
        expected = "/"
    assert response["Location"] == expected
    assert client.session["_auth_user_id"] == str(kari.pk)


def test_a_user_without_a_role_lands_on_the_page_that_says_so(client, kari) -> None:
    response = client.post(LOGIN, {"username": "kari", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:me")
    assert "Du har ingen roller ennå" in response.content.decode()


def test_next_is_honoured_but_not_to_another_site(client, kari) -> None:
    response = client.post(LOGIN, {"username": "kari", "password": PASSWORD, "next": "/audit/"})
    assert response["Location"] == "/audit/"
    client.logout()
    response = client.post(LOGIN, {"username": "kari", "password": PASSWORD, "next": "https://evil.example/"})
    assert "evil" not in response["Location"]


def test_a_wrong_password_shows_an_error_summary_in_bokmaal(client, kari) -> None:
    response = client.post(LOGIN, {"username": "kari", "password": "feil"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html and 'href="#id_username"' in html
    assert "Vennligst oppgi korrekt brukernavn og passord" in html
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post(client, kari) -> None:
    client.force_login(kari)
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_test_client_login_still_works_with_the_lockout_backend(client, kari) -> None:
    # axes needs the request; Django's test client does not pass one (LockoutBackend lets it through).
    assert client.login(username="kari", password=PASSWORD)
    assert not client.login(username="kari", password="feil")


@pytest.mark.parametrize("path", ["/accounts/me/", "/accounts/password/change/", "/audit/"])
def test_anonymous_users_are_sent_to_sign_in(client, db, path) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")
