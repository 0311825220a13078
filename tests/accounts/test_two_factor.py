"""The second sign-in factor (samla/accounts/two_factor.py): setting it up, signing in with a code or a recovery
code, required for the directorate and system administrators with SAMLA_REQUIRE_2FA=1, never asked of OIDC
sign-ins, and reset by a system administrator; every step audited, a wrong code changing nothing."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samla.accounts import two_factor
from samla.accounts.models import Role
from samla.audit.models import AuditEvent
from tests.personas import make_user

PASSWORD = "riktig-hest-batteri-stift"
SETUP, VERIFY, HOME = "/accounts/two-factor/setup/", "/accounts/two-factor/verify/", "/accounts/two-factor/"


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def signed_in(username: str) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def enrol(client: Client, user) -> list[str]:
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    html = client.post(SETUP, {"code": code_for(device)}).content.decode()
    return re.findall(r"<li><code>(\w+)</code></li>", html)


@pytest.fixture
def director(db):
    return make_user("dir2fa", Role.DIRECTORATE, password=PASSWORD)


@pytest.fixture
def municipality_user(persona_places):
    return make_user("kom2fa", Role.MUNICIPALITY, municipality=persona_places.municipalities["elverum"],
                     password=PASSWORD)


def test_setting_up_shows_a_qr_code_and_a_key_and_a_wrong_code_changes_nothing(director) -> None:
    client = signed_in("dir2fa")
    html = client.get(SETUP).content.decode()
    assert "<svg" in html and 'id="totp-key"' in html and "Skann QR-koden" in html
    events = AuditEvent.objects.count()
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 400 and "Koden stemmer ikke" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=director, confirmed=True).exists()
    assert AuditEvent.objects.count() == events and not StaticToken.objects.exists()


def test_setting_up_gives_ten_recovery_codes_once_and_is_audited(director) -> None:
    client = signed_in("dir2fa")
    codes = enrol(client, director)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert two_factor.is_enrolled(director) and two_factor.recovery_codes_left(director) == 10
    event = AuditEvent.objects.get(action="two_factor.enrol")
    assert event.actor == director and event.after == {"two_factor": True, "recovery_codes": 10}
    assert not any(code in str(event.after) for code in codes)  # never the codes in the log
    assert client.get("/work/").status_code == 200  # this session is verified


def test_once_on_every_sign_in_asks_for_a_code_before_any_page(director) -> None:
    enrol(signed_in("dir2fa"), director)
    client = signed_in("dir2fa")
    response = client.get("/work/")
    assert response.status_code == 302 and response["Location"] == f"{VERIFY}?next=%2Fwork%2F"
    assert client.get("/api/programmes").status_code == 302  # the API by session owes the code too
    wrong = client.post(VERIFY, {"code": "123456", "next": "/work/"})
    assert wrong.status_code == 400 and "Koden stemmer ikke" in wrong.content.decode()
    device = TOTPDevice.objects.get(user=director)
    right = client.post(VERIFY, {"code": code_for(device, steps_ahead=1), "next": "/work/"})
    assert right.status_code == 302 and right["Location"] == "/work/"
    assert client.get("/work/").status_code == 200


def test_a_recovery_code_works_once_and_its_use_is_audited(director) -> None:
    codes = enrol(signed_in("dir2fa"), director)
    client = signed_in("dir2fa")
    assert client.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert two_factor.recovery_codes_left(director) == 9
    assert AuditEvent.objects.get(action="two_factor.recovery_code_used").after == {"recovery_codes_left": 9}
    again = signed_in("dir2fa")
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 400


def test_required_roles_are_sent_to_set_it_up_and_others_are_not(settings, director, municipality_user) -> None:
    settings.SAMLA_REQUIRE_2FA = True
    client = signed_in("dir2fa")
    response = client.get("/work/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    assert "Rollen din krever" in client.get(SETUP).content.decode()
    assert signed_in("kom2fa").get("/work/").status_code == 200  # a municipality user is not required
    enrol(client, director)
    assert client.get("/work/").status_code == 200
    off = client.post("/accounts/two-factor/turn-off/")
    assert off.status_code == 302 and two_factor.is_enrolled(director)  # required: cannot be turned off


def test_not_required_when_the_setting_is_off(director) -> None:
    assert signed_in("dir2fa").get("/work/").status_code == 200


def test_oidc_sign_ins_are_never_asked(settings, director, rf) -> None:
    """The session of an OpenID Connect sign-in names its backend; such a session owes no code."""
    from django.contrib.sessions.backends.db import SessionStore

    settings.SAMLA_REQUIRE_2FA = True
    request = rf.get("/work/")
    request.user, request.session = director, SessionStore()
    director.is_verified = lambda: False  # as django-otp's middleware sets it for a session without a code
    assert two_factor.what_is_missing(request) == "setup"
    request.session[BACKEND_SESSION_KEY] = two_factor.OIDC_BACKEND
    assert two_factor.what_is_missing(request) is None


def test_a_user_turns_it_off_when_not_required_and_it_is_audited(municipality_user) -> None:
    client = signed_in("kom2fa")
    enrol(client, municipality_user)
    assert client.post("/accounts/two-factor/turn-off/").status_code == 302
    assert not two_factor.is_enrolled(municipality_user) and not StaticToken.objects.exists()
    assert AuditEvent.objects.filter(action="two_factor.turn_off", actor=municipality_user).count() == 1


def test_new_recovery_codes_replace_the_old(director) -> None:
    client = signed_in("dir2fa")
    old = enrol(client, director)
    html = client.post("/accounts/two-factor/recovery-codes/").content.decode()
    new = re.findall(r"<li><code>(\w+)</code></li>", html)
    assert len(new) == 10 and not set(new) & set(old)
    assert signed_in("dir2fa").post(VERIFY, {"code": old[1]}).status_code == 400


def test_a_system_administrator_resets_it_with_a_reason_and_others_may_not(director) -> None:
    enrol(signed_in("dir2fa"), director)
    make_user("sysadm2fa", Role.SYSTEM_ADMIN, password=PASSWORD)
    url = f"/users/{director.pk}/two-factor/reset/"
    assert signed_in("sysadm2fa").post(url, {"reset-reason": ""}).status_code == 400  # no reason
    assert two_factor.is_enrolled(director)
    make_user("dir2fa-colleague", Role.DIRECTORATE, password=PASSWORD)
    response = signed_in("dir2fa-colleague").post(url, {"reset-reason": "Mistet telefonen."})
    assert response.status_code == 403 and two_factor.is_enrolled(director)
    admin = signed_in("sysadm2fa")
    assert "Tilbakestill andre faktor" in admin.get(f"/users/{director.pk}/").content.decode()
    assert admin.post(url, {"reset-reason": "Mistet telefonen."}).status_code == 302
    assert not two_factor.is_enrolled(director)
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert event.reason == "Mistet telefonen." and event.before == {"two_factor": True}
    assert signed_in("dir2fa").get("/work/").status_code == 200  # not required: signs in with the password
