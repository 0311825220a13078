"""In a real browser: the assessment form and the decision screen's live rule check (htmx), with axe-core
finding no serious or critical violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from samla.allocation.models import Participant
from samla.calls import services
from samla.calls.models import Assessment, SelectionDecision
from tests.browser.support import BROWSER_TEST, axe_violations
from tests.calls.conftest import decide_politically, write_application

pytestmark = BROWSER_TEST


@pytest.fixture
def forwarded(world, call):
    apps = {}
    for who in ("elverum", "tynset", "os"):
        apps[who] = write_application(world, call, who=who)
        if who != "os":
            decide_politically(world, apps[who], who=who)
    services.recommendation_forward(actor=world.users["governor"], call=call, ranking=list(apps.values()))
    return apps


def test_a_member_assesses_with_the_keyboard_friendly_form(signed_in, live_server, world, call) -> None:
    app = write_application(world, call)
    page = signed_in(world.users["resource"])
    page.goto(f"{live_server.url}/work/applications/{app.pk}/assess/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vurdering av Elverum")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send inn vurderingen").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Velg en poengsum fra 1 til 5.")
    summary.get_by_role("link").first.click()
    group = page.get_by_role("group", name="Kriterium 1: Motivasjon og kapasitet")
    expect(group.get_by_role("radio").first).to_be_focused()
    assert axe_violations(page) == []
    group.get_by_label("4").check()
    page.get_by_role("group", name="Kriterium 2: Politisk forankring").get_by_label("5 – i stor grad").check()
    page.get_by_label("Ja").check()
    page.get_by_role("button", name="Send inn vurderingen").click()
    expect(page.get_by_text("Vurderingen din av Elverum er sendt inn.")).to_be_visible()
    assert sorted(s.score for s in Assessment.objects.get().scores.all()) == [4, 5]


def test_the_decision_screen_checks_the_rules_live_and_needs_a_reason(signed_in, live_server, world,
                                                                      open_round, forwarded) -> None:
    page = signed_in(world.users["directorate"])
    page.goto(f"{live_server.url}/work/rounds/{open_round.pk}/decision/")
    assert axe_violations(page) == []
    check = page.locator("#selection-check")
    page.get_by_label("Velg Elverum").check()
    expect(check).to_contain_text("1 kommune er valgt.")
    expect(check).to_contain_text("Utvalget oppfyller alle reglene.")
    page.get_by_label("Velg Os").check()
    expect(check).to_contain_text("Os (3430) har ikke registrert politisk vedtak")
    assert page.url.endswith(f"/rounds/{open_round.pk}/decision/")  # htmx: no page load
    assert axe_violations(page) == []

    page.get_by_role("button", name="Fatt vedtak").click()
    expect(page.locator("#error-summary")).to_contain_text("Begrunn hvorfor regelen fravikes")
    assert not SelectionDecision.objects.exists()

    page.get_by_label("Begrunnelse for å fravike regelen").fill("Vedtaket behandles i kommunestyret i desember.")
    page.get_by_role("button", name="Fatt vedtak").click()
    expect(page.get_by_text("Vedtaket er endelig.")).to_be_visible()
    assert sorted(Participant.objects.values_list("municipality__number", flat=True)) == ["3420", "3430"]


def test_without_javascript_the_check_button_does_the_same(signed_in, live_server, world, open_round,
                                                           forwarded) -> None:
    page = signed_in(world.users["directorate"], javascript=False)
    page.goto(f"{live_server.url}/work/rounds/{open_round.pk}/decision/")
    page.get_by_label("Velg Os").check()
    page.get_by_role("button", name="Kontroller utvalget").click()
    expect(page.locator("#selection-check")).to_contain_text("Os (3430) har ikke registrert politisk vedtak")
    expect(page.get_by_label("Velg Os")).to_be_checked()
