"""Sign-in and the audit log in a real browser, with an axe check of both pages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)",
                allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

from samla.accounts.models import Role, RoleAssignment  # noqa: E402
from tests.accounts.conftest import PASSWORD  # noqa: E402

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_sign_in_then_the_audit_log(page: Page, live_server, django_user_model) -> None:
    user = django_user_model.objects.create_user("dina", password=PASSWORD, first_name="Dina", last_name="Direktør")
    RoleAssignment.objects.create(user=user, role=Role.DIRECTORATE)
    page.goto(live_server.url + "/audit/")
    expect(page.get_by_role("heading", name="Logg inn i Samla")).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_label("Brukernavn").fill("dina")
    page.get_by_label("Passord").fill("feil")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("alert")).to_contain_text("Vennligst oppgi korrekt brukernavn og passord")
    assert serious_violations(page) == []

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
    assert serious_violations(page) == []

    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("heading", name="Logg inn i Samla")).to_be_visible()
