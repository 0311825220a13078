from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from samla.accounts.navigation import May, main_menu


def navigation(request: HttpRequest) -> dict:
    """The main menu for base.html, the user's access answers for links inside a page (``may``), and whether
    sign-in with OpenID Connect is offered."""
    has_user = hasattr(request, "user")
    return {
        "main_menu": main_menu(request) if has_user else [],
        "may": May(request.user) if has_user else None,
        "oidc_enabled": getattr(settings, "SAMLA_OIDC_ENABLED", False),
        "oidc_provider_name": getattr(settings, "SAMLA_OIDC_PROVIDER_NAME", ""),
    }
