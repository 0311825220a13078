"""One way to drive a browser in the tests: Debian's chromium through Playwright's sync API (never a browser that
``playwright install`` downloads), and one accessibility check with axe-core.

The fixtures ``browser`` and ``signed_in`` live in ``tests/conftest.py`` so that every test folder can use them;
a browser test module only sets ``pytestmark = BROWSER_TEST``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking")
MISSING = "needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium); `python3 dev.py test` " \
          "installs it when run as root"

# Browser tests need the live server's data to outlive each request's transaction.
BROWSER_TEST = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What "accessible" means in these tests: axe-core's WCAG 2.0/2.1 A and AA rules, plus its best practices; a
# violation of impact serious or critical fails a test.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
               "resultTypes": ["violations"]}
BLOCKING = frozenset({"serious", "critical"})
ANY_IMPACT = frozenset({"minor", "moderate", "serious", "critical"})


@contextmanager
def launch_chromium() -> Iterator:
    """A headless chromium; skips the test when Debian's chromium is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(MISSING)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django must still allow database access here.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_FLAGS))
        try:
            yield browser
        finally:
            browser.close()


def session_cookie(user, url: str) -> dict[str, str]:
    """A cookie that signs ``user`` in at ``url`` (made through Django's test client, not the login page)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": url}


def axe_findings(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options=AXE_OPTIONS).response["violations"]


def describe(violation: dict) -> str:
    return f"{violation['id']} [{violation.get('impact')}]: {violation['help']} ({len(violation['nodes'])} nodes)"


def axe_violations(page, impacts: frozenset[str] = BLOCKING) -> list[str]:
    """The axe-core violations on the page whose impact is in ``impacts``, described one per line ([] is clean)."""
    return [describe(v) for v in axe_findings(page) if v.get("impact") in impacts]


def screenshot(page, name: str) -> None:
    """Save a full-page screenshot when SAMLA_SCREENSHOTS names a folder (to look at the pages a test saw)."""
    if folder := os.environ.get("SAMLA_SCREENSHOTS"):
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
