"""The follow-up in a real browser (Debian's chromium), axe-core on every page: Elverum organises its project,
records two cooperation steps, adds a measure and submits its 2021 report; the county governor sends it back, the
municipality mends and submits it again, the county governor approves it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.support import BROWSER_TEST, axe_violations

pytestmark = BROWSER_TEST


def _clean(page: Page) -> None:
    assert axe_violations(page) == [], page.url


def test_organise_steps_measure_report_send_back_and_approve(signed_in, live_server, fw) -> None:
    project = fw.project
    municipality = signed_in(fw.users["elverum"])
    municipality.goto(f"{live_server.url}/followup/projects/{project.pk}/")
    expect(municipality.get_by_role("heading", name="Oppfølging av Elverum")).to_be_visible()
    _clean(municipality)

    # Organisation: a member of the steering group from culture.
    form = municipality.locator("#member-form")
    form.get_by_label("Organ").select_option("steering_group")
    form.get_by_label("Sektor").select_option("culture")
    form.get_by_label("Funksjon").fill("Kultursjef")
    form.get_by_role("button", name="Legg til i organiseringen").click()
    expect(municipality.get_by_text("Styringsgruppe: Kultursjef (Kultur og fritid)")).to_be_visible()

    # Two cooperation steps.
    for step, date, sectors in (("needs", "2019-11-05", ["Skole", "Helsetjenester", "Kultur og fritid"]),
                                ("challenges", "2020-01-14", ["Skole", "Barnevern"])):
        municipality.goto(f"{live_server.url}/followup/projects/{project.pk}/steps/{step}/")
        _clean(municipality)
        municipality.get_by_label("Dato").fill(date)
        for sector in sectors:
            municipality.get_by_role("group", name="Deltakende sektorer").get_by_label(sector, exact=True).check()
        municipality.get_by_label("Hva det ga").fill("Felles bilde av behovene.")
        municipality.get_by_role("button", name="Registrer steget").click()
        expect(municipality.get_by_text("Steget er registrert.")).to_be_visible()
    steps = municipality.locator(".steps-list")
    expect(steps.locator(".step--done")).to_have_count(2)

    # A measure; first without an age band (refused with the reason), then complete.
    municipality.goto(f"{live_server.url}/followup/projects/{project.pk}/measures/new/")
    _clean(municipality)
    municipality.get_by_label("Tittel").fill("Ung Arena")
    municipality.get_by_label("Beskrivelse").fill("Lavterskeltilbud for unge.")
    municipality.get_by_role("group", name="Forebyggingsnivå").get_by_label("Selektivt (grupper i risiko)").check()
    municipality.get_by_role("group", name="Ansvarlige sektorer").get_by_label("Helsetjenester").check()
    municipality.get_by_role("group", name="Nytt eller videreført").get_by_label("Nytt tiltak").check()
    municipality.get_by_role("group", name="Nyskaping").get_by_label("Nytt for kommunen").check()
    municipality.get_by_label("Planlagt start").fill("2020-03-01")
    municipality.get_by_label("Planlagt slutt").fill("2022-12-31")
    municipality.get_by_role("button", name="Lagre tiltaket").click()
    expect(municipality.locator(".error-summary")).to_contain_text("Velg minst én aldersgruppe.")
    _clean(municipality)
    municipality.get_by_role("group", name="Aldersgrupper tiltaket retter seg mot").get_by_label("13–18 år").check()
    municipality.get_by_role("button", name="Lagre tiltaket").click()
    expect(municipality.get_by_role("link", name="Ung Arena")).to_be_visible()

    # The 2021 report against the locked run's pot (2 784 000 kr).
    municipality.goto(f"{live_server.url}/followup/projects/{project.pk}/reports/2021/")
    expect(municipality.locator("#account-table")).to_contain_text("2\u00a0784\u00a0000")
    _clean(municipality)
    municipality.get_by_label("Brukt på Ung Arena (kroner)").fill("3 000 000")
    municipality.get_by_role("button", name="Lagre og send inn til statsforvalteren").click()
    expect(municipality.locator(".error-summary")).to_contain_text("Ingenting ble lagret")
    municipality.get_by_label("Brukt på Ung Arena (kroner)").fill("2 500 000")
    municipality.get_by_label("Overført til neste år (kroner)").fill("284 000")
    municipality.get_by_role("button", name="Lagre og send inn til statsforvalteren").click()
    expect(municipality.get_by_text("Rapporten er sendt inn.")).to_be_visible()

    # The county governor sends it back, then approves the mended report.
    governor = signed_in(fw.users["governor"])
    report_url = f"{live_server.url}/followup/projects/{project.pk}/reports/2021/"
    governor.goto(report_url)
    _clean(governor)
    governor.get_by_role("group", name="Beslutning").get_by_label("Send den tilbake til kommunen").check()
    governor.get_by_label("Kommentar til kommunen").fill("Forklar overføringen.")
    governor.get_by_role("button", name="Registrer vedtaket").click()
    expect(governor.get_by_text("Rapporten er sendt tilbake til kommunen.")).to_be_visible()

    municipality.goto(report_url)
    expect(municipality.get_by_text("Forklar overføringen.")).to_be_visible()
    municipality.get_by_label("Refleksjoner").fill("Overføringen gjelder høstens tiltak.")
    municipality.get_by_role("button", name="Lagre og send inn til statsforvalteren").click()
    expect(municipality.get_by_text("Rapporten er sendt inn.")).to_be_visible()

    governor.goto(report_url)
    governor.get_by_role("group", name="Beslutning").get_by_label("Godkjenn rapporten").check()
    governor.get_by_role("button", name="Registrer vedtaket").click()
    expect(governor.get_by_text("Rapporten er godkjent.")).to_be_visible()
    _clean(governor)
