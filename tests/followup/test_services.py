"""Follow-up services: the project, its organisation, measures, the cooperation steps, and the yearly report's
money against the locked run's pot; every refusal changes nothing, every change is audited."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from samla.audit.models import AuditEvent
from samla.followup import selectors, services
from samla.followup.models import CooperationStep, Measure, Member, Spending, YearlyReport
from samla.followup.services import PriorityInput
from tests.followup.conftest import measure_input

NOW = datetime.datetime(2023, 2, 1, 12, tzinfo=datetime.UTC)


def _counts():
    return (Measure.objects.count(), Member.objects.count(), CooperationStep.objects.count(),
            Spending.objects.count(), YearlyReport.objects.count(), AuditEvent.objects.count())


def test_a_project_is_started_once_by_its_own_municipality(fw) -> None:
    assert fw.project.municipality == fw.elverum
    assert AuditEvent.objects.filter(action="followup.project_start", object_id=str(fw.project.pk)).exists()
    with pytest.raises(ValidationError) as error:
        services.project_start(actor=fw.users["elverum"], programme=fw.pilot, municipality=fw.elverum)
    assert error.value.messages == [str(services.PROJECT_EXISTS)]
    with pytest.raises(PermissionDenied):
        services.project_start(actor=fw.users["elverum"], programme=fw.pilot, municipality=fw.trondheim)


def test_organisation_by_body_and_sector_and_the_breadth_matrix(fw) -> None:
    e = fw.users["elverum"]
    services.member_add(actor=e, project=fw.project, body="project_leader", sector="health", function="Prosjektleder")
    services.member_add(actor=e, project=fw.project, body="steering_group", sector="school", function="Kommunalsjef")
    services.member_add(actor=e, project=fw.project, body="working_group", sector="culture", function="Kulturkonsulent")
    services.step_record(actor=e, project=fw.project, step="needs", held_on=datetime.date(2019, 10, 1),
                         sectors=["health", "users", "health"], summary="Kartlegging.", now=NOW)
    breadth = selectors.breadth_of(fw.project)
    assert breadth.sectors_in("body", "steering_group") == ["school"]
    assert breadth.sectors_in("body", "working_group") == ["culture"]
    assert breadth.sectors_in("step", "needs") == ["health", "users"]
    assert breadth.sectors_in("step", "anchoring") == []
    with pytest.raises(PermissionDenied):
        services.member_add(actor=fw.users["tynset"], project=fw.project, body="steering_group", sector="school",
                            function="x")


@pytest.mark.parametrize(("changes", "message"), [
    ({"age_bands": []}, services.NO_AGE_BAND),
    ({"sectors_responsible": []}, services.NO_SECTOR),
    ({"planned_start": datetime.date(2019, 6, 1)}, services.OUTSIDE_PERIOD),
    ({"planned_end": datetime.date(2023, 6, 1)}, services.OUTSIDE_PERIOD),
    ({"planned_end": datetime.date(2019, 12, 31)}, services.OUTSIDE_PERIOD),
    ({"budgets": {2021: -5}}, services.NEGATIVE),
    ({"budgets": {2030: 5}}, services.BUDGET_YEAR),
    ({"age_bands": ["0-5", "toddlers"]}, services.UNKNOWN_CHOICE),
])
def test_a_bad_measure_is_refused_and_nothing_changes(fw, changes, message) -> None:
    before = _counts()
    with pytest.raises(ValidationError) as error:
        services.measure_create(actor=fw.users["elverum"], project=fw.project, data=measure_input(**changes))
    assert error.value.message == message
    assert _counts() == before


def test_a_measure_with_its_budget_and_a_stale_save(fw) -> None:
    e = fw.users["elverum"]
    measure = services.measure_create(actor=e, project=fw.project, data=measure_input())
    assert {b.year: b.amount for b in measure.budgets.all()} == {2020: 800_000, 2021: 900_000}
    assert measure.age_bands == ["0-5", "6-12"]
    updated = services.measure_update(actor=e, measure=measure, expected_version=1,
                                      data=measure_input(title="BTI", budgets={2022: 100}))
    assert updated.version == 2 and {b.year for b in updated.budgets.all()} == {2022}
    with pytest.raises(ValidationError) as error:
        services.measure_update(actor=e, measure=measure, expected_version=1, data=measure_input(title="Mine"))
    assert error.value.code == "stale_version"
    assert Measure.objects.get(pk=measure.pk).title == "BTI"


def test_each_cooperation_step_once_with_sectors_and_priorities(fw) -> None:
    e = fw.users["elverum"]
    step = services.step_record(
        actor=e, project=fw.project, step="priorities", held_on=datetime.date(2020, 2, 3), sectors=["school", "nav"],
        summary="Prioriterte tre tiltak.", decided_by="Styringsgruppen",
        priorities=[PriorityInput("Ung Arena", 600_000, 1, True), PriorityInput("Familiekoordinator", 400_000, 2)],
        now=NOW)
    assert [(p.proposal, p.rank, p.chosen) for p in step.priorities.all()] == [("Ung Arena", 1, True),
                                                                              ("Familiekoordinator", 2, False)]
    with pytest.raises(ValidationError) as error:
        services.step_record(actor=e, project=fw.project, step="priorities", held_on=datetime.date(2020, 2, 3),
                             sectors=["school"], summary="Igjen.", now=NOW)
    assert error.value.message == services.STEP_DONE
    for bad in ({"sectors": []}, {"held_on": datetime.date(2024, 1, 1)}, {"held_on": datetime.date(2017, 1, 1)}):
        args = {"sectors": ["school"], "held_on": datetime.date(2020, 3, 1), **bad}
        with pytest.raises(ValidationError):
            services.step_record(actor=e, project=fw.project, step="users", summary="x", now=NOW, **args)
    statuses = selectors.steps_of(fw.project)
    assert [s.step for s in statuses if s.done] == ["priorities"]


def _report_with_spending(fw, spent: int, carry_out: int = 0, year: int = 2021):
    e = fw.users["elverum"]
    measure = services.measure_create(actor=e, project=fw.project, data=measure_input())
    report = services.report_open(actor=e, project=fw.project, year=year)
    return measure, services.report_save(actor=e, report=report, expected_version=report.version,
                                         spending={measure.pk: spent}, carry_out=carry_out, reflections="Bra år.")


def test_the_pot_is_the_locked_runs_and_the_money_reconciles(fw) -> None:
    measure, report = _report_with_spending(fw, 2_500_000, carry_out=200_000)
    account = selectors.account_of(report)
    assert account.pot == 2_784_000  # Table 2: Elverum 2021
    assert (account.spent_total, account.carry_out, account.repay) == (2_500_000, 200_000, 84_000)
    assert account.pot + account.carry_in == account.spent_total + account.carry_out + account.repay


def test_spending_above_what_is_available_is_refused_and_nothing_is_stored(fw) -> None:
    e = fw.users["elverum"]
    measure, report = _report_with_spending(fw, 1_000)
    before = _counts()
    with pytest.raises(ValidationError) as error:
        services.report_save(actor=e, report=report, expected_version=report.version, spending={measure.pk: 2_784_001},
                             carry_out=0, reflections="")
    assert error.value.code == "money" and "2 784 001" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        services.report_save(actor=e, report=report, expected_version=report.version, spending={measure.pk: -1},
                             carry_out=0, reflections="")
    assert error.value.message == services.NEGATIVE
    assert _counts() == before and Spending.objects.get(report=report).amount == 1_000


def test_nothing_is_carried_from_the_last_year(fw) -> None:
    with pytest.raises(ValidationError) as error:
        _report_with_spending(fw, 1_000, carry_out=5, year=2022)
    assert error.value.message == services.LAST_YEAR_NO_CARRY


def test_submit_return_approve_reopen_and_clawback(fw) -> None:
    e, gov = fw.users["elverum"], fw.users["governor"]
    measure, report = _report_with_spending(fw, 2_000_000, carry_out=0)
    report = services.report_submit(actor=e, report=report, expected_version=report.version, now=NOW)
    with pytest.raises(ValidationError):  # a submitted report is immutable
        services.report_save(actor=e, report=report, expected_version=report.version, spending={}, carry_out=0,
                             reflections="")
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=fw.users["governor_other"], report=report)
    with pytest.raises(ValidationError) as error:
        services.report_return(actor=gov, report=report, comment="  ")
    assert error.value.message == services.COMMENT_REQUIRED
    report = services.report_return(actor=gov, report=report, comment="Forklar avviket.", now=NOW)
    assert report.status == "returned" and report.review_comment == "Forklar avviket."
    report = services.report_save(actor=e, report=report, expected_version=report.version,
                                  spending={measure.pk: 2_000_000}, carry_out=0, reflections="Forklart.")
    report = services.report_submit(actor=e, report=report, expected_version=report.version, now=NOW)
    report = services.report_approve(actor=gov, report=report, now=NOW)
    with pytest.raises(ValidationError) as error:
        services.clawback_decide(actor=gov, report=report, amount=784_001, reason="Ubrukt.",
                                 legal_basis="Tilsagnsbrevet, vilkår 4")
    assert error.value.code == "above_repay"
    clawback = services.clawback_decide(actor=gov, report=report, amount=784_000, reason="Ubrukt.",
                                        legal_basis="Tilsagnsbrevet, vilkår 4", now=NOW)
    assert clawback.amount == selectors.account_of(report).repay == 784_000
    report = services.report_reopen(actor=gov, report=report, reason="Feil i tallene.", now=NOW)
    assert report.status == "draft" and report.reopenings.count() == 1
    actions = list(AuditEvent.objects.filter(object_type="followup.yearlyreport", object_id=str(report.pk))
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["followup.report_open", "followup.report_save", "followup.report_submit",
                       "followup.report_return", "followup.report_save", "followup.report_submit",
                       "followup.report_approve", "followup.report_reopen"]


def test_late_reports_and_reminders_by_email(fw) -> None:
    fw.users["elverum"].email = "post@elverum.example"
    fw.users["elverum"].save()
    late = selectors.late_reports(fw.pilot, datetime.date(2022, 3, 2), [fw.elverum.region_id])
    assert {(p.municipality.number, y) for p, y, _ in late} == {("3420", 2020), ("3420", 2021), ("3427", 2020),
                                                               ("3427", 2021)}
    sent = services.reports_remind(actor=fw.users["governor"], programme=fw.pilot, today=datetime.date(2022, 3, 2))
    assert sent == 2 and len(mail.outbox) == 2 and mail.outbox[0].to == ["post@elverum.example"]
    with pytest.raises(PermissionDenied):
        services.reports_remind(actor=fw.users["elverum"], programme=fw.pilot)


def test_comments_from_the_competence_centre_of_the_region_only(fw) -> None:
    services.comment_add(actor=fw.users["centre"], project=fw.project, text="Se på BTI-veilederen.")
    for who in ("centre_other", "elverum", "resource", "evaluator"):
        with pytest.raises(PermissionDenied):
            services.comment_add(actor=fw.users[who], project=fw.project, text="x")
