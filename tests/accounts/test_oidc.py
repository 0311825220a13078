"""OpenID Connect: off unless configured; on, the person is linked by (issuer, sub) and pid is never stored."""

from __future__ import annotations

import importlib
import time
from unittest import mock
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import NoReverseMatch, clear_url_caches, reverse

from samla.accounts.models import ExternalIdentity, RoleAssignment
from samla.accounts.oidc_settings import oidc_settings
from samla.audit.models import AuditEvent

ISSUER = "https://idporten.example"
SECRET = "a-test-client-secret-of-at-least-32-bytes"
PID = "24079419837"  # a synthetic national identity number
ENV = {"SAMLA_OIDC_ISSUER": ISSUER, "SAMLA_OIDC_RP_CLIENT_ID": "samla-test", "SAMLA_OIDC_RP_CLIENT_SECRET": SECRET,
       "SAMLA_OIDC_RP_SIGN_ALGO": "HS256", "SAMLA_OIDC_PROVIDER_NAME": "ID-porten"}


def _reload_urls() -> None:
    import samla.accounts.urls
    import samla.urls

    importlib.reload(samla.accounts.urls)
    importlib.reload(samla.urls)
    clear_url_caches()


@pytest.fixture
def oidc_on(settings):
    for name, value in oidc_settings(ENV).items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "samla.accounts.oidc.SamlaOIDCBackend"]
    _reload_urls()
    yield
    settings.SAMLA_OIDC_ENABLED = False
    _reload_urls()


# --- the environment switch


def test_off_without_environment() -> None:
    assert oidc_settings({})["SAMLA_OIDC_ENABLED"] is False
    assert oidc_settings({"SAMLA_OIDC_ISSUER": ISSUER})["SAMLA_OIDC_ENABLED"] is False  # no client


def test_on_with_issuer_and_client_and_id_porten_endpoints() -> None:
    conf = oidc_settings({k: v for k, v in ENV.items() if k != "SAMLA_OIDC_RP_SIGN_ALGO"})
    assert conf["SAMLA_OIDC_ENABLED"] is True
    assert conf["OIDC_OP_AUTHORIZATION_ENDPOINT"] == f"{ISSUER}/authorize"
    assert conf["OIDC_OP_TOKEN_ENDPOINT"] == f"{ISSUER}/token"
    assert conf["OIDC_OP_USER_ENDPOINT"] == f"{ISSUER}/userinfo"
    assert conf["OIDC_OP_JWKS_ENDPOINT"] == f"{ISSUER}/jwks.json"
    assert conf["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert conf["OIDC_STORE_ID_TOKEN"] is False and conf["OIDC_STORE_ACCESS_TOKEN"] is False
    assert conf["OIDC_USE_PKCE"] is True


def test_explicit_endpoints_without_issuer() -> None:
    env = {"SAMLA_OIDC_RP_CLIENT_ID": "c", "SAMLA_OIDC_RP_CLIENT_SECRET": "s",
           "SAMLA_OIDC_OP_AUTHORIZATION_ENDPOINT": "https://op/a", "SAMLA_OIDC_OP_TOKEN_ENDPOINT": "https://op/t",
           "SAMLA_OIDC_OP_USER_ENDPOINT": "https://op/u"}
    assert oidc_settings(env)["SAMLA_OIDC_ENABLED"] is False  # RS256 needs the provider's keys
    assert oidc_settings({**env, "SAMLA_OIDC_OP_JWKS_ENDPOINT": "https://op/k"})["SAMLA_OIDC_ENABLED"] is True


def test_when_off_there_is_no_oidc_url_or_button(client, db, settings) -> None:
    assert settings.SAMLA_OIDC_ENABLED is False
    with pytest.raises(NoReverseMatch):
        reverse("accounts:oidc_login")
    assert client.get("/accounts/oidc/login/").status_code == 404
    assert client.get("/accounts/oidc/callback/?code=x&state=y").status_code == 404
    assert "Logg inn med" not in client.get("/accounts/login/").content.decode()


def test_when_on_the_sign_in_page_offers_the_provider(client, db, oidc_on) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert f'href="{reverse("accounts:oidc_login")}"' in html
    assert "Logg inn med ID-porten" in html


# --- the sign-in flow against a mocked provider


def _sign_in(client, *, sub="pseudonym-123", iss=ISSUER, userinfo_sub=None):
    start = client.get("/accounts/oidc/login/")
    assert start.status_code == 302 and start["Location"].startswith(f"{ISSUER}/authorize?")
    query = parse_qs(urlparse(start["Location"]).query)
    assert query["client_id"] == ["samla-test"] and "code_challenge" in query
    now = int(time.time())
    id_token = jwt.encode({"iss": iss, "aud": "samla-test", "sub": sub, "nonce": query["nonce"][0], "pid": PID,
                           "iat": now, "exp": now + 120, "acr": "idporten-loa-high"}, SECRET, algorithm="HS256")
    token_answer = mock.Mock(status_code=200)
    token_answer.json.return_value = {"id_token": id_token, "access_token": "opaque-access-token"}
    userinfo = mock.Mock(headers={"content-type": "application/json"})
    userinfo.json.return_value = {"sub": userinfo_sub or sub, "pid": PID, "given_name": "Kari",
                                  "family_name": "Nordmann", "email": "kari@kommune.example",
                                  "birthdate": "1994-07-24", "locale": "nb"}
    with mock.patch("mozilla_django_oidc.auth.requests") as requests:
        requests.post.return_value = token_answer
        requests.get.return_value = userinfo
        response = client.get("/accounts/oidc/callback/", {"code": "the-code", "state": query["state"][0]})
    return response


def test_a_new_person_gets_an_account_without_roles_and_a_page_saying_so(client, db, oidc_on) -> None:
    response = _sign_in(client)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:me")
    identity = ExternalIdentity.objects.get()
    assert (identity.issuer, identity.subject) == (ISSUER, "pseudonym-123")
    user = identity.user
    assert (user.first_name, user.last_name, user.email) == ("Kari", "Nordmann", "kari@kommune.example")
    assert not user.has_usable_password()
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="account.created_by_oidc", object_id=str(identity.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Du har ingen roller ennå" in page and "aldri fødselsnummeret ditt" in page


def test_the_national_identity_number_is_stored_nowhere(client, db, oidc_on) -> None:
    _sign_in(client)
    _sign_in(client)
    assert "_auth_user_id" in client.session
    for model in apps.get_models():
        for row in model.objects.all().values():
            text = repr(row)
            assert PID not in text, model
            assert "1994-07-24" not in text, model
            assert "opaque-access-token" not in text, model
    for session in Session.objects.all():
        decoded = repr(session.get_decoded())
        assert PID not in decoded and "opaque-access-token" not in decoded and "eyJ" not in decoded


def test_the_same_person_is_linked_to_the_same_account(client, db, oidc_on) -> None:
    _sign_in(client)
    client.logout()
    _sign_in(client)
    assert get_user_model().objects.count() == 1 and ExternalIdentity.objects.count() == 1


def test_another_issuer_is_refused(client, db, oidc_on) -> None:
    response = _sign_in(client, iss="https://evil.example")
    assert response["Location"] == reverse("accounts:login")
    assert "Innloggingen via den eksterne tjenesten mislyktes" in client.get(response["Location"]).content.decode()
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.exists()


def test_a_userinfo_answer_about_someone_else_is_refused(client, db, oidc_on) -> None:
    response = _sign_in(client, userinfo_sub="someone-else")
    assert response["Location"] == reverse("accounts:login")
    assert not ExternalIdentity.objects.exists()


def test_deactivating_the_account_ends_an_open_sign_in_session(client, db, oidc_on) -> None:
    _sign_in(client)
    assert client.get("/accounts/me/").status_code == 200
    get_user_model().objects.update(is_active=False)  # what samla.accounts.services.user_deactivate sets
    response = client.get("/accounts/me/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
