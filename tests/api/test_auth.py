"""Personal tokens (valid, wrong, revoked, expired, malformed, inactive user) and the session with CSRF."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from samla.api.models import ApiToken
from samla.api.services import api_token_create, api_token_revoke

ME = "/api/me"


def bearer(client: Client, token: str, path: str = ME):
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def test_anonymous_gets_401_with_www_authenticate(api_world, client) -> None:
    for path in (ME, "/api/programmes", "/api/applications", f"/api/applications/{api_world.apps['elverum'].pk}"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert client.patch(f"/api/applications/{api_world.apps['elverum'].pk}", {"version": 1},
                        content_type="application/json").status_code == 401


def test_valid_token_acts_as_its_user_and_records_last_use(api_world, client) -> None:
    token, text = api_token_create(actor=api_world.users["elverum"], name="script")
    assert text.startswith(f"samla_{token.prefix}_")
    response = bearer(client, text)
    assert response.status_code == 200
    assert response.json() == {"username": "u-elverum", "roles": ["municipality@municipality:3420"]}
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # wrong secret
    lambda t: "samla_ffffffff_" + t.split("_", 2)[2],  # unknown prefix
    lambda t: t.split("_", 2)[2],  # no prefix
    lambda t: "",  # empty
    lambda t: "garbage",
])
def test_wrong_tokens_get_401(api_world, client, mangle) -> None:
    _, text = api_token_create(actor=api_world.users["elverum"], name="script")
    assert bearer(client, mangle(text)).status_code == 401


def test_revoked_token_gets_401(api_world, client) -> None:
    token, text = api_token_create(actor=api_world.users["elverum"], name="script")
    assert bearer(client, text).status_code == 200
    api_token_revoke(actor=api_world.users["elverum"], token=token)
    assert bearer(client, text).status_code == 401


def test_expired_token_gets_401(api_world, client) -> None:
    token, text = api_token_create(actor=api_world.users["elverum"], name="script",
                                   expires_at=timezone.now() + datetime.timedelta(days=1))
    assert bearer(client, text).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1),
                                                created_at=timezone.now() - datetime.timedelta(days=2))
    assert bearer(client, text).status_code == 401


def test_token_of_inactive_user_gets_401(api_world, client) -> None:
    user = api_world.users["elverum"]
    _, text = api_token_create(actor=user, name="script")
    user.is_active = False
    user.save()
    assert bearer(client, text).status_code == 401


def test_other_authorization_scheme_gets_401(api_world, client) -> None:
    assert client.get(ME, headers={"Authorization": "Basic dTpw"}).status_code == 401


def test_bad_token_is_401_even_with_a_valid_session(api_world, client) -> None:
    client.force_login(api_world.users["elverum"])
    assert client.get(ME).status_code == 200
    assert client.get(ME, headers={"Authorization": "Bearer samla_00000000_nope"}).status_code == 401


def test_token_post_needs_no_csrf(api_world, as_user) -> None:
    app = api_world.apps["elverum"]
    response = as_user("elverum").patch(f"/api/applications/{app.pk}", {"version": app.version, "measures": "Nye"})
    assert response.status_code == 200, response.content
    assert response.json()["content"]["measures"] == "Nye"


def test_session_reads_and_needs_csrf_on_unsafe_methods(api_world) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(api_world.users["elverum"])
    app = api_world.apps["elverum"]
    assert client.get(f"/api/applications/{app.pk}").status_code == 200
    path, body = f"/api/applications/{app.pk}", {"version": app.version, "measures": "Endret"}
    refused = client.patch(path, body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    app.refresh_from_db()
    assert app.measures != "Endret"
    # The token the page would hold: the csrftoken cookie plus the X-CSRFToken header.
    client.get("/api/tokens/")
    csrf = client.cookies["csrftoken"].value
    accepted = client.patch(path, body, content_type="application/json", headers={"X-CSRFToken": csrf})
    assert accepted.status_code == 200, accepted.content
    app.refresh_from_db()
    assert app.measures == "Endret"


def test_anonymous_post_is_401_not_a_csrf_error(api_world) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/applications", {"call": 1}, content_type="application/json")
    assert response.status_code == 401


