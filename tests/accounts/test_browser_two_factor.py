"""The second factor in a real browser: a directorate user, required to have it (SAMLA_REQUIRE_2FA=1), sets it
up from the QR code's key after the password, keeps the recovery codes, and at the next sign-in types a code;
a wrong code is refused. axe checks the set-up and code pages."""

from __future__ import annotations

import base64
import time

from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from samla.accounts.models import Role, RoleAssignment
from tests.accounts.conftest import PASSWORD
from tests.browser.support import BROWSER_TEST, axe_violations

pytestmark = BROWSER_TEST


def code_from_key(shown: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key as the set-up page shows it (base32, in groups)."""
    secret = "".join(shown.split())
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def sign_in(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_label("Brukernavn").fill("dina")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()


def test_set_up_after_the_password_then_sign_in_with_a_code(page: Page, live_server, django_user_model,
                                                            settings) -> None:
    settings.SAMLA_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = django_user_model.objects.create_user("dina", password=PASSWORD, first_name="Dina", last_name="Direktør")
    RoleAssignment.objects.create(user=user, role=Role.DIRECTORATE)

    sign_in(page, live_server.url + "/audit/")
    expect(page.get_by_role("heading", name="Sett opp andre faktor")).to_be_visible()
    expect(page.get_by_text("Rollen din krever en andre faktor.")).to_be_visible()
    expect(page.get_by_role("img", name="QR-kode for autentiseringsappen")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(live_server.url + "/audit/")  # no other page opens before it is set up
    expect(page.get_by_role("heading", name="Sett opp andre faktor")).to_be_visible()

    key = page.locator("#totp-key").inner_text()
    page.get_by_label("Kode").fill(code_from_key(key))
    page.get_by_role("button", name="Slå på andre faktor").click()
    expect(page.get_by_role("heading", name="Gjenopprettingskodene dine")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Jeg har tatt vare på kodene, gå videre").click()
    expect(page.get_by_role("heading", name="Revisjonslogg", level=1)).to_be_visible()

    page.get_by_role("button", name="Logg ut").click()
    sign_in(page, live_server.url + "/audit/")
    expect(page.get_by_role("heading", name="Kode fra autentiseringsappen")).to_be_visible()
    page.get_by_label("Kode").fill("000000")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("alert")).to_contain_text("Koden stemmer ikke.")
    assert axe_violations(page) == []
    page.get_by_label("Kode").fill(code_from_key(key, steps_ahead=1))
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", name="Revisjonslogg", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="Andre innloggingsfaktor satt opp").first).to_be_visible()
