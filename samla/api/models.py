"""Personal API tokens. Only a SHA-256 hash of the secret is stored; the secret is shown once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A personal token sent as ``Authorization: Bearer samla_<prefix>_<secret>``; it acts as its user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. a script's name."))
    prefix = models.CharField(_("prefix"), max_length=16, unique=True,
                              help_text=_("The public start of the token, to recognise it."))
    secret_hash = models.CharField(_("SHA-256 of the secret"), max_length=64)
    created_at = models.DateTimeField(_("created at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["user", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__isnull=True) | Q(expires_at__gt=F("created_at")),
                                   name="api_token_expires_after_creation"),
            models.CheckConstraint(condition=~Q(name=""), name="api_token_name_required"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_active_at(self, when) -> bool:
        return self.revoked_at is None and (self.expires_at is None or when < self.expires_at)
