"""Applications: drafts, optimistic locking, submission deadlines, extensions, reopening, political decision."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samla.calls import services
from samla.calls.models import Application, ApplicationReopening
from samla.calls.selectors import political_decision_of
from tests.calls.conftest import (
    AFTER_DEADLINE,
    AFTER_FINAL,
    BEFORE_DEADLINE,
    CONTACTS,
    FULL_TEXT,
    decide_politically,
    write_application,
)


def test_a_municipality_saves_drafts_and_each_save_raises_the_version(world, call) -> None:
    app = write_application(world, call, submit=False)
    assert app.version == 2 and app.status == Application.Status.DRAFT
    app = services.application_save(actor=world.users["elverum"], application=app, expected_version=2,
                                    measures="Nye tiltak.", now=BEFORE_DEADLINE)
    app.refresh_from_db()
    assert (app.version, app.measures, app.development_work) == (3, "Nye tiltak.", FULL_TEXT["development_work"])
    assert [c.name for c in app.contacts.all()] == ["Kari Nordmann"]


def test_a_save_naming_an_older_version_is_refused_so_nobody_overwrites_a_colleague(world, call) -> None:
    app = write_application(world, call, submit=False)
    first = Application.objects.get(pk=app.pk)
    second = Application.objects.get(pk=app.pk)
    services.application_save(actor=world.users["elverum"], application=first, expected_version=first.version,
                              measures="Kollega A", now=BEFORE_DEADLINE)
    with pytest.raises(ValidationError) as exc:
        services.application_save(actor=world.users["elverum"], application=second,
                                  expected_version=second.version, measures="Kollega B", now=BEFORE_DEADLINE)
    assert exc.value.messages == [services.STALE_VERSION]
    assert Application.objects.get(pk=app.pk).measures == "Kollega A"


def test_submitting_with_a_stale_version_is_refused(world, call) -> None:
    app = write_application(world, call, submit=False)
    with pytest.raises(ValidationError, match="someone else saved"):
        services.application_submit(actor=world.users["elverum"], application=app, expected_version=1,
                                    now=BEFORE_DEADLINE)


def test_time_is_taken_from_the_clock_when_not_given(world, call) -> None:
    app = write_application(world, call, submit=False)
    with mock.patch("django.utils.timezone.now", return_value=AFTER_DEADLINE), \
            pytest.raises(ValidationError, match="deadline has passed"):
        services.application_submit(actor=world.users["elverum"], application=app, expected_version=app.version)


def test_submitting_after_the_deadline_without_an_extension_is_refused(world, call) -> None:
    app = write_application(world, call, submit=False)
    with pytest.raises(ValidationError) as exc:
        services.application_submit(actor=world.users["elverum"], application=app, expected_version=app.version,
                                    now=AFTER_DEADLINE)
    assert exc.value.messages == [services.DEADLINE_PASSED]


def test_submitting_after_the_deadline_works_with_the_governors_extension_for_that_municipality(world, call):
    elverum = write_application(world, call, submit=False)
    tynset = write_application(world, call, who="tynset", submit=False)
    services.deadline_extension_grant(actor=world.users["governor"], call=call,
                                      municipality=world.municipalities["elverum"],
                                      until=AFTER_DEADLINE + datetime.timedelta(days=1),
                                      reason="Kommunestyremøtet ble flyttet.", now=AFTER_DEADLINE)
    done = services.application_submit(actor=world.users["elverum"], application=elverum,
                                       expected_version=elverum.version, now=AFTER_DEADLINE)
    assert done.status == Application.Status.SUBMITTED and done.submitted_at == AFTER_DEADLINE
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.application_submit(actor=world.users["tynset"], application=tynset,
                                    expected_version=tynset.version, now=AFTER_DEADLINE)


def test_only_the_county_governor_of_the_region_grants_an_extension(world, call) -> None:
    for who in ("elverum", "resource", "governor_other_region", "directorate"):
        with pytest.raises(PermissionDenied, match=services.NOT_COUNTY_GOVERNOR):
            services.deadline_extension_grant(actor=world.users[who], call=call,
                                              municipality=world.municipalities["elverum"],
                                              until=AFTER_DEADLINE, reason="x", now=AFTER_DEADLINE)


def test_an_incomplete_application_cannot_be_submitted(world, call) -> None:
    app = services.application_create(actor=world.users["elverum"], call=call,
                                      municipality=world.municipalities["elverum"], now=BEFORE_DEADLINE)
    with pytest.raises(ValidationError) as exc:
        services.application_submit(actor=world.users["elverum"], application=app, expected_version=1,
                                    now=BEFORE_DEADLINE)
    assert exc.value.messages == [services.APPLICATION_INCOMPLETE]


def test_a_submitted_application_cannot_be_edited(world, call) -> None:
    app = write_application(world, call)
    with pytest.raises(ValidationError) as exc:
        services.application_save(actor=world.users["elverum"], application=app, expected_version=app.version,
                                  measures="Endret i smug", now=BEFORE_DEADLINE)
    assert exc.value.messages == [services.APPLICATION_NOT_DRAFT]


def test_a_recorded_reopening_lets_the_municipality_edit_again(world, call) -> None:
    app = write_application(world, call)
    reopened = services.application_reopen(actor=world.users["governor"], application=app,
                                           reason="Kommunen ba om å rette et vedlegg.", now=BEFORE_DEADLINE)
    assert reopened.status == Application.Status.DRAFT and reopened.submitted_at is None
    reopening = ApplicationReopening.objects.get(application=app)
    assert (reopening.reopened_by, reopening.reason) == (world.users["governor"], "Kommunen ba om å rette et vedlegg.")
    services.application_save(actor=world.users["elverum"], application=reopened,
                              expected_version=reopened.version, measures="Rettet", now=BEFORE_DEADLINE)


def test_a_reopening_needs_a_reason_and_the_county_governor_of_the_region(world, call) -> None:
    app = write_application(world, call)
    with pytest.raises(ValidationError, match=services.REASON_REQUIRED):
        services.application_reopen(actor=world.users["governor"], application=app, reason=" ")
    for who in ("elverum", "governor_other_region", "resource"):
        with pytest.raises(PermissionDenied):
            services.application_reopen(actor=world.users[who], application=app, reason="x")


def test_a_municipality_cannot_act_on_another_municipalitys_application_by_guessing_its_id(world, call) -> None:
    app = write_application(world, call, submit=False)
    guessed = Application(pk=app.pk)  # only the id is known to the intruder
    tynset = world.users["tynset"]
    with pytest.raises(PermissionDenied, match=services.NOT_OWN_MUNICIPALITY):
        services.application_save(actor=tynset, application=guessed, expected_version=app.version,
                                  measures="Kapret", now=BEFORE_DEADLINE)
    with pytest.raises(PermissionDenied):
        services.application_submit(actor=tynset, application=guessed, expected_version=app.version,
                                    now=BEFORE_DEADLINE)
    with pytest.raises(PermissionDenied):
        services.political_decision_record(actor=tynset, application=guessed, body="x",
                                           decided_on=datetime.date(2019, 9, 1), case_reference="x",
                                           now=BEFORE_DEADLINE)
    assert Application.objects.get(pk=app.pk).measures == FULL_TEXT["measures"]


@pytest.mark.parametrize("who", ["governor", "resource", "directorate", "evaluator", "tynset", "outsider"])
def test_only_the_municipalitys_own_users_create_its_application(world, call, who) -> None:
    with pytest.raises(PermissionDenied, match=services.NOT_OWN_MUNICIPALITY):
        services.application_create(actor=world.users[who], call=call, municipality=world.municipalities["elverum"],
                                    now=BEFORE_DEADLINE)


def test_a_municipality_cannot_apply_to_another_regions_call(world, call) -> None:
    with pytest.raises(ValidationError, match=services.MUNICIPALITY_NOT_IN_REGION):
        services.application_create(actor=world.users["trondheim"], call=call,
                                    municipality=world.municipalities["trondheim"], now=BEFORE_DEADLINE)


def test_the_database_allows_one_application_per_municipality_per_call(world, call) -> None:
    write_application(world, call, submit=False)
    with pytest.raises(ValidationError):
        services.application_create(actor=world.users["elverum"], call=call,
                                    municipality=world.municipalities["elverum"], now=BEFORE_DEADLINE)


def test_the_political_decision_is_missing_until_it_is_recorded_after_submission(world, call) -> None:
    app = write_application(world, call)
    assert political_decision_of(app) is None and not app.has_political_decision
    decision = decide_politically(world, app, now=AFTER_DEADLINE)
    assert political_decision_of(app) == decision and app.has_political_decision
    assert Application.objects.get(pk=app.pk).version == app.version  # the application itself is unchanged
    with pytest.raises(ValidationError, match=services.POLITICAL_DECISION_EXISTS):
        decide_politically(world, app, now=AFTER_DEADLINE)


def test_the_political_decision_is_refused_after_the_final_deadline(world, call) -> None:
    app = write_application(world, call)
    with pytest.raises(ValidationError, match="deadline has passed"):
        decide_politically(world, app, now=AFTER_FINAL)


def test_contact_persons_need_a_valid_work_email(world, call) -> None:
    app = write_application(world, call, submit=False)
    with pytest.raises(ValidationError):
        services.application_save(actor=world.users["elverum"], application=app, expected_version=app.version,
                                  contacts=[services.Contact(name="Ola", role="Leder", email="ikke-epost")],
                                  now=BEFORE_DEADLINE)
    assert [c.email for c in Application.objects.get(pk=app.pk).contacts.all()] == [CONTACTS[0].email]


def test_only_application_sections_may_be_saved(world, call) -> None:
    app = write_application(world, call, submit=False)
    with pytest.raises(ValidationError, match="unknown application field"):
        services.application_save(actor=world.users["elverum"], application=app, expected_version=app.version,
                                  status="submitted", now=BEFORE_DEADLINE)
