"""Passwords are stored with argon2 in production. The test suite swaps in a fast hasher (tests/conftest.py),
so this file checks the production setting itself, and that argon2 really hashes and verifies here."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings

from samla import settings as production_settings


def production_hashers() -> list[str]:
    # The settings module as written (override_settings changes django.conf.settings, not this module).
    return list(production_settings.PASSWORD_HASHERS)


def test_production_stores_passwords_with_argon2_first() -> None:
    hashers = production_hashers()
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.MD5PasswordHasher" not in hashers


def test_argon2_hashes_and_verifies_with_the_production_hashers() -> None:
    with override_settings(PASSWORD_HASHERS=production_hashers()):
        encoded = make_password("riktig-hest-batteri-stift")
        assert encoded.startswith("argon2$argon2id$")
        assert identify_hasher(encoded).algorithm == "argon2"
        assert check_password("riktig-hest-batteri-stift", encoded)
        assert not check_password("feil-hest-batteri-stift", encoded)


def test_the_suite_itself_uses_the_fast_hasher(settings) -> None:
    # If this fails, the override in tests/conftest.py is gone and every hash costs a third of a second.
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
