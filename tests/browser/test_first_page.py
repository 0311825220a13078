"""The first page in a real browser: the pilot's decided amounts in bokmål first, an amount's explanation one click
away, then English; and the marks a reader with a role sees where a draft from today's rules would differ."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import BROWSER_TEST, axe_violations

pytestmark = BROWSER_TEST


@pytest.fixture
def pilot(decided_pilot):
    """As in the demo: the pilot's run 1 is locked."""
    return decided_pilot


def test_first_page_explains_an_amount_and_switches_language(page: Page, live_server, pilot) -> None:
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", name="Vedtatt fordeling per kommune og år", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Vedtatte beløp: låst fordelingskjøring 1")).to_be_visible()
    table = page.locator("#allocation-table")
    expect(table.locator("tfoot")).to_contain_text("39\u00a0310\u00a0000")
    expect(table.locator("a.amount-link")).to_have_count(36)

    link = page.get_by_role("link", name="Elverum 2021: 2\u00a0784\u00a0000\u00a0kr – vis beregning")
    link.click()
    panel = page.locator("#explanation")
    expect(panel.get_by_role("heading", name="Elverum 2021: 2\u00a0784\u00a0000\u00a0kr")).to_be_visible()
    expect(panel).to_contain_text("Indeksering")
    expect(panel).to_contain_text("3,1\u00a0%")
    assert page.url == live_server.url + "/"  # htmx loaded the fragment in place
    expect(link).to_have_attribute("aria-current", "true")
    expect(panel.get_by_role("heading", name="Elverum 2021: 2\u00a0784\u00a0000\u00a0kr")).to_be_focused()

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Decided allocation per municipality and year", exact=True)).to_be_visible()
    expect(page.locator("#allocation-table tfoot")).to_contain_text("39,310,000")


def test_keyboard_reaches_the_skip_link_first(page: Page, live_server, pilot) -> None:
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hopp til hovedinnhold")).to_be_focused()


def test_without_javascript_an_amount_opens_the_explanation_page(browser: Browser, live_server, pilot) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.locator("a.amount-link[href$='/explain/3420/2021/']").click()
    expect(page).to_have_url(live_server.url + "/programmes/pilot-2020/explain/3420/2021/")
    expect(page.get_by_role("heading", name="Slik er beløpet beregnet")).to_be_visible()
    context.close()


def test_a_directorate_reader_sees_where_todays_rules_would_differ(signed_in, live_server, pilot) -> None:
    from samla.accounts.models import Role
    from tests.personas import make_user

    growth = pilot.growth_factors.get(year=2022)
    growth.rate = Decimal("0.1")
    growth.save()
    page = signed_in(make_user("dir-browser", Role.DIRECTORATE))
    page.goto(live_server.url + f"/programmes/{pilot.slug}/")
    expect(page.locator(".draft-note")).to_contain_text("12 steder")  # the 2022 amounts of 12 municipalities
    expect(page.locator("#allocation-table tfoot")).to_contain_text("41\u00a0583\u00a0000")  # still the decision
    draft = page.locator(".draft-amount").first
    draft.get_by_role("link").click()
    expect(page.locator("#explanation")).to_contain_text("Utkast beregnet etter dagens regler: ikke vedtatt")
    assert axe_violations(page) == []
