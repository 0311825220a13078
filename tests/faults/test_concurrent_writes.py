"""Two people doing the same thing at the same moment, each in their own thread and database connection: exactly
one wins, the other gets the clear message the page shows, and nothing is doubled.

Each test pauses a step inside the service (``slow``), after the checks a race would slip through, so the two
transactions overlap for certain: without the locks both would pass "not decided yet" / "no letter yet" / "not
locked yet" before either commits.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from samla.accounts.models import Role
from samla.audit.models import AuditEvent
from tests.calls.conftest import BEFORE_DEADLINE, decide_politically, write_application
from tests.faults.conftest import slow
from tests.personas import make_user


def _codes(outcomes) -> list[str]:
    return sorted(o.error.code if isinstance(o.error, ValidationError) else repr(o.error) for o in outcomes
                  if not o.ok)


# --- Selection decision ------------------------------------------------------------------------------------

def test_two_directorate_users_deciding_one_round_at_once(at_once, world, call, monkeypatch) -> None:
    from samla.allocation.models import Participant
    from samla.calls import services
    from samla.calls.models import SelectionDecision

    apps = {}
    for who in ("elverum", "tynset", "hamar"):
        apps[who] = write_application(world, call, who=who)
        decide_politically(world, apps[who], who=who)
    services.recommendation_forward(actor=world.users["governor"], call=call, ranking=list(apps.values()))
    second = make_user("dir-2", Role.DIRECTORATE)
    slow(monkeypatch, "samla.calls.services._participants_add")
    programme_round = call.programme_round

    def decide(actor, names):
        return lambda: services.selection_decide(actor=actor, programme_round=programme_round,
                                                 selected=[apps[n] for n in names])

    outcomes = at_once(decide(world.users["directorate"], ["elverum", "tynset"]), decide(second, ["hamar"]))

    assert [o.ok for o in outcomes].count(True) == 1
    assert _codes(outcomes) == ["decision_exists"]
    decision = SelectionDecision.objects.get(programme_round=programme_round)
    winner = next(o.value for o in outcomes if o.ok)
    assert decision.pk == winner.pk
    assert Participant.objects.filter(programme=programme_round.programme).count() == decision.selected.count()
    assert AuditEvent.objects.filter(action="selection.decide").count() == 1


# --- Municipality: submitting and recording the political decision -----------------------------------------

def test_two_municipality_users_submitting_one_application_at_once(at_once, world, call, monkeypatch) -> None:
    from samla.calls import services
    from samla.calls.models import Application

    draft = write_application(world, call, submit=False)
    colleague = make_user("u-elverum-2", Role.MUNICIPALITY, municipality=world.municipalities["elverum"])
    slow(monkeypatch, "samla.calls.services._check_open_for")

    def submit(actor):
        return lambda: services.application_submit(actor=actor, application=draft, expected_version=draft.version,
                                                   now=BEFORE_DEADLINE)

    outcomes = at_once(submit(world.users["elverum"]), submit(colleague))

    assert [o.ok for o in outcomes].count(True) == 1
    assert _codes(outcomes) == ["stale_version"]  # "someone else saved this application after you opened it"
    stored = Application.objects.get(pk=draft.pk)
    assert stored.status == Application.Status.SUBMITTED and stored.version == draft.version + 1
    assert AuditEvent.objects.filter(action="application.submit").count() == 1


def test_two_municipality_users_recording_the_political_decision_at_once(at_once, world, call, monkeypatch) -> None:
    from samla.calls.models import PoliticalDecision

    application = write_application(world, call)
    colleague = make_user("u-elverum-2", Role.MUNICIPALITY, municipality=world.municipalities["elverum"])
    world.users["colleague"] = colleague
    slow(monkeypatch, "samla.calls.services._check_open_for")

    outcomes = at_once(lambda: decide_politically(world, application),
                       lambda: decide_politically(world, application, who="colleague"))

    assert [o.ok for o in outcomes].count(True) == 1
    assert _codes(outcomes) == ["decision_exists"]
    assert PoliticalDecision.objects.filter(application=application).count() == 1
    assert AuditEvent.objects.filter(action="political_decision.record").count() == 1


# --- Allocation runs and award letters ---------------------------------------------------------------------

@pytest.fixture
def directors(pilot):
    return make_user("dir-a", Role.DIRECTORATE), make_user("dir-b", Role.DIRECTORATE)


def _locked_runs(programme) -> list[tuple[int, int | None]]:
    from samla.allocation.models import AllocationRun

    return sorted(AllocationRun.objects.filter(programme=programme, locked_at__isnull=False)
                  .values_list("number", "supersedes__number"))


def test_two_directorate_users_locking_one_run_at_once(at_once, pilot, directors, monkeypatch) -> None:
    from samla.allocation import services

    run = services.allocation_run_create(actor=directors[0], programme=pilot)
    slow(monkeypatch, "samla.allocation.services.current_locked_run")

    outcomes = at_once(*(lambda d=d: services.allocation_run_lock(actor=d, run=run, reason="Vedtatt.",
                                                                  expected_current=None) for d in directors))

    assert [o.ok for o in outcomes].count(True) == 1
    assert _codes(outcomes) == ["locked"]  # "Run 1 is locked and can never change."
    assert _locked_runs(pilot) == [(1, None)]
    assert AuditEvent.objects.filter(action="allocation_run.lock").count() == 1


def test_two_directorate_users_locking_two_runs_of_one_programme_at_once(at_once, pilot, directors,
                                                                         monkeypatch) -> None:
    """Each saw run 1 as the current allocation; the first lock wins, the second is told run N was locked
    meanwhile instead of superseding it unseen."""
    from samla.allocation import services

    first = services.allocation_run_create(actor=directors[0], programme=pilot)
    services.allocation_run_lock(actor=directors[0], run=first, reason="Vedtatt.")
    runs = [services.allocation_run_create(actor=d, programme=pilot) for d in directors]
    slow(monkeypatch, "samla.allocation.services.current_locked_run")

    outcomes = at_once(*(lambda d=d, r=r: services.allocation_run_lock(actor=d, run=r, reason="Ny versjon.",
                                                                       expected_current=1)
                         for d, r in zip(directors, runs, strict=True)))

    assert [o.ok for o in outcomes].count(True) == 1
    assert _codes(outcomes) == ["locked_meanwhile"]
    winner = next(o.value for o in outcomes if o.ok)
    loser = next(o.error for o in outcomes if not o.ok)
    assert loser.params == {"number": winner.number}
    assert _locked_runs(pilot) == [(1, None), (winner.number, 1)]
    assert AuditEvent.objects.filter(action="allocation_run.lock").count() == 2


def test_two_locks_at_once_without_the_page_never_both_supersede_one_run(at_once, pilot, directors,
                                                                         monkeypatch) -> None:
    """Called without ``expected_current`` (no page in between), the locks are taken one after the other: the
    second supersedes the first, so there is still one chain and one current allocation."""
    from samla.allocation import services
    from samla.allocation.selectors import current_locked_run

    runs = [services.allocation_run_create(actor=d, programme=pilot) for d in directors]
    slow(monkeypatch, "samla.allocation.services.current_locked_run")

    outcomes = at_once(*(lambda d=d, r=r: services.allocation_run_lock(actor=d, run=r, reason="Vedtatt.")
                         for d, r in zip(directors, runs, strict=True)))

    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    first, second = sorted((o.value for o in outcomes), key=lambda r: r.locked_at)
    assert _locked_runs(pilot) == sorted([(first.number, None), (second.number, first.number)])
    assert current_locked_run(pilot).number == second.number


def test_two_directorate_users_generating_letters_at_once(at_once, pilot, directors, monkeypatch) -> None:
    from samla.allocation import services
    from samla.allocation.models import AwardLetter

    run = services.allocation_run_create(actor=directors[0], programme=pilot)
    services.allocation_run_lock(actor=directors[0], run=run, reason="Vedtatt.")
    slow(monkeypatch, "samla.allocation.services.current_locked_run")

    outcomes = at_once(*(lambda d=d: services.award_letters_generate(actor=d, programme=pilot) for d in directors))

    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    made = sorted(len(o.value) for o in outcomes)
    assert made == [0, 12]  # the second finds every letter made: "Every participant already has a letter ..."
    assert AwardLetter.objects.filter(programme=pilot).count() == 12
    assert set(AwardLetter.objects.values_list("version", flat=True)) == {1}
    assert AuditEvent.objects.filter(action="award_letter.create").count() == 12
