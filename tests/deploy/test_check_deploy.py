"""``samla manage check --deploy`` is clean under the production settings (as ``samla serve --production``
sets them, behind HTTPS), and it does speak up when HTTPS is left off, so this test can fail."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.uses_database  # the check runs in a subprocess given this pass's DATABASE_URL


def _check_deploy(tmp_path, **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMLA_")}
    env.update(SAMLA_SECRET_KEY=secrets.token_urlsafe(50), SAMLA_DEBUG="0", SAMLA_STATIC_MANIFEST="1",
               SAMLA_REQUIRE_SECRET="1", SAMLA_ALLOWED_HOSTS="samla.example.no", SAMLA_REQUIRE_2FA="1",
               SAMLA_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="samla.settings", **extra)
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL", f"sqlite:///{tmp_path / 'samla.sqlite3'}")
    return subprocess.run([sys.executable, "-m", "samla.cli", "manage", "check", "--deploy", "--fail-level",
                           "WARNING"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_check_deploy_is_clean_under_the_production_settings(tmp_path) -> None:
    proc = _check_deploy(tmp_path, SAMLA_HTTPS="1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "System check identified no issues (0 silenced)." in proc.stdout


def test_check_deploy_is_clean_behind_a_reverse_proxy(tmp_path) -> None:
    proc = _check_deploy(tmp_path, SAMLA_HTTPS="1", SAMLA_PROXY_COUNT="1")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_check_deploy_warns_without_https(tmp_path) -> None:
    proc = _check_deploy(tmp_path)
    assert proc.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in proc.stderr + proc.stdout, check
