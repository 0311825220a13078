"""The second sign-in factor for local accounts: TOTP (an authenticator app) with recovery codes, by django-otp.

Rules, in one place:
- Anyone with a local account may turn it on (``/accounts/two-factor/``); once on, every sign-in with a password
  asks for a code before any page opens.
- With ``SAMLA_REQUIRE_2FA=1`` the directorate, system administrators and superusers must have it: after the
  password they are sent to set it up, and no other page opens until they have.
- People who sign in through OpenID Connect (ID-porten/Ansattporten) rely on their provider's factors and are
  never asked here.
- Setting up, using a recovery code, new recovery codes, turning off and a system administrator's reset are
  in the audit log (never the secret or the codes themselves).
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samla.accounts import access
from samla.accounts.models import Role
from samla.audit.services import audit_record

RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
REQUIRED_ROLES: frozenset[str] = frozenset({Role.DIRECTORATE, Role.SYSTEM_ADMIN})
OIDC_BACKEND = "samla.accounts.oidc.SamlaOIDCBackend"

WRONG_CODE = _("The code is not right. Type the six digits the app shows now (a new code comes every 30 seconds).")
NOT_USER_ADMIN = _("Only a system administrator resets another person's second factor.")
REQUIRED_CANNOT_TURN_OFF = _("Your role requires the second factor, so it cannot be turned off.")
REASON_REQUIRED = _("Give a reason.")
NOTHING_TO_RESET = _("This account has no second factor to reset.")


# --- Rules ------------------------------------------------------------------------------------------------

def signed_in_with_oidc(request: HttpRequest) -> bool:
    return request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND


def required_for(user) -> bool:
    """Whether the user's roles require the second factor (only when ``SAMLA_REQUIRE_2FA`` is on)."""
    if not getattr(settings, "SAMLA_REQUIRE_2FA", False) or not user.is_authenticated:
        return False
    return user.is_superuser or bool(REQUIRED_ROLES & {str(role) for role in access.scope_of(user).national})


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def what_is_missing(request: HttpRequest) -> str | None:
    """``"verify"`` when the signed-in user must still type a code, ``"setup"`` when the user must first set the
    factor up, or None. OIDC sign-ins and API tokens are never asked."""
    user: Any = request.user  # django-otp's middleware adds is_verified()
    if not user.is_authenticated or signed_in_with_oidc(request) or user.is_verified():
        return None
    if is_enrolled(user):  # recovery codes exist only beside a confirmed authenticator
        return "verify"
    return "setup" if required_for(user) else None


# --- Services ---------------------------------------------------------------------------------------------

def totp_setup_start(*, user) -> TOTPDevice:
    """The user's unconfirmed authenticator (a new secret the first time; the same one until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` address of the device as an SVG QR code, for the authenticator app to scan."""
    import segno

    out = io.BytesIO()
    segno.make(device.config_url, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False,
                                                  svgns=True, title=str(_("QR code for the authenticator app")))
    return out.getvalue().decode()


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def totp_setup_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the authenticator with a code it shows; returns the new recovery codes (shown once). The session
    counts as verified from now on. A wrong code changes nothing."""
    user: Any = request.user
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ValidationError(WRONG_CODE, code="wrong_code")
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    otp_login(request, device)
    audit_record(actor=user, action="two_factor.enrol", obj=user, before={"two_factor": False},
                 after={"two_factor": True, "recovery_codes": RECOVERY_CODES})
    return codes


@transaction.atomic
def verify(*, request: HttpRequest, token: str) -> None:
    """Check a code from the authenticator, or a recovery code (each works once); the session is verified
    afterwards. A wrong code raises ``ValidationError`` (django-otp slows repeated failures down)."""
    user: Any = request.user
    device = match_token(user, "".join(token.split()).lower())
    if device is None:
        raise ValidationError(WRONG_CODE, code="wrong_code")
    otp_login(request, device)
    if isinstance(device, StaticDevice):
        left = recovery_codes_left(user)
        audit_record(actor=user, action="two_factor.recovery_code_used", obj=user,
                     before=None, after={"recovery_codes_left": left})


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """New recovery codes for an enrolled user (the old ones stop working)."""
    if not is_enrolled(user):
        raise PermissionDenied
    codes = _new_recovery_codes(user)
    audit_record(actor=user, action="two_factor.recovery_codes_renew", obj=user, before=None,
                 after={"recovery_codes": RECOVERY_CODES})
    return codes


@transaction.atomic
def turn_off(*, user) -> None:
    """The user turns the factor off, unless the role requires it."""
    if not is_enrolled(user):
        return
    if required_for(user):
        raise ValidationError(REQUIRED_CANNOT_TURN_OFF, code="required")
    _remove_devices(user)
    audit_record(actor=user, action="two_factor.turn_off", obj=user, before={"two_factor": True},
                 after={"two_factor": False})


@transaction.atomic
def reset(*, actor, user, reason: str) -> None:
    """A system administrator removes another person's factor (a lost phone and no recovery codes); that person
    sets it up again at the next sign-in if the role requires it."""
    if not access.can_manage_users(actor):
        raise PermissionDenied(NOT_USER_ADMIN)
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    if not is_enrolled(user):
        raise ValidationError(NOTHING_TO_RESET, code="not_enrolled")
    _remove_devices(user)
    audit_record(actor=actor, action="two_factor.reset", obj=user, before={"two_factor": True},
                 after={"two_factor": False}, reason=reason.strip())


def _remove_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
