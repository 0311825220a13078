"""The main menu shows each role its sections; a section whose page does not exist yet is left out."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from samla.audit.services import audit_record


def _exists(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def menu(client, path: str = "/accounts/me/") -> dict[str, str]:
    html = client.get(path).content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    return dict(re.findall(r'<a href="[^"]*"[^>]*data-nav="(\w+)">([^<]+)</a>', nav.group(0))) if nav else {}


EXPECTED = {
    # persona: sections (when their page exists)
    "directorate": {"work", "rounds", "applications", "allocation", "followup", "evaluation", "audit"},
    "governor": {"work", "rounds", "applications", "allocation", "followup", "evaluation"},  # its region's
    "resource": {"work", "applications", "allocation"},
    "elverum": {"work", "applications", "allocation", "followup", "evaluation"},  # its project, its forms
    "evaluator": {"work", "rounds", "applications", "allocation", "followup", "evaluation"},  # status only
    "outsider": {"work", "allocation"},  # "My work" tells a user without a role how to get one
}
URLS = {"work": "calls:dashboard", "rounds": "calls:round_list", "applications": "calls:application_list",
        "allocation": "allocation:programmes", "followup": "followup:index", "evaluation": "evaluation:dashboard",
        "audit": "audit:log",
        "admin": "admin:index"}


@pytest.mark.parametrize("persona", EXPECTED)
def test_menu_per_role(client, world, persona) -> None:
    client.force_login(world.users[persona])
    expected = {key for key in EXPECTED[persona] if _exists(URLS[key])}
    assert set(menu(client)) == expected


def test_labels_in_bokmaal_and_the_system_admin_sees_the_audit_log(client, world, django_user_model) -> None:
    from samla.accounts.models import Role, RoleAssignment

    admin = django_user_model.objects.create(username="sysadm", is_staff=True)
    RoleAssignment.objects.create(user=admin, role=Role.SYSTEM_ADMIN)
    client.force_login(admin)
    items = menu(client)
    assert items["audit"] == "Revisjonslogg" and items["admin"] == "Administrasjon"
    if _exists("allocation:programmes"):
        assert items["allocation"] == "Tildeling"


def test_anonymous_users_see_sign_in_and_no_work_sections(client, db) -> None:
    html = client.get("/").content.decode()
    assert set(menu(client, "/")) <= {"allocation"}
    assert 'href="/accounts/login/?next=/"' in html and "Logg inn" in html
    assert "Logg ut" not in html


def test_signed_in_users_see_their_name_and_a_sign_out_button(client, world) -> None:
    user = world.users["directorate"]
    user.first_name, user.last_name = "Dina", "Direktør"
    user.save()
    client.force_login(user)
    html = client.get("/accounts/me/").content.decode()
    assert "Dina Direktør" in html
    assert re.search(r'<form action="/accounts/logout/" method="post"[^>]*>\s*'
                     r'<input type="hidden" name="csrfmiddlewaretoken"', html)
    assert "Logg ut" in html


def test_the_current_section_is_marked(client, world) -> None:
    client.force_login(world.users["directorate"])
    html = client.get("/audit/").content.decode()
    assert 'aria-current="page" data-nav="audit"' in html
    assert 'aria-current="page" data-nav="allocation"' not in html
    with transaction.atomic():
        event = audit_record(actor=None, action="test.change", obj=world.programme, before=None, after={"a": 1})
    inside = client.get(f"/audit/{event.pk}/").content.decode()
    assert 'aria-current="true" data-nav="audit"' in inside


def test_skip_link_and_language_switch_stay(client, db) -> None:
    html = client.get("/").content.decode()
    assert 'class="skip-link" href="#main"' in html and 'name="language"' in html and '<main id="main"' in html
