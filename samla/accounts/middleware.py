"""After the password, the second factor: a signed-in user who still owes a code (or must first set the factor
up) reaches only the two-factor pages, sign-out, the language switch and static files (rules in two_factor.py). The API
answers tokens as before; a session owes its code there too."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from samla.accounts import two_factor

OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/i18n/", "/static/")


class SecondFactorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(OPEN_PREFIXES):
            missing = two_factor.what_is_missing(request)
            if missing is not None:
                target = reverse("accounts:two_factor_verify" if missing == "verify" else "accounts:two_factor_setup")
                return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
