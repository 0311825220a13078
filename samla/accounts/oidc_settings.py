"""OpenID Connect settings from the environment (no Django import: the settings module calls this).

OIDC is on only when a client id, a client secret and every endpoint are known. The endpoints default to
ID-porten's and Ansattporten's layout below the issuer: {issuer}/authorize, /token, /userinfo, /jwks.json.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "/token",
    "OIDC_OP_USER_ENDPOINT": "/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "/jwks.json",
}


def oidc_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """Django settings for mozilla-django-oidc, with SAMLA_OIDC_ENABLED telling whether OIDC is on."""
    issuer = environ.get("SAMLA_OIDC_ISSUER", "").rstrip("/")
    out: dict[str, Any] = {
        "SAMLA_OIDC_ISSUER": issuer,
        "OIDC_RP_CLIENT_ID": environ.get("SAMLA_OIDC_RP_CLIENT_ID", ""),
        "OIDC_RP_CLIENT_SECRET": environ.get("SAMLA_OIDC_RP_CLIENT_SECRET", ""),
    }
    for name, suffix in ENDPOINTS.items():
        out[name] = environ.get(f"SAMLA_{name}", "") or (issuer + suffix if issuer else "")
    algorithm = environ.get("SAMLA_OIDC_RP_SIGN_ALGO", "RS256")
    needed = ["OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET", "OIDC_OP_AUTHORIZATION_ENDPOINT",
              "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT"]
    if algorithm.startswith(("RS", "ES")):
        needed.append("OIDC_OP_JWKS_ENDPOINT")
    out.update({
        "SAMLA_OIDC_ENABLED": all(out[name] for name in needed),
        "SAMLA_OIDC_PROVIDER_NAME": environ.get("SAMLA_OIDC_PROVIDER_NAME", "ID-porten"),
        "OIDC_RP_SIGN_ALGO": algorithm,
        "OIDC_RP_SCOPES": environ.get("SAMLA_OIDC_RP_SCOPES", "openid profile"),
        "OIDC_USE_PKCE": True,  # ID-porten requires PKCE
        "OIDC_USE_NONCE": True,
        "OIDC_STORE_ACCESS_TOKEN": False,  # the tokens carry the national identity number: never kept
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_CREATE_USER": True,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:oidc_callback",
        "OIDC_CALLBACK_CLASS": "samla.accounts.oidc.SamlaOIDCCallbackView",
        "OIDC_TIMEOUT": 10,
    })
    return out
