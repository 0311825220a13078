"""Who may see what. Every view, export and API call asks these helpers about the object at hand."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from samla.accounts.models import Role, RoleAssignment
from samla.registry.models import Municipality, Region


@dataclass(frozen=True)
class Scope:
    """The roles a user holds and where: national roles, region ids per role, municipality ids."""

    national: frozenset[str] = frozenset()
    regions: dict[str, frozenset[int]] = field(default_factory=dict)
    municipalities: frozenset[int] = frozenset()

    def has(self, role: Role) -> bool:
        return role in self.national or bool(self.regions.get(role)) or (
            role == Role.MUNICIPALITY and bool(self.municipalities))


def scope_of(user: AbstractBaseUser | AnonymousUser) -> Scope:
    if not user.is_authenticated:
        return Scope()
    cached = getattr(user, "_samla_scope", None)
    if cached is not None:
        return cached
    national: set[str] = set()
    regions: dict[str, set[int]] = {}
    municipalities: set[int] = set()
    for role, region_id, municipality_id in RoleAssignment.objects.filter(user=user).values_list(
            "role", "region_id", "municipality_id"):
        if municipality_id:
            municipalities.add(municipality_id)
        elif region_id:
            regions.setdefault(role, set()).add(region_id)
        else:
            national.add(role)
    if user.is_superuser:
        national.add(Role.SYSTEM_ADMIN)
    scope = Scope(frozenset(national), {k: frozenset(v) for k, v in regions.items()}, frozenset(municipalities))
    user._samla_scope = scope  # type: ignore[attr-defined]
    return scope


def can_read_region(user, region: Region) -> bool:
    """Directorate, evaluator and admins read every region; regional roles their own."""
    scope = scope_of(user)
    if scope.national:
        return True
    return any(region.pk in ids for ids in scope.regions.values())


def can_read_municipality(user, municipality: Municipality) -> bool:
    """A municipality reads only itself; regional roles their region's municipalities; national roles all."""
    scope = scope_of(user)
    if scope.national or municipality.pk in scope.municipalities:
        return True
    return any(municipality.region_id in ids for ids in scope.regions.values())


# --- Calls, applications, assessment and selection (samla.calls). The objects are duck-typed: an
# application has ``municipality_id`` and ``call.region_id``; a call has ``region_id``.

def _holds_in_region(user, role: Role, region_id: int | None) -> bool:
    return region_id is not None and region_id in scope_of(user).regions.get(role, frozenset())


def can_manage_programme_round(user) -> bool:
    """Only the directorate opens and closes a programme for applications."""
    return Role.DIRECTORATE in scope_of(user).national


def can_publish_call(user, region: Region) -> bool:
    """The county governor of the region."""
    return _holds_in_region(user, Role.COUNTY_GOVERNOR, region.pk)


def can_govern_call(user, call) -> bool:
    """The county governor of the call's region: extensions, reopenings, the ranked recommendation."""
    return _holds_in_region(user, Role.COUNTY_GOVERNOR, call.region_id)


def can_edit_application(user, application) -> bool:
    """Only the applying municipality's own users write its application."""
    return application.municipality_id in scope_of(user).municipalities


def can_apply(user, municipality: Municipality) -> bool:
    return municipality.pk in scope_of(user).municipalities


def can_read_application(user, application) -> bool:
    """The municipality itself, the region's county governor and resource group, and the directorate."""
    scope = scope_of(user)
    region_id = application.call.region_id
    return (Role.DIRECTORATE in scope.national or application.municipality_id in scope.municipalities
            or _holds_in_region(user, Role.COUNTY_GOVERNOR, region_id)
            or _holds_in_region(user, Role.RESOURCE_GROUP, region_id))


def can_assess(user, application) -> bool:
    """Resource-group members of the application's region."""
    return _holds_in_region(user, Role.RESOURCE_GROUP, application.call.region_id)


def can_read_all_assessments(user, application) -> bool:
    """Those who weigh the advice without giving it: the region's county governor and the directorate."""
    return (Role.DIRECTORATE in scope_of(user).national
            or _holds_in_region(user, Role.COUNTY_GOVERNOR, application.call.region_id))


def can_decide_selection(user) -> bool:
    """Only the directorate decides participation."""
    return Role.DIRECTORATE in scope_of(user).national
