"""The sign-in lockout (django-axes) as the first authentication backend."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses sign-ins from a locked-out user name and IP address; never signs anyone in itself.

    Every sign-in over HTTP (Samla's login page, the admin's, OpenID Connect) passes the request and is
    checked. A call without a request (Django's test client ``login()``, a shell) cannot come from a
    browser and has no IP address to count against, so it is left to the next backend instead of
    crashing with axes' "request required" error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
