"""Writes of the API app: personal tokens (create, revoke, use). Creating and revoking are audited."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from samla.api.models import ApiToken
from samla.audit.services import audit_record, snapshot

TOKEN_START = "samla"
NOT_OWN_TOKEN = "you may only revoke your own tokens"
ALREADY_REVOKED = "the token is already revoked"
EXPIRY_NOT_FUTURE = "the expiry must be in the future"
NAME_REQUIRED = "give the token a name"
# What the audit log keeps of a token: never the hash of the secret.
AUDITED_FIELDS = ["user", "name", "prefix", "created_at", "expires_at", "revoked_at"]


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor, name: str, expires_at: datetime.datetime | None = None,
                     now: datetime.datetime | None = None) -> tuple[ApiToken, str]:
    """A new token for ``actor``; returns the row and the full token text, which is not stored anywhere."""
    now = now or timezone.now()
    if not actor.is_authenticated:
        raise PermissionDenied(NOT_OWN_TOKEN)
    if not name.strip():
        raise ValidationError(NAME_REQUIRED, code="name_required")
    if expires_at is not None and expires_at <= now:
        raise ValidationError(EXPIRY_NOT_FUTURE, code="expiry_not_future")
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():  # 2^32 prefixes: a clash is rare, but possible
        prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken(user=actor, name=name.strip(), prefix=prefix, secret_hash=_hash(secret), created_at=now,
                     expires_at=expires_at)
    token.full_clean()
    token.save()
    audit_record(actor=actor, action="api_token.create", obj=token, before=None,
                 after=snapshot(token, AUDITED_FIELDS))
    return token, f"{TOKEN_START}_{prefix}_{secret}"


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken, now: datetime.datetime | None = None) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != actor.pk:
        raise PermissionDenied(NOT_OWN_TOKEN)
    if token.revoked_at is not None:
        raise ValidationError(ALREADY_REVOKED, code="already_revoked")
    before = snapshot(token, AUDITED_FIELDS)
    token.revoked_at = now or timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="api_token.revoke", obj=token, before=before,
                 after=snapshot(token, AUDITED_FIELDS))
    return token


def api_token_use(*, text: str, now: datetime.datetime | None = None):
    """The active user a token text belongs to (and mark the token used), or ``None`` for any bad token:
    malformed, unknown, wrong secret, revoked, expired, or an inactive user."""
    now = now or timezone.now()
    start, _, rest = text.strip().partition("_")
    prefix, _, secret = rest.partition("_")
    if start != TOKEN_START or not prefix or not secret:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    if not token.is_active_at(now) or not token.user.is_active:
        return None
    # Bookkeeping, not a change of state: not audited. At most one write a minute per token.
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
