"""The user administration pages: only system administrators (and superusers) open them; the list filters and
exports; the forms show their errors; a refused POST changes nothing; role assignments are read-only in the admin."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core import mail
from django.test import Client
from openpyxl import load_workbook

from samla.accounts.models import Role, RoleAssignment
from samla.audit.models import AuditEvent
from tests.accounts.conftest import account_state

LIST = "/users/"
MISSING = 987_654


@pytest.fixture
def admin_client(client, admins):
    client.force_login(admins["siri"])
    return client


def export_rows(client, **query) -> list[dict[str, str]]:
    response = client.get(LIST, {**query, "export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def usernames(client, **query) -> set[str]:
    return {row["Brukernavn"] for row in export_rows(client, **query)}


# --- Who gets in ------------------------------------------------------------------------------------------------

def urls(world, admins) -> list[tuple[str, str]]:
    target = world.users["elverum"]
    assignment = RoleAssignment.objects.get(user=target)
    return [
        ("GET", LIST), ("GET", LIST + "?export=csv"), ("GET", LIST + "?export=xlsx"), ("GET", "/users/new/"),
        ("POST", "/users/new/"), ("GET", f"/users/{target.pk}/"), ("POST", f"/users/{target.pk}/roles/"),
        ("GET", f"/users/{target.pk}/roles/{assignment.pk}/revoke/"),
        ("POST", f"/users/{target.pk}/roles/{assignment.pk}/revoke/"), ("POST", f"/users/{target.pk}/deactivate/"),
        ("POST", f"/users/{target.pk}/reactivate/"), ("POST", f"/users/{target.pk}/invite/"),
    ]


POSTED = {"username": "ny", "first_name": "Ny", "last_name": "Bruker", "email": "ny@samla.example",
          "grant-role": "evaluator", "revoke-reason": "Sluttet.", "status-reason": "Sluttet."}


@pytest.mark.parametrize("persona", ["directorate", "evaluator", "governor", "resource", "elverum", "outsider"])
def test_every_other_role_gets_403_and_changes_nothing(client, world, admins, persona,
                                                       django_capture_on_commit_callbacks) -> None:
    client.force_login(world.users[persona])
    for method, url in urls(world, admins):
        before = account_state()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(url) if method == "GET" else client.post(url, POSTED)
        assert response.status_code == 403, (method, url, response.status_code)
        assert account_state() == before, (method, url)
    assert mail.outbox == []


def test_anonymous_is_sent_to_sign_in_and_changes_nothing(client, world, admins) -> None:
    before = account_state()
    for method, url in urls(world, admins):
        response = client.get(url) if method == "GET" else client.post(url, POSTED)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
    assert account_state() == before


def test_a_superuser_without_a_role_may_manage_users(client, admins) -> None:
    client.force_login(admins["root"])
    assert client.get(LIST).status_code == 200


def test_a_missing_account_looks_like_a_forbidden_one(admin_client, client, world, admins) -> None:
    elverum = world.users["elverum"]
    own = RoleAssignment.objects.get(user=elverum)
    other = RoleAssignment.objects.get(user=world.users["tynset"])
    missing = [f"/users/{MISSING}/", f"/users/{MISSING}/roles/{own.pk}/revoke/",
               f"/users/{elverum.pk}/roles/{MISSING}/revoke/",
               f"/users/{elverum.pk}/roles/{other.pk}/revoke/"]  # another user's role under this user's URL
    before = account_state()
    answers = {admin_client.get(url).status_code for url in missing}
    answers |= {admin_client.post(url, POSTED).status_code for url in missing[1:]}  # the detail page is GET only
    answers |= {admin_client.post(f"/users/{MISSING}/{action}/", POSTED).status_code
                for action in ("roles", "deactivate", "reactivate", "invite")}
    assert answers == {403}
    assert account_state() == before
    outsider = Client()
    outsider.force_login(world.users["directorate"])
    def main(response) -> str:  # the error page's text; the menu around it is each user's own
        return response.content.decode().split('<main id="main"')[1].split("</main>")[0]

    assert main(outsider.get(f"/users/{elverum.pk}/")) == main(admin_client.get(f"/users/{MISSING}/"))


def test_posts_need_the_csrf_token(world, admins) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(admins["siri"])
    target = world.users["elverum"]
    before = account_state()
    for url, data in ((f"/users/{target.pk}/roles/", {"grant-role": "evaluator"}),
                      (f"/users/{target.pk}/deactivate/", {"status-reason": "Sluttet."}),
                      ("/users/new/", POSTED)):
        assert client.post(url, data).status_code == 403, url
    assert account_state() == before


def test_the_menu_shows_users_to_administrators_only(client, world, admins) -> None:
    from tests.accounts.test_navigation import menu

    client.force_login(admins["siri"])
    items = menu(client, LIST)
    assert items["users"] == "Brukere"
    assert 'aria-current="page" data-nav="users"' in client.get(LIST).content.decode()
    assert 'aria-current="true" data-nav="users"' in client.get(f"/users/{world.users['elverum'].pk}/").content.decode()
    client.force_login(world.users["directorate"])
    assert "users" not in menu(client)


# --- The list --------------------------------------------------------------------------------------------------

def test_the_list_shows_accounts_with_roles_and_status(admin_client, world, admins) -> None:
    html = admin_client.get(LIST).content.decode()
    assert "<h1>Brukere og roller</h1>" in html
    assert 'scope="col"' in html and "<caption" in html
    assert f'href="/users/{world.users["governor"].pk}/"' in html
    assert "Statsforvalter (Innlandet)" in html
    assert "Kommune (3420 Elverum)" in html
    assert "Superbruker (regnes som systemadministrator)" in html
    assert "Ingen rolle" in html  # the outsider
    assert 'href="?export=csv"' in html and 'href="?export=xlsx"' in html


@pytest.mark.parametrize(("query", "expected"), [
    ({"role": "county_governor"}, {"gov", "gov-tro"}),
    ({"role": "system_admin"}, {"siri", "sven", "root"}),  # superusers count as system administrators
    ({"region": "INNLANDET"}, {"gov", "res1", "res2", "u-elverum", "u-tynset", "u-os", "u-hamar", "u-lillehammer"}),
    ({"region": "INNLANDET", "role": "resource_group"}, {"res1", "res2"}),
    ({"municipality": "ELVERUM"}, {"u-elverum"}),
    ({"active": "inactive"}, {"u-os"}),
    ({"q": "systemadmin"}, {"siri", "sven"}),
    ({"q": "siri SAMLA.example"}, {"siri"}),  # every word must match one of the fields
    ({"q": "u-"}, {"u-elverum", "u-tynset", "u-os", "u-hamar", "u-lillehammer", "u-trondheim", "u-roros"}),
    ({"q": "finnes-ikke"}, set()),
])
def test_filters(admin_client, world, admins, query, expected) -> None:
    from samla.accounts import services

    services.user_deactivate(actor=admins["siri"], user=world.users["os"], reason="Test.")
    ids = {"INNLANDET": world.regions["innlandet"].pk, "ELVERUM": world.municipalities["elverum"].pk}
    query = {k: ids.get(v, v) for k, v in query.items()}
    assert usernames(admin_client, **query) == expected
    if "active" not in query:
        html = admin_client.get(LIST, query).content.decode()
        assert f"{len(expected)} bruker" in html


def test_active_filter_keeps_the_others(admin_client, world, admins) -> None:
    everyone = usernames(admin_client)
    assert usernames(admin_client, active="active") == everyone
    assert "Alle brukere, etter brukernavn." in admin_client.get(LIST).content.decode()
    assert "Brukere som passer med filteret" in admin_client.get(LIST, {"active": "active"}).content.decode()


def test_a_bad_filter_gets_a_message(admin_client, world, admins) -> None:
    response = admin_client.get(LIST, {"region": "not-a-region", "role": "king"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in html and 'href="#id_region"' in html and 'href="#id_role"' in html
    assert 'aria-invalid="true"' in html


def test_the_list_is_paginated(admin_client, world, admins, django_user_model) -> None:
    django_user_model.objects.bulk_create([django_user_model(username=f"z-bruker-{i:03}") for i in range(60)])
    first = admin_client.get(LIST).content.decode()
    assert 'rel="next"' in first and "Side 1 av 2" in first
    assert first.count('<th scope="row">') == 50 and "z-bruker-059" not in first  # by user name: they come last
    second = admin_client.get(LIST, {"page": 2}).content.decode()
    assert "z-bruker-059" in second and 'rel="prev"' in second and "Side 2 av 2" in second
    assert len(export_rows(admin_client)) == django_user_model.objects.count()  # the export is not paginated


def test_the_export_holds_what_the_list_shows_and_nothing_secret(admin_client, world, admins) -> None:
    from tests.accounts.conftest import PASSWORD

    gov = world.users["governor"]
    gov.set_password(PASSWORD)
    gov.first_name, gov.last_name, gov.email = "=HYPERLINK(\"http://x\")", "@SUM(1)", "gov@sf.example"
    gov.save()
    rows = export_rows(admin_client)
    assert list(rows[0]) == ["Brukernavn", "Navn", "E-post", "Status", "Roller", "Sist innlogget", "Opprettet"]
    row = next(r for r in rows if r["Brukernavn"] == "gov")
    assert row["Navn"].startswith("'=HYPERLINK") and row["E-post"] == "gov@sf.example"
    assert (row["Status"], row["Roller"]) == ("Aktiv", "Statsforvalter (Innlandet)")
    raw = admin_client.get(LIST, {"export": "csv"}).content.decode("utf-8-sig")
    assert gov.password.split("$")[-1] not in raw and "pbkdf2" not in raw and "argon2" not in raw and "md5$" not in raw

    response = admin_client.get(LIST, {"export": "xlsx", "role": "county_governor"})
    assert response["Content-Disposition"] == 'attachment; filename="users.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:5] == ["Brukernavn", "Navn", "E-post", "Status", "Roller"]
    assert [row[0] for row in values[1:]] == ["gov", "gov-tro"]
    assert values[1][1].startswith("'=HYPERLINK")
    assert not any(h in str(cell) for row in values for cell in row for h in ("pbkdf2", "argon2", "md5$"))


# --- A new account ---------------------------------------------------------------------------------------------

def test_a_new_account_with_errors_shows_a_summary_and_field_messages(admin_client, world, admins) -> None:
    page = admin_client.get("/users/new/").content.decode()
    assert "<h1>Ny bruker</h1>" in page and 'name="csrfmiddlewaretoken"' in page
    before = account_state()
    response = admin_client.post("/users/new/", {"username": "Siri", "first_name": "", "last_name": "Ny",
                                                 "email": "ikke-en-adresse"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html and 'href="#id_first_name"' in html and 'href="#id_email"' in html
    assert re.search(r'id="id_email"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="id_email"', html)
    assert 'id="id_email_error"' in html
    assert "Oppgi en gyldig e-postadresse" in html
    assert account_state() == before
    # The service's own rules come back on the fields too.
    html = admin_client.post("/users/new/", {"username": "SIRI", "first_name": "Ny", "last_name": "Bruker",
                                             "email": "sven@samla.example"}).content.decode()
    assert "Det finnes allerede en bruker med dette brukernavnet." in html
    assert "En annen konto bruker allerede denne e-postadressen." in html
    assert 'id="id_username_error"' in html
    assert account_state() == before and mail.outbox == []


def test_a_new_account_is_created_and_mailed(admin_client, world, admins,
                                            django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/users/new/", {"username": "kari", "first_name": "Kari",
                                                     "last_name": "Nordmann", "email": "kari@kommune.example"})
    user = world.users["outsider"].__class__.objects.get(username="kari")
    assert response.status_code == 302 and response["Location"] == f"/users/{user.pk}/"
    assert [m.to for m in mail.outbox] == [["kari@kommune.example"]]
    assert "http://testserver/accounts/password/reset/" in mail.outbox[0].body
    page = admin_client.get(response["Location"]).content.decode()
    assert "Kontoen kari er opprettet" in page
    assert "user.create" in page and "Aldri" in page
    assert "Send e-posten for å lage passord på nytt" in page


# --- One account: roles, status, history ----------------------------------------------------------------------

def test_the_account_page_shows_roles_status_last_sign_in_and_history(admin_client, world, admins) -> None:
    from samla.accounts import services

    user = world.users["governor"]
    extra = services.role_grant(actor=admins["sven"], user=user, role=Role.EVALUATOR)
    services.role_revoke(actor=admins["sven"], assignment=extra, reason="Ved en feil.")
    html = admin_client.get(f"/users/{user.pk}/").content.decode()
    assert "<h1>gov</h1>" in html
    assert "Region Innlandet" in html and "Trekk tilbake" in html
    assert "Aktiv" in html and "Aldri" in html
    assert "role_assignment.grant" in html and "role_assignment.revoke" in html and "Ved en feil." in html
    assert html.count('name="csrfmiddlewaretoken"') >= 2  # grant and deactivate, each a POST with CSRF
    event = AuditEvent.objects.filter(action="role_assignment.revoke").get()
    assert f'href="/audit/{event.pk}/"' in html


def test_own_page_hides_what_would_lock_the_administrator_out(admin_client, admins) -> None:
    html = admin_client.get(f"/users/{admins['siri'].pk}/").content.decode()
    assert "Du kan ikke trekke tilbake din egen systemadministratorrolle." in html
    assert "/revoke/" not in html
    assert "Du kan ikke deaktivere din egen konto" in html and "/deactivate/" not in html


def test_granting_with_a_missing_municipality_shows_the_error_then_grants(admin_client, world, admins) -> None:
    user = world.users["outsider"]
    url = f"/users/{user.pk}/roles/"
    before = account_state()
    response = admin_client.post(url, {"grant-role": "municipality", "grant-region": world.regions["innlandet"].pk})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in html
    assert 'href="#id_grant-municipality"' in html and 'href="#id_grant-region"' in html
    assert "Velg kommunen brukeren arbeider for." in html
    assert "En kommunerolle avgrenses bare av kommunen: la regionfeltet stå tomt." in html
    assert 'id="id_grant-municipality_error"' in html
    assert account_state() == before

    response = admin_client.post(url, {"grant-role": "municipality",
                                       "grant-municipality": world.municipalities["tynset"].pk})
    assert response.status_code == 302 and response["Location"] == f"/users/{user.pk}/"
    assert RoleAssignment.objects.filter(user=user, role=Role.MUNICIPALITY,
                                         municipality=world.municipalities["tynset"]).exists()
    page = admin_client.get(response["Location"]).content.decode()
    assert "nobody har nå rollen Kommune (3427 Tynset)." in page
    assert "Tynset kommune (3427)" in page  # in the roles table
    assert AuditEvent.objects.filter(action="role_assignment.grant", object_type="accounts.roleassignment").count() == 1


def test_a_duplicate_grant_and_no_role_are_refused_on_the_form(admin_client, world, admins) -> None:
    user = world.users["governor"]
    before = account_state()
    html = admin_client.post(f"/users/{user.pk}/roles/", {
        "grant-role": "county_governor", "grant-region": world.regions["innlandet"].pk}).content.decode()
    assert "Brukeren har allerede denne rollen med dette omfanget." in html
    assert 'href="#grant-form"' in html and 'id="grant-form"' in html  # a form-wide error links to the form
    response = admin_client.post(f"/users/{user.pk}/roles/", {"grant-role": ""})
    assert response.status_code == 400 and 'href="#id_grant-role"' in response.content.decode()
    assert account_state() == before


def test_revoking_needs_a_reason(admin_client, world, admins) -> None:
    user = world.users["elverum"]
    assignment = RoleAssignment.objects.get(user=user)
    url = f"/users/{user.pk}/roles/{assignment.pk}/revoke/"
    page = admin_client.get(url).content.decode()
    assert "<h1>Trekk tilbake en rolle</h1>" in page and "<strong>Kommune (3420 Elverum)</strong>" in page
    before = account_state()
    response = admin_client.post(url, {"revoke-reason": "  "})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_revoke-reason"' in html and 'aria-invalid="true"' in html
    assert account_state() == before

    response = admin_client.post(url, {"revoke-reason": "Sluttet i kommunen."})
    assert response.status_code == 302 and response["Location"] == f"/users/{user.pk}/"
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEvent.objects.get(action="role_assignment.revoke").reason == "Sluttet i kommunen."


def test_revoking_own_admin_role_by_post_is_refused_with_a_message(admin_client, admins) -> None:
    own = RoleAssignment.objects.get(user=admins["siri"], role=Role.SYSTEM_ADMIN)
    before = account_state()
    response = admin_client.post(f"/users/{admins['siri'].pk}/roles/{own.pk}/revoke/", {"revoke-reason": "Test."})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Du kan ikke trekke tilbake din egen systemadministratorrolle. Be en annen" in html
    assert 'class="error-summary"' in html
    assert account_state() == before


def test_deactivate_and_reactivate_with_a_reason(admin_client, world, admins) -> None:
    user = world.users["elverum"]
    before = account_state()
    response = admin_client.post(f"/users/{user.pk}/deactivate/", {"status-reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_status-reason"' in html and "Begrunnelse for deaktiveringen" in html
    assert account_state() == before

    assert admin_client.post(f"/users/{user.pk}/deactivate/", {"status-reason": "Permisjon."}).status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    html = admin_client.get(f"/users/{user.pk}/").content.decode()
    assert "Deaktivert" in html and "Reaktiver kontoen" in html and "Permisjon." in html
    assert admin_client.post(f"/users/{user.pk}/reactivate/", {"status-reason": "Tilbake."}).status_code == 302
    user.refresh_from_db()
    assert user.is_active
    assert [e.action for e in AuditEvent.objects.order_by("pk")][-2:] == ["user.deactivate", "user.reactivate"]


def test_deactivating_oneself_by_post_is_refused(admin_client, admins) -> None:
    before = account_state()
    response = admin_client.post(f"/users/{admins['siri'].pk}/deactivate/", {"status-reason": "Ferie."})
    assert response.status_code == 400
    assert "Du kan ikke deaktivere din egen konto." in response.content.decode()
    assert account_state() == before


def test_the_set_password_mail_again(admin_client, world, admins, django_capture_on_commit_callbacks) -> None:
    user = world.users["elverum"]
    user.email = "post@elverum.example"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/users/{user.pk}/invite/")
    assert response.status_code == 302 and len(mail.outbox) == 1
    assert "En ny lenke for å lage passord er sendt til post@elverum.example." in admin_client.get(
        response["Location"]).content.decode()
    before = account_state()
    outsider = world.users["outsider"]  # no e-mail address: refused with a message
    response = admin_client.post(f"/users/{outsider.pk}/invite/", follow=True)
    assert "Kontoen har ingen e-postadresse å sende lenken til." in response.content.decode()
    assert account_state() == before and len(mail.outbox) == 1


# --- Django's admin: role assignments are read-only ------------------------------------------------------------

def test_role_assignments_are_read_only_in_the_django_admin(client, world, admins) -> None:
    client.force_login(admins["root"])
    assignment = RoleAssignment.objects.get(user=world.users["elverum"])
    before = account_state()
    changelist = client.get("/admin/accounts/roleassignment/")
    assert changelist.status_code == 200
    html = changelist.content.decode()
    assert 'href="/users/"' in html and "Roller kan bare leses her" in html
    assert "/admin/accounts/roleassignment/add/" not in html
    assert client.get("/admin/accounts/roleassignment/add/").status_code == 403
    assert client.post("/admin/accounts/roleassignment/add/", {
        "user": world.users["outsider"].pk, "role": "evaluator"}).status_code == 403
    change = client.get(f"/admin/accounts/roleassignment/{assignment.pk}/change/")
    assert change.status_code == 200 and 'name="role"' not in change.content.decode()
    assert client.post(f"/admin/accounts/roleassignment/{assignment.pk}/change/",
                       {"role": "evaluator"}).status_code == 403
    assert client.post(f"/admin/accounts/roleassignment/{assignment.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post("/admin/accounts/roleassignment/", {"action": "delete_selected", "_selected_action": [assignment.pk],
                                                    "post": "yes"})
    assert account_state() == before


def test_the_user_admin_inline_cannot_change_roles(client, world, admins) -> None:
    client.force_login(admins["root"])
    user = world.users["elverum"]
    html = client.get(f"/admin/auth/user/{user.pk}/change/").content.decode()
    assert 'name="role_assignments-0-role"' not in html and 'name="role_assignments-0-DELETE"' not in html
    assert 'name="role_assignments-1-role"' not in html  # no empty row to add one
    assert "Kommune" in html  # the role is shown, read-only
    before = account_state()
    client.post(f"/admin/auth/user/{user.pk}/change/", {
        "username": user.username, "role_assignments-TOTAL_FORMS": "1", "role_assignments-INITIAL_FORMS": "0",
        "role_assignments-0-role": "evaluator"})
    assert account_state()["roles"] == before["roles"]
