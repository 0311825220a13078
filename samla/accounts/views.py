"""Sign-in, sign-out, password change and reset (Django's views with Samla's templates), the user's own
page, and the lockout page that django-axes shows after too many failed sign-ins."""

from __future__ import annotations

import datetime

from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_GET

from samla.accounts.selectors import role_assignments_of


def landing_url(user) -> str:
    """Where a sign-in lands: the user's own page while they have no role, else LOGIN_REDIRECT_URL ("/" if
    that page does not exist)."""
    if user.is_authenticated and not user.is_staff and not role_assignments_of(user).exists():
        return reverse("accounts:me")
    try:
        return reverse(settings.LOGIN_REDIRECT_URL)
    except NoReverseMatch:
        return "/"


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)

    def get_context_data(self, **kwargs):
        cool_off = get_cool_off(self.request) or datetime.timedelta(0)
        return super().get_context_data(failure_limit=settings.AXES_FAILURE_LIMIT,
                                        cooloff_minutes=int(cool_off.total_seconds() // 60), **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


@require_GET
@login_required
def me(request: HttpRequest) -> HttpResponse:
    assignments = role_assignments_of(request.user)
    identities = request.user.external_identities.order_by("created_at")
    return render(request, "accounts/me.html", {"assignments": assignments, "identities": identities})


def lockout(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: HTTP 429 with the time the user name can be tried again from this address."""
    cool_off = get_cool_off(request) or datetime.timedelta(0)
    username = get_client_username(request, credentials) or ""
    last = (AccessAttempt.objects.filter(username=username, ip_address=get_client_ip_address(request))
            .order_by("-attempt_time").values_list("attempt_time", flat=True).first())
    until = (last or timezone.now()) + cool_off
    context = {"until": until, "minutes": int(cool_off.total_seconds() // 60),
               "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/lockout.html", context, status=429)
