"""Writes for accounts: demo users for every role, accounts for OpenID Connect sign-ins."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from samla.accounts.models import ExternalIdentity, Role, RoleAssignment
from samla.registry.models import Municipality, Region

DEMO_PASSWORD = "samla-demo-{role}"

# (username, role, region name, municipality number); scoped to the pilot as it was on 1 January 2020.
DEMO_USERS: tuple[tuple[str, Role, str | None, str | None], ...] = (
    ("direktorat", Role.DIRECTORATE, None, None),
    ("statsforvalter-innlandet", Role.COUNTY_GOVERNOR, "Innlandet", None),
    ("ressursgruppe-innlandet", Role.RESOURCE_GROUP, "Innlandet", None),
    ("kompetanse-innlandet", Role.COMPETENCE_CENTRE, "Innlandet", None),
    ("elverum", Role.MUNICIPALITY, None, "3420"),
    ("evaluator", Role.EVALUATOR, None, None),
    ("systemadmin", Role.SYSTEM_ADMIN, None, None),
)
DEMO_DAY = datetime.date(2020, 1, 1)


@transaction.atomic
def demo_users_ensure() -> list[tuple[str, str, str]]:
    """Create (or leave as they are) one demo user per role. Returns (username, password, role label)."""
    User = get_user_model()
    created = []
    for username, role, region_name, number in DEMO_USERS:
        password = DEMO_PASSWORD.format(role=role.value.replace("_", "-"))
        user, new = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.invalid"})
        if new:
            user.set_password(password)
            user.save(update_fields=["password"])
        region = municipality = None
        if region_name:
            region = Region.objects.filter(name=region_name, valid_from__lte=DEMO_DAY).order_by("-valid_from").first()
        if number:
            municipality = Municipality.objects.filter(number=number, valid_from__lte=DEMO_DAY).order_by(
                "-valid_from").first()
        if (region_name and region is None) or (number and municipality is None):
            continue  # the registry's reference data is not loaded; nothing to scope the role to
        RoleAssignment.objects.get_or_create(user=user, role=role, region=region, municipality=municipality)
        created.append((username, password, str(role.label)))
    return created


@transaction.atomic
def external_identity_sign_in(*, issuer: str, subject: str, first_name: str = "", last_name: str = "",
                              email: str = ""):
    """The user linked to (issuer, subject); a new user without roles the first time.

    Only the names and the e-mail address are copied to the user, and kept current on each sign-in.
    """
    from samla.audit.services import audit_record, snapshot

    User = get_user_model()
    details = {"first_name": first_name[:150], "last_name": last_name[:150], "email": email[:254]}
    identity = ExternalIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    if identity is not None:
        user = identity.user
        changed = [name for name, value in details.items() if value and getattr(user, name) != value]
        for name in changed:
            setattr(user, name, details[name])
        if changed:
            user.save(update_fields=changed)
        return user
    user = User(username=f"oidc-{secrets.token_hex(8)}", **details)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    identity = ExternalIdentity(user=user, issuer=issuer, subject=subject)
    identity.full_clean()
    identity.save()
    audit_record(actor=user, action="account.created_by_oidc", obj=identity, before=None,
                 after=snapshot(identity, ["user", "issuer"]),
                 reason="New account from an OpenID Connect sign-in; no roles until an administrator assigns them.")
    return user
