"""The second sign-in factor's own pages (``/accounts/two-factor/``); the rules and the writes are in
two_factor.py, the system administrator's reset is on the user's page (views_users.py)."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from samla.accounts import two_factor
from samla.accounts.forms import SecondFactorCodeForm
from samla.accounts.views import landing_url

SETUP_HELP = _("The six digits the app shows for Samla.")
VERIFY_HELP = _("The six digits your authenticator app shows for Samla, or one of your recovery codes.")


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return wanted
    return landing_url(request.user)


def _grouped(secret: bytes) -> str:
    text = base64.b32encode(secret).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def _codes_page(request: HttpRequest, codes: list[str], *, next_url: str) -> HttpResponse:
    return render(request, "accounts/two_factor/recovery_codes.html", {"codes": codes, "next": next_url})


@login_required
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    enrolled = two_factor.is_enrolled(user)
    return render(request, "accounts/two_factor/home.html", {
        "enrolled": enrolled, "required": two_factor.required_for(user),
        "oidc": two_factor.signed_in_with_oidc(request),
        "codes_left": two_factor.recovery_codes_left(user) if enrolled else 0,
    })


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    if two_factor.is_enrolled(request.user):
        return redirect("accounts:two_factor")
    device = two_factor.totp_setup_start(user=request.user)
    form = SecondFactorCodeForm(request.POST or None, help_text=SETUP_HELP)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                codes = two_factor.totp_setup_confirm(request=request, device=device,
                                                      token=form.cleaned_data["code"])
            except ValidationError as exc:
                form.add_error("code", exc)
            else:
                return _codes_page(request, codes, next_url=_next(request))
        status = 400
    return render(request, "accounts/two_factor/setup.html", {
        "form": form, "qr": two_factor.qr_svg(device), "secret": _grouped(device.bin_key),
        "required": two_factor.required_for(request.user), "next": request.POST.get("next") or
        request.GET.get("next", ""),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    if two_factor.what_is_missing(request) != "verify":
        return redirect(_next(request))
    form = SecondFactorCodeForm(request.POST or None, help_text=VERIFY_HELP)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                two_factor.verify(request=request, token=form.cleaned_data["code"])
            except ValidationError as exc:
                form.add_error("code", exc)
            else:
                return redirect(_next(request))
        status = 400
    return render(request, "accounts/two_factor/verify.html", {
        "form": form, "next": request.POST.get("next") or request.GET.get("next", "")}, status=status)


@login_required
@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    if not two_factor.is_enrolled(request.user):
        return redirect("accounts:two_factor")
    codes = two_factor.recovery_codes_renew(user=request.user)
    return _codes_page(request, codes, next_url="")


@login_required
@require_POST
def turn_off(request: HttpRequest) -> HttpResponse:
    if not two_factor.is_enrolled(request.user):
        return redirect("accounts:two_factor")
    try:
        two_factor.turn_off(user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The second factor is turned off. Your sign-in needs only your password."))
    return redirect("accounts:two_factor")
