"""The token page and the API docs in a real browser: a token is created and works, no axe violations, and
the Swagger UI renders from local files with no request leaving the machine."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import Page, expect

from tests.browser.support import ANY_IMPACT, BROWSER_TEST, axe_violations

pytestmark = BROWSER_TEST


@pytest.fixture
def page(signed_in) -> Page:
    return signed_in(get_user_model().objects.create(username="kari"))


def test_create_a_token_see_it_once_and_revoke_it(page: Page, live_server) -> None:
    page.goto(live_server.url + "/api/tokens/")
    expect(page.get_by_role("heading", name="Personlige API-nøkler", level=1)).to_be_visible()
    assert axe_violations(page, ANY_IMPACT) == []
    page.get_by_role("button", name="Lag nøkkel").click()  # empty name: error summary
    expect(page.locator(".error-summary")).to_contain_text("Gi nøkkelen et navn.")
    assert axe_violations(page, ANY_IMPACT) == []
    page.get_by_label("Navn").fill("Rapportskript")
    page.get_by_role("button", name="Lag nøkkel").click()
    token = page.get_by_label("Nøkkel", exact=True).input_value()
    assert token.startswith("samla_")
    assert axe_violations(page, ANY_IMPACT) == []
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
