"""OpenID Connect sign-in (ID-porten, Ansattporten) with mozilla-django-oidc, used only when switched on.

The person is linked by (issuer, ``sub``). The national identity number (``pid``) and every claim beyond
name and e-mail are read from the provider's answer and dropped: they never reach the database, the
session or the log.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from samla.accounts.services import external_identity_sign_in

ISSUER_MISMATCH = "The id token was issued by another provider."
AUDIENCE_MISMATCH = "The id token was issued to another client."
SUBJECT_MISMATCH = "The userinfo answer is about another person than the id token."
SIGN_IN_FAILED = _("Sign-in with the external provider failed. Try again, or sign in with user name and password.")


def _name_and_email(claims: dict) -> dict[str, str]:
    first, last = claims.get("given_name") or "", claims.get("family_name") or ""
    if not (first or last) and claims.get("name"):
        first, _, last = str(claims["name"]).rpartition(" ")
        if not first:
            first, last = last, ""
    return {"first_name": str(first), "last_name": str(last), "email": str(claims.get("email") or "")}


class SamlaOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims) -> bool:
        return bool(claims.get("sub"))

    def get_user(self, user_id):
        """The session's user, unless an administrator has deactivated the account since (mozilla-django-oidc
        does not check; Django's ModelBackend does), so a deactivation ends an open session too."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    def get_or_create_user(self, access_token, id_token, payload):
        issuer = settings.SAMLA_OIDC_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation(ISSUER_MISMATCH)
        audience = payload.get("aud")
        if self.OIDC_RP_CLIENT_ID not in ([audience] if isinstance(audience, str) else audience or []):
            raise SuspiciousOperation(AUDIENCE_MISMATCH)
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(payload) or claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation(SUBJECT_MISMATCH)
        details = _name_and_email({**payload, **claims})
        return external_identity_sign_in(issuer=issuer or str(payload.get("iss") or ""), subject=str(payload["sub"]),
                                         **details)


class SamlaOIDCCallbackView(OIDCAuthenticationCallbackView):
    @property
    def failure_url(self) -> str:
        return reverse("accounts:login")

    def login_failure(self):
        messages.error(self.request, SIGN_IN_FAILED)
        return super().login_failure()

    @property
    def success_url(self) -> str:
        from samla.accounts.views import landing_url

        return self.request.session.get("oidc_login_next") or landing_url(self.request.user)
