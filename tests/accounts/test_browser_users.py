"""The system administrator's user administration in a real browser, with an axe check of every page it sees."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from samla.accounts.models import Role, RoleAssignment
from samla.audit.models import AuditEvent
from tests.browser.support import BROWSER_TEST, axe_violations, screenshot

pytestmark = BROWSER_TEST


def test_the_system_admin_lists_opens_and_grants_a_municipality_role(signed_in, live_server, world, admins) -> None:
    page: Page = signed_in(admins["siri"])
    page.goto(live_server.url + "/users/")
    expect(page.get_by_role("heading", name="Brukere og roller", level=1)).to_be_visible()
    nav = page.get_by_role("navigation", name="Hovedmeny")
    expect(nav.get_by_role("link", name="Brukere")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("status").filter(has_text="brukere")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "users-list")

    page.get_by_label("Søk").fill("nobody")
    page.get_by_role("button", name="Filtrer", exact=True).click()
    expect(page.get_by_text("1 bruker", exact=True)).to_be_visible()
    page.get_by_role("link", name="nobody", exact=True).click()
    expect(page.get_by_role("heading", name="nobody", level=1)).to_be_visible()
    expect(page.get_by_text("Ingen roller. Brukeren kan logge inn")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "users-detail")

    # A municipality role without a municipality: refused, with a summary and a message on the field.
    grant = page.locator("#grant-form")
    grant.get_by_label("Rolle").select_option(label="Kommune")
    grant.get_by_role("button", name="Gi rollen").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Velg kommunen brukeren arbeider for.")
    expect(page.locator("#id_grant-municipality")).to_have_attribute("aria-invalid", "true")
    assert not RoleAssignment.objects.filter(user=world.users["outsider"]).exists()
    assert axe_violations(page) == []
    screenshot(page, "users-grant-error")

    summary.get_by_role("link", name="Kommune: Velg kommunen brukeren arbeider for.").click()
    expect(page.locator("#id_grant-municipality")).to_be_focused()
    page.locator("#id_grant-municipality").select_option(label="Os 3430 (2019–)")
    page.locator("#grant-form").get_by_role("button", name="Gi rollen").click()
    expect(page.get_by_role("status").filter(has_text="har nå rollen")).to_contain_text(
        "nobody har nå rollen Kommune (3430 Os).")
    expect(page.get_by_role("table", name="Rollene brukeren har")).to_contain_text("Os kommune (3430)")
    expect(page.get_by_role("table", name="Hendelser i revisjonsloggen")).to_contain_text("role_assignment.grant")
    assignment = RoleAssignment.objects.get(user=world.users["outsider"])
    assert (assignment.role, assignment.municipality) == (Role.MUNICIPALITY, world.municipalities["os"])
    assert AuditEvent.objects.filter(action="role_assignment.grant", actor=admins["siri"]).count() == 1
    assert axe_violations(page) == []

    page.goto(live_server.url + "/users/new/")
    page.get_by_role("button", name="Opprett brukeren").click()
    expect(page.get_by_role("alert")).to_contain_text("Brukernavn")
    assert axe_violations(page) == []
