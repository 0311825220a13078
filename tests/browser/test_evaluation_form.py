"""A municipality fills in and submits its reflection form in a real browser; axe-core finds no serious or
critical violations on the form or on the locked answers."""

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
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

from samla.evaluation.models import Response  # noqa: E402
from tests.evaluation.conftest import world  # noqa: E402,F401  (the evaluation world fixture)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


def signed_in_page(browser: Browser, live_server, user) -> Page:
    """A browser context carrying the session cookie of ``user`` (signed in through Django's test client)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
    return context.new_page()


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")]


def test_a_municipality_fills_in_saves_and_submits(browser: Browser, live_server, world) -> None:  # noqa: F811
    page = signed_in_page(browser, live_server, world.users["elverum"])
    page.goto(live_server.url + "/evaluation/")
    expect(page.get_by_role("heading", name="Kommunens refleksjonsskjemaer")).to_be_visible()
    page.get_by_role("link", name="Fyll ut (2020)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Refleksjonsskjema 2020")
    assert serious_violations(page) == []

    across = page.get_by_role("group", name="Hvor god er kommunen på å arbeide på tvers?")
    expect(across.get_by_text("1 = i liten grad, 5 = i stor grad").first).to_be_visible()
    # Keyboard: focus the scale's first radio, move with the arrow keys (native radio behaviour).
    across.get_by_role("radio", name="1 = i liten grad").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(across.get_by_role("radio", name="3", exact=True)).to_be_checked()
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_text("Utkastet er lagret.")).to_be_visible()
    response = Response.objects.get(municipality=world.municipalities["elverum"])
    assert response.status == Response.Status.DRAFT
    assert response.answers.get(item=world.items["across_sectors"]).value == 3

    page.reload()
    across = page.get_by_role("group", name="Hvor god er kommunen på å arbeide på tvers?")
    expect(across.get_by_role("radio", name="3", exact=True)).to_be_checked()
    page.get_by_role("button", name="Send inn").click()  # "Hvem leder?" is still unanswered
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="Det er et problem")).to_be_visible()
    summary.get_by_role("link", name="Hvem leder?: Svar på dette spørsmålet før du sender inn.").click()
    expect(page.get_by_role("group", name="Hvem leder?").get_by_role("radio").first).to_be_focused()
    assert serious_violations(page) == []

    page.get_by_role("group", name="Hvem leder?").get_by_role("radio", name="Prosjektleder").check()
    page.get_by_label("Kommentarer").fill("Godt samarbeid mellom skole og helse.")
    expect(page.get_by_text("Ikke skriv inn personopplysninger om barn.")).to_be_visible()
    page.get_by_role("button", name="Send inn").click()
    expect(page.get_by_text("Takk. Skjemaet er sendt inn og låst.")).to_be_visible()
    expect(page.get_by_role("heading", name="Svar fra Elverum")).to_be_visible()
    expect(page.get_by_role("cell", name="Godt samarbeid mellom skole og helse.")).to_be_visible()
    assert serious_violations(page) == []
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    page.context.close()
