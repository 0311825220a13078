"""A municipality fills in and submits its reflection form in a real browser; axe-core finds no serious or
critical violations on the form or on the locked answers."""

from __future__ import annotations

from playwright.sync_api import expect

from samla.evaluation.models import Response
from tests.browser.support import BROWSER_TEST, axe_violations
from tests.evaluation.conftest import world  # noqa: F401  (the evaluation world fixture)

pytestmark = BROWSER_TEST


def test_a_municipality_fills_in_saves_and_submits(signed_in, live_server, world) -> None:  # noqa: F811
    page = signed_in(world.users["elverum"])
    page.goto(live_server.url + "/evaluation/")
    expect(page.get_by_role("heading", name="Kommunens refleksjonsskjemaer")).to_be_visible()
    page.get_by_role("link", name="Fyll ut (2020)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Refleksjonsskjema 2020")
    assert axe_violations(page) == []

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
    assert axe_violations(page) == []

    page.get_by_role("group", name="Hvem leder?").get_by_role("radio", name="Prosjektleder").check()
    page.get_by_label("Kommentarer").fill("Godt samarbeid mellom skole og helse.")
    expect(page.get_by_text("Ikke skriv inn personopplysninger om barn.")).to_be_visible()
    page.get_by_role("button", name="Send inn").click()
    expect(page.get_by_text("Takk. Skjemaet er sendt inn og låst.")).to_be_visible()
    expect(page.get_by_role("heading", name="Svar fra Elverum")).to_be_visible()
    expect(page.get_by_role("cell", name="Godt samarbeid mellom skole og helse.")).to_be_visible()
    assert axe_violations(page) == []
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    page.context.close()
