"""Five wrong passwords for one user name from one address lock that combination for 15 minutes."""

from __future__ import annotations

import datetime

from axes.models import AccessAttempt
from django.utils import timezone

from tests.accounts.conftest import PASSWORD

LOGIN = "/accounts/login/"


def fail(client, times: int, username: str = "kari", ip: str = "10.0.0.1", path: str = LOGIN):
    response = None
    for _ in range(times):
        response = client.post(path, {"username": username, "password": "feil-passord"}, REMOTE_ADDR=ip)
    return response


def test_the_settings_are_five_failures_fifteen_minutes_per_user_and_address(settings) -> None:
    assert settings.AUTHENTICATION_BACKENDS[0] == "samla.accounts.backends.LockoutBackend"
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_RESET_ON_SUCCESS is True
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_four_failures_do_not_lock(client, kari) -> None:
    assert fail(client, 4).status_code == 200
    response = client.post(LOGIN, {"username": "kari", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302


def test_five_failures_lock_even_the_right_password_out(client, kari) -> None:
    response = fail(client, 5)
    assert response.status_code == 429
    html = response.content.decode()
    assert "For mange mislykkede innloggingsforsøk" in html
    response = client.post(LOGIN, {"username": "kari", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_when_to_try_again(client, kari) -> None:
    response = fail(client, 5)
    last = AccessAttempt.objects.get(username="kari", ip_address="10.0.0.1").attempt_time
    until = timezone.localtime(last + datetime.timedelta(minutes=15))
    html = response.content.decode()
    assert f"Du kan prøve igjen etter klokken {until:%H:%M}" in html
    assert "15 minutter etter siste forsøk" in html
    assert response["Content-Type"].startswith("text/html")


def test_the_lock_is_per_user_name_and_address(client, kari, django_user_model) -> None:
    django_user_model.objects.create_user("ola", password=PASSWORD)
    fail(client, 5)
    other_address = client.post(LOGIN, {"username": "kari", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2")
    assert other_address.status_code == 302
    client.logout()
    other_user = client.post(LOGIN, {"username": "ola", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert other_user.status_code == 302


def test_a_success_resets_the_count(client, kari) -> None:
    fail(client, 4)
    assert client.post(LOGIN, {"username": "kari", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1").status_code == 302
    client.logout()
    assert fail(client, 4).status_code == 200


def test_the_lock_ends_after_the_cool_off(client, kari) -> None:
    fail(client, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    response = client.post(LOGIN, {"username": "kari", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302


def test_the_admin_sign_in_is_locked_too(client, django_user_model) -> None:
    django_user_model.objects.create_superuser("root", password=PASSWORD)
    response = fail(client, 5, username="root", path="/admin/login/")
    assert response.status_code == 429
    response = client.post("/admin/login/", {"username": "root", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
