"""The lock page carries the current locked run it showed: a run locked by someone else while the page was open is
not superseded unseen; the page says so and nothing is locked."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from samla.accounts.models import Role
from samla.allocation import services
from samla.allocation.models import AllocationRun
from tests.personas import make_user


@pytest.mark.django_db
def test_a_run_locked_while_the_page_was_open_is_not_superseded_unseen(pilot) -> None:
    one, other = make_user("dir-a", Role.DIRECTORATE), make_user("dir-b", Role.DIRECTORATE)
    for _ in range(2):
        services.allocation_run_create(actor=one, programme=pilot)
    client = Client()
    client.force_login(one)
    url = f"/programmes/{pilot.slug}/runs/2/lock/"
    page = client.get(url).content.decode()
    current = re.search(r'name="current" value="([^"]*)"', page).group(1)
    assert current == "none"
    services.allocation_run_lock(actor=other, run=AllocationRun.objects.get(programme=pilot, number=1),
                                 reason="Vedtatt.")

    response = client.post(url, {"reason": "Ny versjon.", "confirm": "on", "current": current})

    assert response.status_code == 400
    assert "Kjøring 1 ble låst mens siden var åpen" in response.content.decode()
    assert not AllocationRun.objects.get(programme=pilot, number=2).is_locked
    response = client.post(url, {"reason": "Ny versjon.", "confirm": "on", "current": "1"})
    assert response.status_code == 302
    assert AllocationRun.objects.get(programme=pilot, number=2).supersedes.number == 1
