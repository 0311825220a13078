"""Reads for accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from samla.accounts.models import RoleAssignment


def role_assignments_of(user) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related("region", "municipality").order_by("role", "pk")
