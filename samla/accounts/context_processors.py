from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from samla.accounts.navigation import main_menu


def navigation(request: HttpRequest) -> dict:
    """The main menu for base.html, and whether sign-in with OpenID Connect is offered."""
    return {
        "main_menu": main_menu(request) if hasattr(request, "user") else [],
        "oidc_enabled": getattr(settings, "SAMLA_OIDC_ENABLED", False),
        "oidc_provider_name": getattr(settings, "SAMLA_OIDC_PROVIDER_NAME", ""),
    }
