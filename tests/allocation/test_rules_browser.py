"""The rules and continuations pages in a real browser: keyboard-reachable errors, no serious axe violations, and
the way from saved rules to a new allocation run."""

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

from samla.allocation.models import AllocationRun, GrowthFactor  # noqa: E402

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SAMLA_SCREENSHOTS")  # a folder: save screenshots there to look at the pages


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


def signed_in_page(browser: Browser, live_server, user) -> Page:
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


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_directorate_corrects_an_error_saves_and_makes_a_run(browser: Browser, live_server, pilot, people) -> None:
    page = signed_in_page(browser, live_server, people["directorate"])
    page.goto(live_server.url + "/programmes/pilot-2020/")
    page.get_by_role("link", name="Fordelingsregler").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fordelingsregler")
    expect(page.get_by_role("heading", name="Fordelingsmotoren godtar reglene")).to_be_visible()
    shot(page, "rules")
    assert serious_violations(page) == []

    page.get_by_label("Minstebeløp (kr)").fill("-5")
    page.get_by_role("group", name="2021 (vekst fra 2020)").get_by_label("Vekst (%)").fill("3,0")
    page.get_by_role("button", name="Lagre reglene").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Minstebeløp (kr): Beløpet kan ikke være negativt.")
    shot(page, "rules-error")
    assert serious_violations(page) == []
    summary.get_by_role("link", name="Minstebeløp (kr): Beløpet kan ikke være negativt.").click()
    expect(page.get_by_label("Minstebeløp (kr)")).to_be_focused()
    assert GrowthFactor.objects.get(programme=pilot, year=2021).rate * 1000 == 31  # nothing saved

    page.get_by_label("Minstebeløp (kr)").fill("1 790 000")
    page.get_by_role("button", name="Lagre reglene").click()
    expect(page.get_by_role("heading", name="Reglene er lagret")).to_be_visible()
    assert GrowthFactor.objects.get(programme=pilot, year=2021).rate * 1000 == 30
    page.get_by_role("link", name="Lag en ny fordelingskjøring").click()
    page.get_by_role("button", name="Lag kjøringen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1")
    assert AllocationRun.objects.get(programme=pilot).totals["2021"] == 40_489_000


def test_continuations_page_adds_an_exception(browser: Browser, live_server, pilot, people) -> None:
    page = signed_in_page(browser, live_server, people["directorate"])
    page.goto(live_server.url + "/programmes/pilot-2020/rules/continuations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Videreføringer")
    assert serious_violations(page) == []
    page.get_by_label("Kommune").select_option(label="Elverum (3420)")
    page.get_by_label("Ordning").select_option(index=1)
    page.locator("#id_continuation-year").select_option("2021")
    page.get_by_label("Beløp (kr)").fill("450 000")
    page.get_by_role("button", name="Registrer unntaket").click()
    expect(page.get_by_role("alert")).to_contain_text("Begrunnelse for unntaket: Oppgi en begrunnelse.")
    assert serious_violations(page) == []
    page.get_by_label("Begrunnelse for unntaket").fill("Flerårig prosjekt tildelt i 2019.")
    page.get_by_role("button", name="Registrer unntaket").click()
    expect(page.get_by_text("Videreføringen er registrert som et markert unntak.")).to_be_visible()
    expect(page.locator("#continuation-totals")).to_contain_text("450\u00a0000")
    shot(page, "continuations")
