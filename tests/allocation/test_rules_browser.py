"""The rules and continuations pages in a real browser: keyboard-reachable errors, no serious axe violations, and
the way from saved rules to a new allocation run."""

from __future__ import annotations

from playwright.sync_api import expect

from samla.allocation.models import AllocationRun, GrowthFactor
from tests.browser.support import BROWSER_TEST, axe_violations, screenshot

pytestmark = BROWSER_TEST


def test_directorate_corrects_an_error_saves_and_makes_a_run(signed_in, live_server, pilot, people) -> None:
    page = signed_in(people["directorate"])
    page.goto(live_server.url + "/programmes/pilot-2020/")
    page.get_by_role("link", name="Fordelingsregler").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fordelingsregler")
    expect(page.get_by_role("heading", name="Fordelingsmotoren godtar reglene")).to_be_visible()
    screenshot(page, "rules")
    assert axe_violations(page) == []

    page.get_by_label("Minstebeløp (kr)").fill("-5")
    page.get_by_role("group", name="2021 (vekst fra 2020)").get_by_label("Vekst (%)").fill("3,0")
    page.get_by_role("button", name="Lagre reglene").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Minstebeløp (kr): Beløpet kan ikke være negativt.")
    screenshot(page, "rules-error")
    assert axe_violations(page) == []
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


def test_continuations_page_adds_an_exception(signed_in, live_server, pilot, people) -> None:
    page = signed_in(people["directorate"])
    page.goto(live_server.url + "/programmes/pilot-2020/rules/continuations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Videreføringer")
    assert axe_violations(page) == []
    page.get_by_label("Kommune").select_option(label="Elverum (3420)")
    page.get_by_label("Ordning").select_option(index=1)
    page.locator("#id_continuation-year").select_option("2021")
    page.get_by_label("Beløp (kr)").fill("450 000")
    page.get_by_role("button", name="Registrer unntaket").click()
    expect(page.get_by_role("alert")).to_contain_text("Begrunnelse for unntaket: Oppgi en begrunnelse.")
    assert axe_violations(page) == []
    page.get_by_label("Begrunnelse for unntaket").fill("Flerårig prosjekt tildelt i 2019.")
    page.get_by_role("button", name="Registrer unntaket").click()
    expect(page.get_by_text("Videreføringen er registrert som et markert unntak.")).to_be_visible()
    expect(page.locator("#continuation-totals")).to_contain_text("450\u00a0000")
    screenshot(page, "continuations")
