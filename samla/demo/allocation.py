"""The demo's allocation step: the pilot's allocation as decided, through the allocation app's services."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from samla.allocation.models import AllocationRun, Programme
from samla.allocation.services import allocation_run_create, allocation_run_lock, award_letters_generate


def demo_load_allocation(programme: Programme) -> list[str]:
    """One locked run (Table 2) and the award letters made from it; nothing when the programme has a run."""
    if AllocationRun.objects.filter(programme=programme).exists():
        return []
    director = get_user_model().objects.get(username="direktorat")
    run = allocation_run_create(actor=director, programme=programme,
                                note="Demo: the pilot's allocation 2020–2022 as published (Table 2).")
    allocation_run_lock(actor=director, run=run, reason="Tildelingen 2020–2022 slik den ble vedtatt.")
    letters = award_letters_generate(actor=director, programme=programme)
    return [f"Allocation run {run.number} locked; {len(letters)} award letters made."]
