"""samla.api.services: token creation, revocation and use."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from samla.api import services
from samla.audit.models import AuditEvent

NOW = datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC)


@pytest.fixture
def user(db):
    return get_user_model().objects.create(username="kari")


def test_create_stores_sha256_of_the_secret_only(user) -> None:
    token, text = services.api_token_create(actor=user, name=" Skript ", now=NOW)
    start, prefix, secret = text.split("_", 2)
    assert (start, prefix) == ("samla", token.prefix)
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.name == "Skript" and token.created_at == NOW
    assert AuditEvent.objects.filter(action="api_token.create", object_id=str(token.pk)).exists()


def test_create_refuses_empty_name_past_expiry_and_anonymous(user) -> None:
    with pytest.raises(ValidationError) as error:
        services.api_token_create(actor=user, name="  ")
    assert error.value.messages == [services.NAME_REQUIRED]
    with pytest.raises(ValidationError) as error:
        services.api_token_create(actor=user, name="x", expires_at=NOW, now=NOW)
    assert error.value.messages == [services.EXPIRY_NOT_FUTURE]
    with pytest.raises(PermissionDenied):
        services.api_token_create(actor=AnonymousUser(), name="x")
    assert not AuditEvent.objects.exists()


def test_use_is_refused_after_expiry_and_revocation(user) -> None:
    token, text = services.api_token_create(actor=user, name="x", expires_at=NOW + datetime.timedelta(days=1),
                                            now=NOW)
    assert services.api_token_use(text=text, now=NOW) == user
    assert services.api_token_use(text=text, now=NOW + datetime.timedelta(days=1)) is None
    services.api_token_revoke(actor=user, token=token, now=NOW)
    assert services.api_token_use(text=text, now=NOW) is None


def test_use_marks_last_use_at_most_once_a_minute(user) -> None:
    token, text = services.api_token_create(actor=user, name="x", now=NOW)
    services.api_token_use(text=text, now=NOW)
    services.api_token_use(text=text, now=NOW + datetime.timedelta(seconds=30))
    token.refresh_from_db()
    assert token.last_used_at == NOW
    services.api_token_use(text=text, now=NOW + datetime.timedelta(minutes=2))
    token.refresh_from_db()
    assert token.last_used_at == NOW + datetime.timedelta(minutes=2)


def test_revoke_only_own_and_only_once(user) -> None:
    token, _ = services.api_token_create(actor=user, name="x", now=NOW)
    other = get_user_model().objects.create(username="ola")
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=other, token=token)
    services.api_token_revoke(actor=user, token=token, now=NOW)
    with pytest.raises(ValidationError) as error:
        services.api_token_revoke(actor=user, token=token, now=NOW)
    assert error.value.messages == [services.ALREADY_REVOKED]
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1
