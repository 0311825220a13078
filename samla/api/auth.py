"""The two ways to call the API: a personal token (``Authorization: Bearer …``) or the browser's session.

A request that names a bearer token is judged by the token alone: a bad, revoked or expired token is a 401
even if a session cookie comes with it. A session request must carry the CSRF token on unsafe methods.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from samla.api.services import api_token_use


class CsrfFailed(Exception):
    """A signed-in session sent an unsafe request without a valid CSRF token (answered with 403)."""


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_use(text=token)
        if user is None:
            raise AuthenticationError(401, "invalid, revoked or expired token")
        request.user = user  # the rest of Django (and the services) see the token's user
        return user

    def __call__(self, request: HttpRequest) -> Any:
        value = request.headers.get(self.header, "")
        if value and value.split(" ")[0].lower() != self.openapi_scheme:
            raise AuthenticationError(401, "unsupported Authorization scheme; use Bearer")
        return super().__call__(request)


class Session(APIKeyCookie):
    """Django's session cookie; CSRF is checked for signed-in users on POST/PUT/PATCH/DELETE."""

    param_name = "sessionid"

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=False)  # checked below, only once the session is known to be signed in
        self.csrf = True  # documented in the schema and used by the docs page to send the CSRF header

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if "Authorization" in request.headers or not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise CsrfFailed
        return request.user


bearer = BearerToken()
session = Session()
