"""Sign-in and the audit log in a real browser, with an axe check of both pages."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from samla.accounts.models import Role, RoleAssignment
from tests.accounts.conftest import PASSWORD
from tests.browser.support import BROWSER_TEST, axe_violations

pytestmark = BROWSER_TEST


def test_sign_in_then_the_audit_log(page: Page, live_server, django_user_model) -> None:
    user = django_user_model.objects.create_user("dina", password=PASSWORD, first_name="Dina", last_name="Direktør")
    RoleAssignment.objects.create(user=user, role=Role.DIRECTORATE)
    page.goto(live_server.url + "/audit/")
    expect(page.get_by_role("heading", name="Logg inn i Samla")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Brukernavn").fill("dina")
    page.get_by_label("Passord").fill("feil")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("alert")).to_contain_text("Vennligst oppgi korrekt brukernavn og passord")
    assert axe_violations(page) == []

    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", name="Revisjonslogg", level=1)).to_be_visible()
    nav = page.get_by_role("navigation", name="Hovedmeny")
    expect(nav.get_by_role("link", name="Revisjonslogg")).to_have_attribute("aria-current", "page")
    expect(page.get_by_text("Dina Direktør")).to_be_visible()
    page.get_by_label("Fra dato").fill("2019-06-05")
    page.get_by_label("Til dato").fill("2019-06-01")
    page.get_by_role("button", name="Filtrer", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Fra-datoen må være samme dag som eller før til-datoen.")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("heading", name="Logg inn i Samla")).to_be_visible()
