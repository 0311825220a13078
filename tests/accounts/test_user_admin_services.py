"""The system administrator's user and role services: who may call them, the audit events they write, the scope
rules, and the refusals (each of which changes nothing)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from samla.accounts import access, selectors, services
from samla.accounts.models import Role, RoleAssignment
from samla.audit.models import AuditEvent
from tests.accounts.conftest import account_state

HOST = {"domain": "samla.example", "use_https": True}


def codes(exc: ValidationError) -> dict[str, list[str]] | list[str]:
    if hasattr(exc, "error_dict"):
        return {name: [e.code for e in errors] for name, errors in exc.error_dict.items()}
    return [e.code for e in exc.error_list]


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-pk").first()


# --- Who may manage users ------------------------------------------------------------------------------------

def test_only_system_administrators_and_superusers_manage_users(world, admins) -> None:
    assert access.can_manage_users(admins["siri"]) and access.can_manage_users(admins["root"])
    for persona in ("directorate", "evaluator", "governor", "resource", "elverum", "outsider"):
        assert not access.can_manage_users(world.users[persona]), persona
    from django.contrib.auth.models import AnonymousUser
    assert not access.can_manage_users(AnonymousUser())


def test_a_deactivated_administrator_manages_nothing(world, admins) -> None:
    services.user_deactivate(actor=admins["siri"], user=admins["sven"], reason="Sluttet.")
    sven = get_user_model().objects.get(pk=admins["sven"].pk)
    assert not access.can_manage_users(sven)
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=sven, user=world.users["outsider"], role=Role.EVALUATOR)


WRITES = {
    "create": lambda actor, w: services.user_create(actor=actor, username="ny", first_name="Ny", last_name="Bruker",
                                                    email="ny@samla.example", **HOST),
    "grant": lambda actor, w: services.role_grant(actor=actor, user=w.users["outsider"], role=Role.EVALUATOR),
    "revoke": lambda actor, w: services.role_revoke(
        actor=actor, assignment=RoleAssignment.objects.get(user=w.users["elverum"]), reason="Sluttet."),
    "deactivate": lambda actor, w: services.user_deactivate(actor=actor, user=w.users["elverum"], reason="Sluttet."),
    "invite": lambda actor, w: services.user_invitation_send(actor=actor, user=w.users["elverum"], **HOST),
}


@pytest.mark.parametrize("persona", ["directorate", "evaluator", "governor", "resource", "elverum", "outsider"])
@pytest.mark.parametrize("write", WRITES)
def test_everyone_else_is_refused_and_nothing_changes(world, admins, persona, write,
                                                      django_capture_on_commit_callbacks) -> None:
    before = account_state()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        WRITES[write](world.users[persona], world)
    assert account_state() == before
    assert mail.outbox == []


def test_reactivation_by_another_role_is_refused(world, admins) -> None:
    services.user_deactivate(actor=admins["siri"], user=world.users["elverum"], reason="Permisjon.")
    before = account_state()
    with pytest.raises(PermissionDenied):
        services.user_reactivate(actor=world.users["directorate"], user=world.users["elverum"], reason="Tilbake.")
    assert account_state() == before


# --- Creating an account ----------------------------------------------------------------------------------------

def test_a_new_account_has_no_password_no_role_and_gets_a_set_password_link(
        client, world, admins, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        user = services.user_create(actor=admins["siri"], username=" kari.n ", first_name="Kari",
                                    last_name="Nordmann", email="kari@kommune.example", domain="testserver",
                                    use_https=False)
    assert (user.username, user.get_full_name(), user.email, user.is_active) == (
        "kari.n", "Kari Nordmann", "kari@kommune.example", True)
    assert not user.has_usable_password()
    assert not RoleAssignment.objects.filter(user=user).exists()

    event = last_event()
    assert (event.action, event.object_type, event.object_id, event.actor) == (
        "user.create", "auth.user", str(user.pk), admins["siri"])
    assert event.before is None
    assert event.after == {"username": "kari.n", "first_name": "Kari", "last_name": "Nordmann",
                           "email": "kari@kommune.example", "is_active": True}
    assert "password" not in str(event.after)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari@kommune.example"] and message.subject == "Din konto i Samla"
    assert "Hei Kari Nordmann," in message.body and "Brukernavnet ditt: kari.n" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    new = "ny-og-lang-passordfrase-42"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == "/accounts/password/reset/done/"
    user.refresh_from_db()
    assert user.check_password(new)


def test_no_mail_leaves_before_the_account_is_saved(world, admins, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.user_create(actor=admins["siri"], username="ola", first_name="Ola", last_name="N",
                             email="ola@kommune.example", **HOST)
    assert mail.outbox == [] and len(callbacks) == 1  # sent when the transaction commits, not before


@pytest.mark.parametrize(("data", "expected"), [
    ({"username": "SIRI"}, {"username": ["username_taken"]}),
    ({"email": "Siri@Samla.example"}, {"email": ["email_taken"]}),
    ({"email": ""}, {"email": ["email_required"]}),
    ({"email": "ikke-en-adresse"}, {"email": ["invalid"]}),
    ({"username": "med mellomrom"}, {"username": ["invalid"]}),
    ({"username": ""}, {"username": ["blank"]}),
])
def test_a_bad_new_account_is_refused_with_a_field_error(world, admins, data, expected,
                                                         django_capture_on_commit_callbacks) -> None:
    before = account_state()
    fields = {"username": "ny", "first_name": "Ny", "last_name": "Bruker", "email": "ny@samla.example", **data}
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as exc:
        services.user_create(actor=admins["siri"], **fields, **HOST)
    assert codes(exc.value) == expected
    assert account_state() == before and mail.outbox == []


def test_the_set_password_mail_can_be_sent_again_until_the_user_signs_in(
        client, world, admins, django_capture_on_commit_callbacks) -> None:
    user = world.users["elverum"]
    user.email = "post@elverum.example"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.user_invitation_send(actor=admins["siri"], user=user, **HOST)
    assert len(mail.outbox) == 1 and "https://samla.example/accounts/password/reset/" in mail.outbox[0].body
    event = last_event()
    assert (event.action, event.object_id, event.after) == (
        "user.invitation_send", str(user.pk), {"invitation_sent_to": "post@elverum.example"})

    client.force_login(user)  # sets last_login
    user.refresh_from_db()
    before = account_state()
    with pytest.raises(ValidationError) as exc:
        services.user_invitation_send(actor=admins["siri"], user=user, **HOST)
    assert codes(exc.value) == ["signed_in"] and account_state() == before


def test_no_set_password_mail_to_a_deactivated_account_or_one_without_address(world, admins) -> None:
    nobody = world.users["outsider"]
    assert nobody.email == ""
    with pytest.raises(ValidationError) as exc:
        services.user_invitation_send(actor=admins["siri"], user=nobody, **HOST)
    assert codes(exc.value) == ["no_email"]
    services.user_deactivate(actor=admins["siri"], user=nobody, reason="Feil konto.")
    before = account_state()
    with pytest.raises(ValidationError) as exc:
        services.user_invitation_send(actor=admins["siri"], user=nobody, **HOST)
    assert codes(exc.value) == ["inactive"] and account_state() == before


# --- Granting a role ------------------------------------------------------------------------------------------

def test_granting_a_role_writes_its_scope_to_the_audit_log(world, admins) -> None:
    user, tynset = world.users["outsider"], world.municipalities["tynset"]
    assignment = services.role_grant(actor=admins["siri"], user=user, role=Role.MUNICIPALITY, municipality=tynset)
    assert (assignment.user, assignment.role, assignment.region, assignment.municipality) == (
        user, "municipality", None, tynset)
    event = last_event()
    assert (event.action, event.object_type, event.object_id, event.actor, event.before) == (
        "role_assignment.grant", "accounts.roleassignment", str(assignment.pk), admins["siri"], None)
    assert event.after == {"id": assignment.pk, "user_id": user.pk, "role": "municipality", "region_id": None,
                           "municipality_id": tynset.pk}
    assert access.can_apply(get_user_model().objects.get(pk=user.pk), tynset)


@pytest.mark.parametrize(("role", "scope", "expected"), [
    (Role.COUNTY_GOVERNOR, "", {"region": ["region_required"]}),
    (Role.RESOURCE_GROUP, "municipality", {"region": ["region_required"], "municipality": ["no_municipality"]}),
    (Role.COMPETENCE_CENTRE, "both", {"municipality": ["no_municipality"]}),
    (Role.MUNICIPALITY, "", {"municipality": ["municipality_required"]}),
    (Role.MUNICIPALITY, "region", {"municipality": ["municipality_required"], "region": ["no_region"]}),
    (Role.MUNICIPALITY, "both", {"region": ["no_region"]}),
    (Role.DIRECTORATE, "region", {"region": ["national_role"]}),
    (Role.EVALUATOR, "municipality", {"municipality": ["national_role"]}),
    (Role.SYSTEM_ADMIN, "both", {"region": ["national_role"], "municipality": ["national_role"]}),
])
def test_a_role_with_the_wrong_scope_is_refused_per_field(world, admins, role, scope, expected) -> None:
    region = world.regions["innlandet"] if scope in ("region", "both") else None
    municipality = world.municipalities["elverum"] if scope in ("municipality", "both") else None
    before = account_state()
    with pytest.raises(ValidationError) as exc:
        services.role_grant(actor=admins["siri"], user=world.users["outsider"], role=role, region=region,
                            municipality=municipality)
    assert codes(exc.value) == expected
    assert account_state() == before


def test_the_scope_messages_are_clear_in_bokmaal(world, admins) -> None:
    from django.utils import translation

    with pytest.raises(ValidationError) as exc:
        services.role_grant(actor=admins["siri"], user=world.users["outsider"], role=Role.COUNTY_GOVERNOR,
                            municipality=world.municipalities["elverum"])
    with translation.override("nb"):
        messages = {name: [str(m) for m in errors] for name, errors in exc.value.message_dict.items()}
    assert messages == {"region": ["Statsforvalter er en regional rolle: velg en region."],
                        "municipality": ["Statsforvalter er en regional rolle: la kommunefeltet stå tomt."]}


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("scope", ["", "region", "municipality", "both"])
def test_the_service_accepts_exactly_what_the_database_accepts(world, admins, role, scope) -> None:
    region = world.regions["trondelag"] if scope in ("region", "both") else None
    municipality = world.municipalities["røros"] if scope in ("municipality", "both") else None
    user = world.users["outsider"]
    try:
        with transaction.atomic():
            RoleAssignment.objects.create(user=user, role=role, region=region, municipality=municipality)
            raise RuntimeError("roll back")
    except IntegrityError:
        database = False
    except RuntimeError:
        database = True
    try:
        services.role_grant(actor=admins["siri"], user=user, role=role, region=region, municipality=municipality)
    except ValidationError:
        service = False
    else:
        service = True
    assert service == database


def test_a_duplicate_grant_is_refused(world, admins) -> None:
    governor, innlandet = world.users["governor"], world.regions["innlandet"]
    before = account_state()
    with pytest.raises(ValidationError) as exc:
        services.role_grant(actor=admins["siri"], user=governor, role=Role.COUNTY_GOVERNOR, region=innlandet)
    assert codes(exc.value) == ["duplicate"]
    with pytest.raises(ValidationError):  # a national role twice, too (NULL scopes count as equal)
        services.role_grant(actor=admins["siri"], user=admins["sven"], role=Role.SYSTEM_ADMIN)
    assert account_state() == before
    # The same role in another region is another grant.
    services.role_grant(actor=admins["siri"], user=governor, role=Role.COUNTY_GOVERNOR,
                        region=world.regions["trondelag"])
    assert RoleAssignment.objects.filter(user=governor, role=Role.COUNTY_GOVERNOR).count() == 2


# --- Revoking a role ------------------------------------------------------------------------------------------

def test_revoking_needs_a_reason_and_is_audited_with_it(world, admins) -> None:
    assignment = RoleAssignment.objects.get(user=world.users["elverum"])
    before = account_state()
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as exc:
            services.role_revoke(actor=admins["siri"], assignment=assignment, reason=reason)
        assert codes(exc.value) == {"reason": ["reason_required"]}
    assert account_state() == before

    snapshot = {"id": assignment.pk, "user_id": world.users["elverum"].pk, "role": "municipality",
                "region_id": None, "municipality_id": world.municipalities["elverum"].pk}
    services.role_revoke(actor=admins["siri"], assignment=assignment, reason=" Sluttet i kommunen. ")
    assert not RoleAssignment.objects.filter(user=world.users["elverum"]).exists()
    event = last_event()
    assert (event.action, event.object_type, event.object_id, event.actor) == (
        "role_assignment.revoke", "accounts.roleassignment", str(snapshot["id"]), admins["siri"])
    assert (event.before, event.after, event.reason) == (snapshot, None, "Sluttet i kommunen.")


def test_an_administrator_cannot_revoke_their_own_admin_role(world, admins) -> None:
    own = RoleAssignment.objects.get(user=admins["siri"], role=Role.SYSTEM_ADMIN)
    before = account_state()
    with pytest.raises(ValidationError) as exc:
        services.role_revoke(actor=admins["siri"], assignment=own, reason="Vil ikke mer.")
    assert codes(exc.value) == ["self_lockout"]
    assert account_state() == before
    # Another administrator may, and the administrator may drop their other roles themselves.
    extra = services.role_grant(actor=admins["siri"], user=admins["siri"], role=Role.EVALUATOR)
    services.role_revoke(actor=admins["siri"], assignment=extra, reason="Ved en feil.")
    services.role_revoke(actor=admins["sven"], assignment=own, reason="Bytter jobb.")
    assert not RoleAssignment.objects.filter(user=admins["siri"]).exists()


def test_the_last_active_system_administrator_keeps_the_role(world, admins) -> None:
    siri, sven, root = admins["siri"], admins["sven"], admins["root"]
    services.role_revoke(actor=root, assignment=RoleAssignment.objects.get(user=sven, role=Role.SYSTEM_ADMIN),
                         reason="Sluttet.")
    last = RoleAssignment.objects.get(user=siri, role=Role.SYSTEM_ADMIN)
    before = account_state()
    with pytest.raises(ValidationError) as exc:  # the superuser does not count: its flag is set outside Samla
        services.role_revoke(actor=root, assignment=last, reason="Opprydding.")
    assert codes(exc.value) == ["last_admin"]
    with pytest.raises(ValidationError) as exc:
        services.user_deactivate(actor=root, user=siri, reason="Opprydding.")
    assert codes(exc.value) == ["last_admin"]
    assert account_state() == before


def test_an_inactive_administrator_does_not_count_as_another_one(world, admins) -> None:
    siri, sven, root = admins["siri"], admins["sven"], admins["root"]
    services.user_deactivate(actor=siri, user=sven, reason="Permisjon.")
    before = account_state()
    with pytest.raises(ValidationError) as exc:
        services.role_revoke(actor=root, assignment=RoleAssignment.objects.get(user=siri, role=Role.SYSTEM_ADMIN),
                             reason="Opprydding.")
    assert codes(exc.value) == ["last_admin"]
    assert account_state() == before
    # An inactive holder's role may go: it is not an active administrator.
    services.role_revoke(actor=siri, assignment=RoleAssignment.objects.get(user=sven, role=Role.SYSTEM_ADMIN),
                         reason="Slutter.")


# --- Deactivating and reactivating ---------------------------------------------------------------------------

def test_deactivation_and_reactivation_need_a_reason_and_are_audited(client, world, admins) -> None:
    from tests.accounts.conftest import PASSWORD

    user = world.users["elverum"]
    user.set_password(PASSWORD)
    user.save()
    before = account_state()
    with pytest.raises(ValidationError) as exc:
        services.user_deactivate(actor=admins["siri"], user=user, reason="")
    assert codes(exc.value) == {"reason": ["reason_required"]}
    assert account_state() == before

    client.force_login(user)
    assert client.get("/accounts/me/").status_code == 200
    services.user_deactivate(actor=admins["siri"], user=user, reason="Permisjon i ett år.")
    event = last_event()
    assert (event.action, event.object_type, event.object_id, event.reason) == (
        "user.deactivate", "auth.user", str(user.pk), "Permisjon i ett år.")
    assert (event.before["is_active"], event.after["is_active"]) == (True, False)
    assert "password" not in event.before and "password" not in event.after
    # The open session ends and the password no longer works; the roles are kept.
    assert client.get("/accounts/me/")["Location"].startswith("/accounts/login/")
    assert not client.login(username=user.username, password=PASSWORD)
    assert RoleAssignment.objects.filter(user=user).exists()

    with pytest.raises(ValidationError) as exc:
        services.user_deactivate(actor=admins["siri"], user=user, reason="Igjen.")
    assert codes(exc.value) == ["already_inactive"]

    services.user_reactivate(actor=admins["sven"], user=user, reason="Tilbake fra permisjon.")
    event = last_event()
    assert (event.action, event.actor, event.reason) == ("user.reactivate", admins["sven"], "Tilbake fra permisjon.")
    assert (event.before["is_active"], event.after["is_active"]) == (False, True)
    assert client.login(username=user.username, password=PASSWORD)
    with pytest.raises(ValidationError) as exc:
        services.user_reactivate(actor=admins["sven"], user=user, reason="Igjen.")
    assert codes(exc.value) == ["already_active"]


def test_an_administrator_cannot_deactivate_themselves(world, admins) -> None:
    before = account_state()
    for actor in (admins["siri"], admins["root"]):
        with pytest.raises(ValidationError) as exc:
            services.user_deactivate(actor=actor, user=actor, reason="Ferie.")
        assert codes(exc.value) == ["self_lockout"]
    assert account_state() == before


def test_only_a_superuser_deactivates_a_superuser(world, admins, django_user_model) -> None:
    other_root = django_user_model.objects.create(username="root2", is_superuser=True)
    before = account_state()
    with pytest.raises(ValidationError) as exc:
        services.user_deactivate(actor=admins["siri"], user=admins["root"], reason="Ukjent konto.")
    assert codes(exc.value) == ["superuser_only"]
    assert account_state() == before
    services.user_deactivate(actor=other_root, user=admins["root"], reason="Ukjent konto.")
    with pytest.raises(ValidationError) as exc:
        services.user_reactivate(actor=admins["siri"], user=admins["root"], reason="Likevel.")
    assert codes(exc.value) == ["superuser_only"]


# --- The account's history --------------------------------------------------------------------------------------

def test_the_history_holds_the_account_and_its_roles_revoked_ones_included(world, admins) -> None:
    user = world.users["outsider"]
    granted = services.role_grant(actor=admins["siri"], user=user, role=Role.EVALUATOR)
    services.role_revoke(actor=admins["siri"], assignment=granted, reason="Feil person.")
    services.user_deactivate(actor=admins["siri"], user=user, reason="Sluttet.")
    services.role_grant(actor=admins["siri"], user=world.users["directorate"], role=Role.EVALUATOR)  # not theirs
    actions = [e.action for e in selectors.audit_events_about_user(user)]
    assert actions == ["role_assignment.grant", "role_assignment.revoke", "user.deactivate"]
