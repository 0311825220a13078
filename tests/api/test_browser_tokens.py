"""The token page and the API docs in a real browser: a token is created and works, no axe violations, and
the Swagger UI renders from local files with no request leaving the machine."""

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
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    user = get_user_model().objects.create(username="kari")
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="nb-NO")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    yield page
    context.close()


def _violations(page: Page) -> list[str]:
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a",
                                                                              "wcag21aa"]}})
    return [v["id"] for v in result.response["violations"]]


def test_create_a_token_see_it_once_and_revoke_it(page: Page, live_server) -> None:
    page.goto(live_server.url + "/api/tokens/")
    expect(page.get_by_role("heading", name="Personlige API-nøkler", level=1)).to_be_visible()
    assert _violations(page) == []
    page.get_by_role("button", name="Lag nøkkel").click()  # empty name: error summary
    expect(page.locator(".error-summary")).to_contain_text("Gi nøkkelen et navn.")
    assert _violations(page) == []
    page.get_by_label("Navn").fill("Rapportskript")
    page.get_by_role("button", name="Lag nøkkel").click()
    token = page.get_by_label("Nøkkel", exact=True).input_value()
    assert token.startswith("samla_")
    assert _violations(page) == []
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    page.get_by_role("button", name="Trekk tilbake Rapportskript").click()
    expect(page.locator(".messages")).to_contain_text("Nøkkelen «Rapportskript» er trukket tilbake.")
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_docs_render_without_leaving_the_machine(page: Page, live_server) -> None:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto(live_server.url + "/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Samla API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert outside == [] or all(u.startswith("data:") for u in outside), outside
