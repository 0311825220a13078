"""Reads for accounts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet

from samla.accounts import access
from samla.accounts.models import Role, RoleAssignment
from samla.audit.models import AuditEvent
from samla.registry.models import Municipality, Region

NOT_ALLOWED = "only system administrators manage users, and only users that exist"


def role_assignments_of(user) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related("region", "municipality").order_by("role", "pk")


# --- User and role administration (system administrators) ------------------------------------------------

def users_filtered(*, role: str = "", region: Region | None = None, municipality: Municipality | None = None,
                   active: str = "", search: str = "") -> QuerySet:
    """Every account, by user name, with its roles prefetched, narrowed by each filter given.

    ``role``: holds that role (superusers count as system administrators); ``region``: holds a role in that region
    or in one of its municipalities; ``municipality``: holds the municipality role there; ``active``: "active" or
    "inactive"; ``search``: every word is part of the user name, first or last name or e-mail address."""
    users = get_user_model().objects.order_by("username").prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.select_related("region", "municipality")
                 .order_by("role", "pk")))
    if role:
        holders = Q(pk__in=RoleAssignment.objects.filter(role=role).values("user_id"))
        users = users.filter(holders | Q(is_superuser=True) if role == Role.SYSTEM_ADMIN else holders)
    if region is not None:
        users = users.filter(pk__in=RoleAssignment.objects.filter(
            Q(region=region) | Q(municipality__region=region)).values("user_id"))
    if municipality is not None:
        users = users.filter(pk__in=RoleAssignment.objects.filter(municipality=municipality).values("user_id"))
    if active == "active":
        users = users.filter(is_active=True)
    elif active == "inactive":
        users = users.filter(is_active=False)
    for word in search.split():
        users = users.filter(Q(username__icontains=word) | Q(first_name__icontains=word)
                             | Q(last_name__icontains=word) | Q(email__icontains=word))
    return users


def user_for_admin(actor, pk: int):
    """One account for the administration pages; ``PermissionDenied`` both when ``actor`` may not manage users
    and when the account does not exist, so guessing ids tells nothing."""
    if not access.can_manage_users(actor):
        raise PermissionDenied(NOT_ALLOWED)
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None:
        raise PermissionDenied(NOT_ALLOWED)
    return user


def role_assignment_for_admin(actor, user, pk: int) -> RoleAssignment:
    """One of ``user``'s role assignments; another user's or a missing one gives ``PermissionDenied``."""
    if not access.can_manage_users(actor):
        raise PermissionDenied(NOT_ALLOWED)
    assignment = RoleAssignment.objects.select_related("user", "region", "municipality").filter(
        pk=pk, user=user).first()
    if assignment is None:
        raise PermissionDenied(NOT_ALLOWED)
    return assignment


def audit_events_about_user(user) -> QuerySet[AuditEvent]:
    """The account's own events and those of its role assignments and external sign-ins, revoked ones included
    (found by the user id in their snapshots), oldest first."""
    own = Q(object_type="auth.user", object_id=str(user.pk))
    linked = Q(object_type__in=["accounts.roleassignment", "accounts.externalidentity"]) & (
        Q(after__user_id=user.pk) | Q(before__user_id=user.pk))
    return AuditEvent.objects.filter(own | linked).select_related("actor").order_by("at", "id")


def region_choices() -> QuerySet[Region]:
    return Region.objects.order_by("name", "valid_from")


def municipality_choices() -> QuerySet[Municipality]:
    return Municipality.objects.order_by("name", "valid_from")
