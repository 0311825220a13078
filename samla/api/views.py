"""The personal-token page: create (the token is shown once), list and revoke your own tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from samla.api.forms import TokenCreateForm
from samla.api.selectors import tokens_of
from samla.api.services import api_token_create, api_token_revoke


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        token, created = api_token_create(actor=request.user, name=form.cleaned_data["name"],
                                          expires_at=form.expires_at())
        form = TokenCreateForm()
    status = 400 if request.method == "POST" and created is None else 200
    return render(request, "api/tokens.html", {"form": form, "created": created, "tokens": tokens_of(request.user),
                                            "now": timezone.now()},
                  status=status)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = tokens_of(request.user).filter(pk=pk, revoked_at__isnull=True).first()
    if token is None:  # another user's, already revoked, or missing: the same answer
        raise PermissionDenied
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api:tokens")
