"""/api/tokens/: create (shown once), list and revoke your own tokens; audited; errors in bokmål."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from samla.api.models import ApiToken
from samla.api.services import api_token_create
from samla.audit.models import AuditEvent

PAGE = "/api/tokens/"


@pytest.fixture
def user(db):
    return get_user_model().objects.create(username="kari")


@pytest.fixture
def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_login(db, client) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "next=/api/tokens/" in response["Location"]
    assert client.post(PAGE, {"name": "x"}).status_code == 302
    assert not ApiToken.objects.exists()


def test_create_shows_the_token_once_and_stores_only_its_hash(user, signed_in) -> None:
    response = signed_in.post(PAGE, {"name": "Rapportskript", "expires_on": ""})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    html = response.content.decode()
    start = html.index(f"samla_{token.prefix}_")
    text = html[start:html.index('"', start)]
    assert len(text) > 40
    assert text.split("_", 2)[2] not in token.secret_hash
    assert "Kopier den nå" in html
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    # Shown once: the list afterwards has the prefix only.
    again = signed_in.get(PAGE).content.decode()
    assert text not in again and f"samla_{token.prefix}_…" in again and "Rapportskript" in again
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor == user and "secret_hash" not in event.after
    # And the token works.
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {text}"}).status_code == 200


def test_invalid_form_gives_bokmaal_errors_with_summary_and_changes_nothing(signed_in) -> None:
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = signed_in.post(PAGE, {"name": "", "expires_on": yesterday})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_name"' in html and 'href="#id_expires_on"' in html
    assert "Gi nøkkelen et navn." in html
    assert "Velg en dato etter i dag" in html
    assert 'aria-describedby="id_name_helptext' in html or 'aria-describedby="id_name_error' in html
    assert not ApiToken.objects.exists()


def test_expiry_is_stored_at_the_start_of_the_day(user, signed_in) -> None:
    day = timezone.localdate() + datetime.timedelta(days=10)
    signed_in.post(PAGE, {"name": "Kort", "expires_on": day.isoformat()})
    token = ApiToken.objects.get(user=user)
    assert timezone.localtime(token.expires_at).date() == day
    assert timezone.localtime(token.expires_at).time() == datetime.time.min


def test_revoke_own_token(user, signed_in) -> None:
    token, text = api_token_create(actor=user, name="Gammel")
    response = signed_in.post(f"/api/tokens/{token.pk}/revoke/", follow=True)
    assert response.status_code == 200
    assert "Nøkkelen «Gammel» er trukket tilbake." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoke", object_id=str(token.pk)).count() == 1
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {text}"}).status_code == 401


def test_revoking_someone_elses_or_a_missing_token_is_403_and_changes_nothing(user, signed_in) -> None:
    other = get_user_model().objects.create(username="ola")
    token, _ = api_token_create(actor=other, name="Olas")
    assert signed_in.post(f"/api/tokens/{token.pk}/revoke/").status_code == 403
    assert signed_in.post("/api/tokens/999999/revoke/").status_code == 403
    assert signed_in.get(f"/api/tokens/{token.pk}/revoke/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "Olas" not in signed_in.get(PAGE).content.decode()


def test_page_is_english_when_chosen(signed_in) -> None:
    signed_in.post("/i18n/setlang/", {"language": "en"})
    assert "Personal API tokens" in signed_in.get(PAGE).content.decode()
