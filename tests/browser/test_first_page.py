"""The first page in a real browser: bokmål first, an amount's explanation one click away, then English."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.support import BROWSER_TEST

pytestmark = BROWSER_TEST


def test_first_page_explains_an_amount_and_switches_language(page: Page, live_server, pilot) -> None:
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", name="Fordeling per kommune og år")).to_be_visible()
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
    expect(page.get_by_role("heading", name="Allocation per municipality and year")).to_be_visible()
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
