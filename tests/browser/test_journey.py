"""The whole process in a real browser, every actor signing in through the real login page, with axe-core
(WCAG 2.0/2.1 A and AA, and its best practices) on every page visited: no violation of impact serious or critical
is allowed.

county governor publishes a call → municipality writes, saves (also without JavaScript) and submits its
application and records the political decision → two resource-group members assess (the second sees the first's
assessment only after submitting) → county governor ranks and forwards → directorate decides, overriding a broken
rule with a reason → directorate makes an allocation run, locks it and generates award letters → the
municipality opens its award letter (PDF). Plus the language switch to English on one page.
"""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import BLOCKING, BROWSER_TEST, axe_findings

pytestmark = BROWSER_TEST

PASSWORDS = {
    "direktorat": "samla-demo-directorate", "statsforvalter-innlandet": "samla-demo-county-governor",
    "ressursgruppe-innlandet": "samla-demo-resource-group", "elverum": "samla-demo-municipality",
    "ressursgruppe-innlandet-2": "samla-demo-resource-group-2",
}
FIRST_COMMENT = "Tydelig forankret i ledelsen (første medlem)."


class AxeLog:
    """Runs axe on a page and keeps every serious or critical violation, to report them all at the end."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.minor: set[str] = set()
        self.pages: list[str] = []

    def check(self, page: Page, what: str) -> None:
        if not getattr(page.context, "javascript_enabled", True):
            return  # axe-core is JavaScript: pages seen without it are checked with it elsewhere in the journey
        self.pages.append(f"{what}: {page.url}")
        for v in axe_findings(page):
            if v.get("impact") not in BLOCKING:
                self.minor.add(f"{v['id']} [{v.get('impact')}] on {what}")
            else:
                nodes = "\n      ".join(f"{n['target']}: {n.get('failureSummary', '').splitlines()[-1:]}"
                                       for n in v["nodes"][:5])
                self.problems.append(f"{what} ({page.url}) – {v['id']} [{v['impact']}]: {v['help']}\n      {nodes}")

    def assert_clean(self) -> None:
        assert not self.problems, "axe-core found serious/critical WCAG violations:\n" + "\n".join(self.problems)


@pytest.fixture
def journey_world(live_server, settings, tmp_path):
    """The demo (``samla demo load``), a second resource-group member with a password, and a new programme
    round for Innlandet (open, no call yet) for the county governor to publish in."""
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from samla.accounts.models import Role, RoleAssignment
    from samla.allocation.models import Programme
    from samla.calls import services
    from samla.registry.models import Region

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO(), verbosity=0)
    User = get_user_model()
    director = User.objects.get(username="direktorat")
    innlandet = Region.objects.get(pk=RoleAssignment.objects.get(user__username="statsforvalter-innlandet").region_id)
    member = User.objects.create_user(username="ressursgruppe-innlandet-2",
                                      password=PASSWORDS["ressursgruppe-innlandet-2"])
    RoleAssignment.objects.create(user=member, role=Role.RESOURCE_GROUP, region=innlandet)
    programme = Programme.objects.create(slug="journey-2030", name="Programfinansiering 2030–2032",
                                         first_year=2030, last_year=2032)
    programme_round = services.programme_round_create(actor=director, programme=programme, regions=[innlandet],
                                                      criteria="Motivasjon og kapasitet.", population_year=2020)
    programme_round = services.programme_round_open(actor=director, programme_round=programme_round)
    return {"round": programme_round, "url": live_server.url}


def sign_in(browser: Browser, base: str, username: str, axe: AxeLog, *, javascript: bool = True) -> Page:
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    context.javascript_enabled = javascript
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    axe.check(page, "sign-in page")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[username])
    page.click("main form button[type=submit]")
    expect(page).not_to_have_url(base + "/accounts/login/")
    return page


def visit(page: Page, url: str, axe: AxeLog, what: str) -> None:
    page.goto(url)
    axe.check(page, what)


def submit(page: Page, axe: AxeLog, what: str, button: str = "main form button.button:not(.button--secondary)"):
    page.locator(button).last.click()
    page.wait_for_load_state()
    axe.check(page, what)


def test_the_whole_process_in_the_browser(browser: Browser, journey_world) -> None:
    from django.contrib.auth import get_user_model

    from samla.allocation.models import AwardLetter
    from samla.calls import services
    from samla.calls.models import Application, Assessment, Call, PoliticalDecision, SelectionDecision
    from samla.registry.models import Municipality

    base, programme_round = journey_world["url"], journey_world["round"]
    axe = AxeLog()

    # 1. The county governor publishes the call.
    gov = sign_in(browser, base, "statsforvalter-innlandet", axe)
    axe.check(gov, "county governor's landing page")
    visit(gov, f"{base}/work/", axe, "work dashboard (county governor)")
    visit(gov, f"{base}/work/rounds/{programme_round.pk}/", axe, "programme round")
    visit(gov, f"{base}/work/rounds/{programme_round.pk}/calls/new/", axe, "call form")
    deadline = datetime.datetime.now() + datetime.timedelta(days=60)
    gov.fill("input[name=case_number]", "Sak 2030/1")
    gov.fill("textarea[name=text]", "Statsforvalteren inviterer kommunene i Innlandet til å søke.")
    gov.fill("input[name=preliminary_deadline]", deadline.strftime("%Y-%m-%dT%H:%M"))
    gov.fill("input[name=final_deadline]", (deadline + datetime.timedelta(days=60)).strftime("%Y-%m-%dT%H:%M"))
    gov.fill("input[name='criteria-0-title']", "Motivasjon og kapasitet")
    submit(gov, axe, "published call")
    expect(gov.locator(".alert, [role=status], .messages").first).to_be_visible()
    call = Call.objects.get(programme_round=programme_round)
    assert gov.url.endswith(f"/work/calls/{call.pk}/")

    # 2. The municipality writes and saves its application ...
    mun = sign_in(browser, base, "elverum", axe)
    visit(mun, f"{base}/work/calls/{call.pk}/", axe, "call (municipality)")
    mun.locator(f"form[action$='/work/calls/{call.pk}/apply/'] button").click()
    mun.wait_for_load_state()
    axe.check(mun, "application form (new draft)")
    application = Application.objects.get(call=call)
    texts = {"development_work": "Elverum samler tjenestene for utsatte barn og unge.",
             "measures": "BTI med stafettlogg.", "challenge_picture": "Tjenestene arbeider hver for seg.",
             "self_assessment": "Vi har startet."}
    for name, text in texts.items():
        mun.fill(f"textarea[name={name}]", text)
    mun.fill("input[name='contacts-0-name']", "Kari Nordmann")
    mun.fill("input[name='contacts-0-role']", "Prosjektleder")
    mun.fill("input[name='contacts-0-email']", "kari@elverum.example")
    submit(mun, axe, "application form (saved)")
    application.refresh_from_db()
    assert application.measures == "BTI med stafettlogg." and application.contacts.count() == 1

    # ... and the same form works without JavaScript: add a contact row, change a text, save.
    nojs = sign_in(browser, base, "elverum", axe, javascript=False)
    visit(nojs, f"{base}/work/applications/{application.pk}/edit/", axe, "application form (no JavaScript)")
    nojs.click("button[name=add_contact]")
    nojs.wait_for_load_state()
    axe.check(nojs, "application form with an added contact row (no JavaScript)")
    expect(nojs.locator("input[name='contacts-1-name']")).to_be_visible()
    nojs.fill("input[name='contacts-1-name']", "Ola Nordmann")
    nojs.fill("input[name='contacts-1-role']", "Rektor")
    nojs.fill("input[name='contacts-1-email']", "ola@elverum.example")
    nojs.fill("textarea[name=measures]", "BTI med stafettlogg og familiekoordinator.")
    submit(nojs, axe, "application form saved (no JavaScript)")
    application.refresh_from_db()
    assert application.measures == "BTI med stafettlogg og familiekoordinator."
    assert application.contacts.count() == 2
    nojs.context.close()

    # ... submits it and records the political decision.
    visit(mun, f"{base}/work/applications/{application.pk}/", axe, "application (draft)")
    mun.locator(f"form[action$='/applications/{application.pk}/submit/'] button").click()
    mun.wait_for_load_state()
    axe.check(mun, "application (submitted)")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    visit(mun, f"{base}/work/applications/{application.pk}/political-decision/", axe, "political decision form")
    mun.fill("input[name=body]", "Kommunestyret")
    mun.fill("input[name=decided_on]", datetime.date.today().isoformat())
    mun.fill("input[name=case_reference]", "PS 12/30")
    submit(mun, axe, "political decision recorded")
    assert PoliticalDecision.objects.filter(application=application, case_reference="PS 12/30").exists()

    # A second applicant, without a political decision (the directorate will override that rule).
    nordre_land = Municipality.objects.filter(number="3448").order_by("-valid_from").first()
    other_user = get_user_model().objects.get(username="demo-kommune-3448")
    other = services.application_create(actor=other_user, call=call, municipality=nordre_land)
    other = services.application_save(actor=other_user, application=other, expected_version=other.version,
                                      contacts=[services.Contact(name="Per", role="Leder", email="p@nl.example")],
                                      **{k: f"{v} (Nordre Land)" for k, v in texts.items()})
    other = services.application_submit(actor=other_user, application=other, expected_version=other.version)

    # 3. Two resource-group members assess; the second sees the first's only after submitting.
    def assess(username: str, comment: str) -> Page:
        page = sign_in(browser, base, username, axe)
        visit(page, f"{base}/work/assessment/", axe, f"assessment list ({username})")
        visit(page, f"{base}/work/applications/{application.pk}/assess/", axe, f"assessment form ({username})")
        for radio in page.locator("main input[type=radio][value='4']").all():
            radio.check()
        page.check("input[name=recommendation][value=yes]")
        page.fill("textarea[name=comment]", comment)
        return page

    first = assess("ressursgruppe-innlandet", FIRST_COMMENT)
    submit(first, axe, "assessment submitted (first member)")
    assert Assessment.objects.filter(application=application).count() == 1
    second = assess("ressursgruppe-innlandet-2", "Gode tiltak (andre medlem).")
    expect(second.locator("main")).not_to_contain_text(FIRST_COMMENT)
    submit(second, axe, "assessment submitted (second member)")
    expect(second.locator("main")).to_contain_text(FIRST_COMMENT)
    assert Assessment.objects.filter(application=application).count() == 2

    # 4. The county governor ranks and forwards.
    visit(gov, f"{base}/work/calls/{call.pk}/recommendation/", axe, "recommendation form")
    gov.fill(f"input[name=rank_{application.pk}]", "1")
    gov.fill(f"input[name=rank_{other.pk}]", "2")
    gov.fill("textarea[name=comment]", "Elverum først.")
    gov.click("button[name=action][value=forward]")
    gov.wait_for_load_state()
    axe.check(gov, "recommendation forwarded")
    assert hasattr(Call.objects.get(pk=call.pk), "recommendation")

    # 5. The directorate decides, overriding the missing political decision with a reason.
    directorate = sign_in(browser, base, "direktorat", axe)
    visit(directorate, f"{base}/work/rounds/{programme_round.pk}/decision/", axe, "decision")
    directorate.check(f"#select-{application.pk}")
    directorate.check(f"#select-{other.pk}")
    directorate.click("button[name=action][value=check]")
    directorate.wait_for_load_state()
    axe.check(directorate, "decision with the rule check")
    overrides = directorate.locator("[data-violation] textarea")
    expect(overrides).to_have_count(1)
    overrides.first.fill("Vedtaket kommer i neste kommunestyremøte; deltakelsen forutsetter det.")
    directorate.fill("textarea[name=note]", "To kommuner deltar.")
    directorate.click("button[name=action][value=decide]")
    directorate.wait_for_load_state()
    axe.check(directorate, "decision recorded")
    decision = SelectionDecision.objects.get(programme_round=programme_round)
    assert decision.overrides.count() == 1 and decision.selected.count() == 2

    # 6. The directorate makes an allocation run, locks it and generates award letters.
    visit(directorate, f"{base}/programmes/pilot-2020/runs/", axe, "allocation runs")
    visit(directorate, f"{base}/programmes/pilot-2020/runs/new/", axe, "new allocation run")
    submit(directorate, axe, "allocation run made")
    assert "/programmes/pilot-2020/runs/2/" in directorate.url
    visit(directorate, f"{base}/programmes/pilot-2020/runs/2/lock/", axe, "lock form")
    directorate.fill("textarea[name=reason]", "Vedtatt tildeling.")
    directorate.check("input[name=confirm]")
    submit(directorate, axe, "allocation run locked")
    visit(directorate, f"{base}/programmes/pilot-2020/runs/compare/?runs=1&runs=2", axe, "run comparison")
    visit(directorate, f"{base}/programmes/pilot-2020/letters/", axe, "award letters")
    directorate.locator("main form button.button").first.click()
    directorate.wait_for_load_state()
    axe.check(directorate, "award letters generated")
    elverum = Municipality.objects.filter(number="3420").order_by("-valid_from").first()
    letter = AwardLetter.objects.filter(municipality=elverum).order_by("-version").first()
    assert letter.version == 2

    # 7. The municipality opens its award letter.
    visit(mun, f"{base}/programmes/pilot-2020/letters/", axe, "award letters (municipality)")
    link = mun.locator(f"a[href='/letters/{letter.pk}/']")
    expect(link).to_be_visible()
    pdf = mun.request.get(base + f"/letters/{letter.pk}/")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # The language switch: the municipality's work page in English.
    visit(mun, f"{base}/work/", axe, "work dashboard (bokmål)")
    expect(mun.locator("html")).to_have_attribute("lang", "nb")
    mun.get_by_role("button", name="English").click()
    mun.wait_for_load_state()
    expect(mun.locator("html")).to_have_attribute("lang", "en")
    axe.check(mun, "work dashboard (English)")

    print("\naxe-core checked:\n  " + "\n  ".join(axe.pages))
    print("moderate/minor findings (not failing):\n  " + "\n  ".join(sorted(axe.minor) or ["none"]))
    axe.assert_clean()


def test_the_axe_check_can_fail(browser: Browser) -> None:
    """The checker itself: a page with an unlabelled input and an image without text is reported."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content('<!doctype html><html lang="nb"><title>t</title><main><img src="x.png">'
                     '<input type="text"></main></html>')
    axe = AxeLog()
    axe.check(page, "broken page")
    context.close()
    assert any("image-alt" in p for p in axe.problems) and any("label" in p for p in axe.problems)
    with pytest.raises(AssertionError, match="image-alt"):
        axe.assert_clean()
