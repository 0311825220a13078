"""Sign-in fixtures; the role personas come from tests/calls/conftest.py."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.calls import conftest as calls_conftest

PASSWORD = "riktig-hest-batteri-stift"


@pytest.fixture
def kari(db):
    """A local user with a password and an e-mail address, and no role."""
    return get_user_model().objects.create_user("kari", email="kari@kommune.example", password=PASSWORD,
                                                first_name="Kari", last_name="Nordmann")

world = calls_conftest.world  # the role personas, shared with tests/calls
