"""allocation_run_create and allocation_run_lock: stored input and result, digests, locking for good."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from samla.allocation import services
from samla.allocation.models import AllocationRun, Continuation
from samla.allocation.runs import RunOptions
from samla.allocation.selectors import current_locked_run
from samla.audit.models import AuditEvent

TABLE2 = {"2020": 39_310_000, "2021": 40_529_000, "2022": 41_583_000}


def test_pilot_run_reproduces_table_2(pilot, people) -> None:
    run = services.allocation_run_create(actor=people["directorate"], programme=pilot)
    assert run.number == 1 and run.scenario == "as_run"
    assert run.totals == TABLE2 and run.total == 121_422_000
    assert run.result["cells"]["3420"]["2021"]["amount"] == 2_784_000
    assert len(run.result["municipalities"]) == 12
    spec = json.loads(run.input_json)
    assert spec["options"]["scenario"] == "as_run" and spec["spec"]["years"] == [2020, 2021, 2022]
    assert len(run.input_sha256) == 64 and run.created_by == people["directorate"]
    assert AuditEvent.objects.filter(action="allocation_run.create", object_id=str(run.pk)).count() == 1


def test_every_stored_explanation_sums_to_its_amount(pilot, people) -> None:
    from fractions import Fraction

    for scenario in ("as_run", "strict_pooling"):
        run = services.allocation_run_create(actor=people["directorate"], programme=pilot,
                                             options=RunOptions(scenario=scenario))
        for cells in run.result["cells"].values():
            for cell in cells.values():
                parts = cell["explanation"]["parts"]
                assert sum(Fraction(p["value"]) for p in parts) == cell["amount"] == cell["explanation"]["amount"]


def test_same_inputs_give_the_same_digest_and_amounts(pilot, people) -> None:
    first = services.allocation_run_create(actor=people["directorate"], programme=pilot)
    second = services.allocation_run_create(actor=people["directorate"], programme=pilot)
    assert second.number == 2
    assert (first.input_sha256, first.result_sha256) == (second.input_sha256, second.result_sha256)
    assert first.input_json == second.input_json and first.result["cells"] == second.result["cells"]


def test_changed_input_or_options_change_the_digest(pilot, people) -> None:
    base = services.allocation_run_create(actor=people["directorate"], programme=pilot)
    other = services.allocation_run_create(actor=people["directorate"], programme=pilot,
                                           options=RunOptions(residual_policy="largest_remainder"))
    assert other.input_sha256 != base.input_sha256
    Continuation.objects.filter(programme=pilot).first().delete()
    changed = services.allocation_run_create(actor=people["directorate"], programme=pilot)
    assert changed.input_sha256 != base.input_sha256


def test_scenarios(pilot, people) -> None:
    make = lambda scenario: services.allocation_run_create(  # noqa: E731
        actor=people["directorate"], programme=pilot, options=RunOptions(scenario=scenario))
    as_run, strict, without = make("as_run"), make("strict_pooling"), make("without_continuations")
    continued = sum(c.amount for c in Continuation.objects.filter(programme=pilot, year=2020))
    assert continued > 0
    assert strict.totals["2020"] == TABLE2["2020"] - continued
    assert without.totals == TABLE2 and not any("double financing" in w for w in without.warnings)
    assert any("double financing" in w for w in as_run.warnings)
    trondheim = strict.result["cells"]["5001"]["2020"]
    assert trondheim["amount"] == trondheim["programme"] - trondheim["continuations"]


def test_formula_without_decisions_is_refused_with_the_engine_message(pilot, people) -> None:
    pilot.budget = 39_310_000
    pilot.save()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.allocation_run_create(actor=people["directorate"], programme=pilot,
                                       options=RunOptions(use_decided=False))
    assert "hold-harmless cannot be met" in str(error.value)
    assert not AllocationRun.objects.exists()


@pytest.mark.parametrize("who", ["evaluator", "governor", "elverum", "outsider"])
def test_only_the_directorate_creates_and_locks(pilot, people, who) -> None:
    with pytest.raises(PermissionDenied):
        services.allocation_run_create(actor=people[who], programme=pilot)
    run = services.allocation_run_create(actor=people["directorate"], programme=pilot)
    with pytest.raises(PermissionDenied):
        services.allocation_run_lock(actor=people[who], run=run, reason="Vedtatt")
    run.refresh_from_db()
    assert not run.is_locked


def test_lock_needs_a_reason_and_is_audited(pilot, people) -> None:
    run = services.allocation_run_create(actor=people["directorate"], programme=pilot)
    with pytest.raises(ValidationError) as error:
        services.allocation_run_lock(actor=people["directorate"], run=run, reason="  ")
    assert services.LOCK_REASON_REQUIRED in error.value.messages
    run = services.allocation_run_lock(actor=people["directorate"], run=run, reason="Vedtatt av prosjektgruppen")
    assert run.is_locked and run.locked_by == people["directorate"] and current_locked_run(pilot) == run
    event = AuditEvent.objects.get(action="allocation_run.lock", object_id=str(run.pk))
    assert event.reason == "Vedtatt av prosjektgruppen" and event.before["locked_at"] is None


def test_a_locked_run_can_never_change(pilot, people) -> None:
    run = services.allocation_run_create(actor=people["directorate"], programme=pilot)
    run = services.allocation_run_lock(actor=people["directorate"], run=run, reason="Vedtatt")
    with pytest.raises(ValidationError):
        services.allocation_run_lock(actor=people["directorate"], run=run, reason="igjen")
    run.note = "endret"
    with pytest.raises(ValidationError):
        run.save()
    with pytest.raises(ValidationError):
        run.delete()
    # Below the model: the database refuses too (triggers on SQLite and PostgreSQL).
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationRun.objects.filter(pk=run.pk).update(total=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationRun.objects.filter(pk=run.pk).delete()
    run.refresh_from_db()
    assert run.total == 121_422_000 and run.note == ""


def test_an_unlocked_run_can_still_be_edited(pilot, people) -> None:
    run = services.allocation_run_create(actor=people["directorate"], programme=pilot)
    assert AllocationRun.objects.filter(pk=run.pk).update(note="utkast") == 1


def test_locking_a_newer_run_supersedes_the_old_one(pilot, people) -> None:
    d = people["directorate"]
    first = services.allocation_run_lock(actor=d, run=services.allocation_run_create(actor=d, programme=pilot),
                                         reason="Vedtak 2020")
    second = services.allocation_run_create(actor=d, programme=pilot, options=RunOptions(scenario="strict_pooling"))
    second = services.allocation_run_lock(actor=d, run=second, reason="Ny beregning etter klage")
    assert second.supersedes == first and current_locked_run(pilot) == second
    first.refresh_from_db()
    assert first.is_locked and first.lock_reason == "Vedtak 2020"
