"""Bokmål unless the visitor chose otherwise with the language form.

Django's LocaleMiddleware follows the browser's Accept-Language header, which would show most visitors
English. A Norwegian public service starts in bokmål; the choice made with ``set_language`` (stored in
the language cookie) is the only thing that changes it.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        code = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()
