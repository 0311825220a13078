"""Writes for accounts: demo users for every role, accounts for OpenID Connect sign-ins, and the system
administrator's user and role administration.

The administration services (``user_create``, ``role_grant``, ``role_revoke``, ``user_deactivate``,
``user_reactivate``, ``user_invitation_send``) each check the actor first (``access.can_manage_users``), run in
one transaction and write one audit event with the state before and after (and the reason, where one is
required). A refusal raises ``PermissionDenied`` (wrong actor) or ``ValidationError`` (a rule; field errors keyed
by the form field they belong to) and changes nothing.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from samla.accounts import access
from samla.accounts.models import NATIONAL_ROLES, REGION_ROLES, ExternalIdentity, Role, RoleAssignment
from samla.audit.services import audit_record, snapshot
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
def demo_history_account_ensure(username: str, role: str, *, region: Region | None = None,
                                municipality: Municipality | None = None):
    """An account that acted in a demo's recorded history (a resource-group member of 2019, say), with its role;
    it has no usable password, so nobody signs in as it. Left as it is when it exists."""
    user, created = get_user_model().objects.get_or_create(username=username,
                                                           defaults={"email": f"{username}@example.invalid"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    RoleAssignment.objects.get_or_create(user=user, role=role, region=region, municipality=municipality)
    return user


@transaction.atomic
def external_identity_sign_in(*, issuer: str, subject: str, first_name: str = "", last_name: str = "",
                              email: str = ""):
    """The user linked to (issuer, subject); a new user without roles the first time.

    Only the names and the e-mail address are copied to the user, and kept current on each sign-in.
    """
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


# --- User and role administration (system administrators) ------------------------------------------------

NOT_USER_ADMIN = _("Only a system administrator may manage users and roles.")
USERNAME_TAKEN = _("A user with that user name already exists.")
EMAIL_TAKEN = _("Another account already uses this e-mail address.")
EMAIL_REQUIRED = _("Give an e-mail address: the user sets their password through a link sent there.")
ROLE_NEEDS_REGION = _("%(role)s is a regional role: choose a region.")
ROLE_REGION_NO_MUNICIPALITY = _("%(role)s is a regional role: leave the municipality empty.")
ROLE_NEEDS_MUNICIPALITY = _("Choose the municipality the user works for.")
ROLE_MUNICIPALITY_NO_REGION = _("A municipality role is scoped by its municipality alone: leave the region empty.")
ROLE_NATIONAL_NO_SCOPE = _("%(role)s applies to the whole country: leave the region and the municipality empty.")
ROLE_DUPLICATE = _("The user already holds this role with this scope.")
REASON_REQUIRED = _("Give a reason.")
SELF_REVOKE_ADMIN = _("You cannot revoke your own system-administrator role. Ask another system administrator.")
SELF_DEACTIVATE = _("You cannot deactivate your own account. Ask another system administrator.")
LAST_ADMIN_REVOKE = _("This is the last active system administrator. Grant the role to another active account "
                      "first.")
LAST_ADMIN_DEACTIVATE = _("This account is the last active system administrator. Grant the role to another "
                          "active account first.")
ALREADY_INACTIVE = _("The account is already deactivated.")
ALREADY_ACTIVE = _("The account is already active.")
SUPERUSER_ONLY = _("Only a superuser may deactivate or reactivate a superuser account.")
INVITATION_INACTIVE = _("The account is deactivated: reactivate it before sending the e-mail.")
INVITATION_NO_EMAIL = _("The account has no e-mail address to send the link to.")
INVITATION_SIGNED_IN = _("The user has signed in before; the set-password e-mail is for new accounts. Users with a "
                         "password can ask for a new one on the sign-in page.")

# What an audit event keeps of an account: never the password hash.
USER_AUDIT_FIELDS = ["username", "first_name", "last_name", "email", "is_active"]


def _require_user_admin(actor) -> None:
    if not access.can_manage_users(actor):
        raise PermissionDenied(NOT_USER_ADMIN)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(REASON_REQUIRED, code="reason_required")})
    return reason


def role_scope_errors(role: str, region: Region | None, municipality: Municipality | None) -> dict[str, list]:
    """The database's ``role_scope`` rule with a message per form field: regional roles need a region and no
    municipality, the municipality role a municipality and no region, national roles neither."""
    errors: dict[str, list] = {}
    label = {"role": Role(role).label} if role in Role.values else {"role": role}
    if role in REGION_ROLES:
        if region is None:
            errors["region"] = [ValidationError(ROLE_NEEDS_REGION, code="region_required", params=label)]
        if municipality is not None:
            errors["municipality"] = [ValidationError(ROLE_REGION_NO_MUNICIPALITY, code="no_municipality",
                                                      params=label)]
    elif role == Role.MUNICIPALITY:
        if municipality is None:
            errors["municipality"] = [ValidationError(ROLE_NEEDS_MUNICIPALITY, code="municipality_required")]
        if region is not None:
            errors["region"] = [ValidationError(ROLE_MUNICIPALITY_NO_REGION, code="no_region")]
    elif role in NATIONAL_ROLES:
        for name, value in (("region", region), ("municipality", municipality)):
            if value is not None:
                errors[name] = [ValidationError(ROLE_NATIONAL_NO_SCOPE, code="national_role", params=label)]
    return errors


def _lock_admin_assignments() -> list[tuple[int, bool]]:
    """(user id, active) of every system-administrator role, locked until the transaction ends so that two
    administrators cannot take the role from each other at the same time (PostgreSQL; SQLite has one writer)."""
    return list(RoleAssignment.objects.select_for_update(of=("self",)).filter(role=Role.SYSTEM_ADMIN)
                .values_list("user_id", "user__is_active"))


def _other_active_admins(user_id: int) -> int:
    """How many other active accounts hold the system-administrator role. Superusers do not count: their flag
    is set outside Samla and can vanish without an audit event."""
    return len({uid for uid, active in _lock_admin_assignments() if active and uid != user_id})


def _send_set_password_mail(user, *, domain: str, use_https: bool) -> None:
    """Django's password-reset machinery (uid, one-time token, Samla's set-password page) for this one user, who
    has no usable password yet (Django's own form skips such users). In bokmål, the default language."""
    form = _SetPasswordMail(user)
    if not form.is_valid():
        return
    with translation.override(settings.LANGUAGE_CODE):
        form.save(domain_override=domain, use_https=use_https,
                  subject_template_name="accounts/email/set_password_subject.txt",
                  email_template_name="accounts/email/set_password_email.txt")


class _SetPasswordMail(PasswordResetForm):
    def __init__(self, user) -> None:
        super().__init__(data={"email": user.email})
        self.user = user

    def get_users(self, email):
        return iter([self.user])


@transaction.atomic
def user_create(*, actor, username: str, first_name: str, last_name: str, email: str, domain: str,
                use_https: bool = False):
    """A new account without a password and without roles. When the transaction commits, a "set your password"
    link goes to ``email`` (the link is built for ``domain``, the host Samla is reached at)."""
    _require_user_admin(actor)
    User = get_user_model()
    username, email = username.strip(), email.strip()
    errors: dict[str, list] = {}
    if username and User.objects.filter(username__iexact=username).exists():
        errors["username"] = [ValidationError(USERNAME_TAKEN, code="username_taken")]
    if not email:
        errors["email"] = [ValidationError(EMAIL_REQUIRED, code="email_required")]
    elif User.objects.filter(email__iexact=email).exists():
        errors["email"] = [ValidationError(EMAIL_TAKEN, code="email_taken")]
    if errors:
        raise ValidationError(errors)
    user = User(username=username, first_name=first_name.strip(), last_name=last_name.strip(), email=email)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(actor=actor, action="user.create", obj=user, before=None,
                 after=snapshot(user, USER_AUDIT_FIELDS),
                 reason="Created by a system administrator; a set-password link was sent to the e-mail address.")
    transaction.on_commit(lambda: _send_set_password_mail(user, domain=domain, use_https=use_https))
    return user


@transaction.atomic
def user_invitation_send(*, actor, user, domain: str, use_https: bool = False) -> None:
    """Send the set-password link again (the first one works for ``PASSWORD_RESET_TIMEOUT`` only), to an active
    account that has never signed in."""
    _require_user_admin(actor)
    if not user.is_active:
        raise ValidationError(INVITATION_INACTIVE, code="inactive")
    if not user.email:
        raise ValidationError(INVITATION_NO_EMAIL, code="no_email")
    if user.last_login is not None:
        raise ValidationError(INVITATION_SIGNED_IN, code="signed_in")
    audit_record(actor=actor, action="user.invitation_send", obj=user, before=None,
                 after={"invitation_sent_to": user.email})
    transaction.on_commit(lambda: _send_set_password_mail(user, domain=domain, use_https=use_https))


@transaction.atomic
def role_grant(*, actor, user, role: str, region: Region | None = None,
               municipality: Municipality | None = None) -> RoleAssignment:
    """Give ``user`` a role with its scope. A wrong scope or a role the user already holds there is refused."""
    _require_user_admin(actor)
    if errors := role_scope_errors(role, region, municipality):
        raise ValidationError(errors)
    if RoleAssignment.objects.filter(user=user, role=role, region=region, municipality=municipality).exists():
        raise ValidationError(ROLE_DUPLICATE, code="duplicate")
    assignment = RoleAssignment(user=user, role=role, region=region, municipality=municipality)
    assignment.full_clean()
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:  # granted by someone else in the meantime
        raise ValidationError(ROLE_DUPLICATE, code="duplicate") from exc
    audit_record(actor=actor, action="role_assignment.grant", obj=assignment, before=None,
                 after=snapshot(assignment))
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment, reason: str) -> None:
    """Take a role away, with a reason. Nobody revokes their own system-administrator role, and the last active
    system administrator keeps it."""
    _require_user_admin(actor)
    reason = _reason(reason)
    if assignment.role == Role.SYSTEM_ADMIN:
        if assignment.user_id == actor.pk:
            raise ValidationError(SELF_REVOKE_ADMIN, code="self_lockout")
        if assignment.user.is_active and _other_active_admins(assignment.user_id) == 0:
            raise ValidationError(LAST_ADMIN_REVOKE, code="last_admin")
    before = snapshot(assignment)
    audit_record(actor=actor, action="role_assignment.revoke", obj=assignment, before=before, after=None,
                 reason=reason)
    assignment.delete()


def _check_superuser_target(actor, user) -> None:
    if user.is_superuser and not actor.is_superuser:
        raise ValidationError(SUPERUSER_ONLY, code="superuser_only")


@transaction.atomic
def user_deactivate(*, actor, user, reason: str):
    """Stop an account from signing in (sessions, passwords and API tokens stop working; nothing is deleted).
    Nobody deactivates themselves, and the last active system administrator stays active."""
    _require_user_admin(actor)
    reason = _reason(reason)
    if user.pk == actor.pk:
        raise ValidationError(SELF_DEACTIVATE, code="self_lockout")
    if not user.is_active:
        raise ValidationError(ALREADY_INACTIVE, code="already_inactive")
    _check_superuser_target(actor, user)
    holds_admin = RoleAssignment.objects.filter(user=user, role=Role.SYSTEM_ADMIN).exists()
    if holds_admin and _other_active_admins(user.pk) == 0:
        raise ValidationError(LAST_ADMIN_DEACTIVATE, code="last_admin")
    return _set_active(actor, user, False, reason, "user.deactivate")


@transaction.atomic
def user_reactivate(*, actor, user, reason: str):
    """Let a deactivated account sign in again, with the roles it still holds."""
    _require_user_admin(actor)
    reason = _reason(reason)
    if user.is_active:
        raise ValidationError(ALREADY_ACTIVE, code="already_active")
    _check_superuser_target(actor, user)
    return _set_active(actor, user, True, reason, "user.reactivate")


def _set_active(actor, user, active: bool, reason: str, action: str):
    before = snapshot(user, USER_AUDIT_FIELDS)
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(actor=actor, action=action, obj=user, before=before, after=snapshot(user, USER_AUDIT_FIELDS),
                 reason=reason)
    return user
