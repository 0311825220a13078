"""Issue 4 end to end at service level: open, call, apply, assess, rank, decide."""

from __future__ import annotations

from samla.calls import services
from samla.calls.models import Application, SelectionDecision
from samla.calls.selectors import application_for, assessments_visible_to, political_decision_of
from tests.calls.conftest import AFTER_DEADLINE, BEFORE_DEADLINE, CONTACTS, FULL_TEXT, PRELIMINARY, publish


def test_from_the_directorates_opening_to_its_decision(world) -> None:
    users, m = world.users, world.municipalities
    round_ = services.programme_round_create(actor=users["directorate"], programme=world.programme,
                                             regions=[world.regions["innlandet"]], max_per_region=4,
                                             criteria="Motivasjon, kapasitet, politisk forankring, variasjon.",
                                             population_year=2019)
    round_ = services.programme_round_open(actor=users["directorate"], programme_round=round_)
    call = publish(world, round_)

    # Elverum writes in two sittings, then submits before the deadline.
    app = services.application_create(actor=users["elverum"], call=call, municipality=m["elverum"],
                                      now=BEFORE_DEADLINE)
    app = services.application_save(actor=users["elverum"], application=app, expected_version=app.version,
                                    development_work=FULL_TEXT["development_work"], now=BEFORE_DEADLINE)
    app = services.application_save(actor=users["elverum"], application=app, expected_version=app.version,
                                    contacts=CONTACTS, now=BEFORE_DEADLINE,
                                    **{k: v for k, v in FULL_TEXT.items() if k != "development_work"})
    app = services.application_submit(actor=users["elverum"], application=app, expected_version=app.version,
                                      now=BEFORE_DEADLINE)
    assert political_decision_of(app) is None

    # Tynset gets an extension and submits after the deadline.
    services.deadline_extension_grant(actor=users["governor"], call=call, municipality=m["tynset"],
                                      until=AFTER_DEADLINE, reason="Møtet ble utsatt.", now=PRELIMINARY)
    tyn = services.application_create(actor=users["tynset"], call=call, municipality=m["tynset"],
                                      now=AFTER_DEADLINE)
    tyn = services.application_save(actor=users["tynset"], application=tyn, expected_version=tyn.version,
                                    contacts=CONTACTS, now=AFTER_DEADLINE, **FULL_TEXT)
    tyn = services.application_submit(actor=users["tynset"], application=tyn, expected_version=tyn.version,
                                      now=AFTER_DEADLINE)

    # The political decisions come with the final application in the autumn.
    for who, a in (("elverum", app), ("tynset", tyn)):
        services.political_decision_record(actor=users[who], application=a, body="Kommunestyret",
                                           decided_on=AFTER_DEADLINE.date(), case_reference="PS 1/19",
                                           now=AFTER_DEADLINE)

    # Two resource-group members assess both applications.
    for member in ("resource", "resource2"):
        for a in (app, tyn):
            scores = {c.pk: services.Score(4, "OK") for c in call.criteria_items.all()}
            services.assessment_submit(actor=users[member], application=a, scores=scores, recommendation="yes")
    assert assessments_visible_to(users["resource"], app).count() == 2

    services.recommendation_forward(actor=users["governor"], call=call, ranking=[tyn, app])
    decision = services.selection_decide(actor=users["directorate"], programme_round=round_, selected=[app, tyn])

    assert SelectionDecision.objects.get(programme_round=round_) == decision
    assert set(decision.selected.all()) == {app, tyn}
    assert application_for(users["elverum"], app.pk).status == Application.Status.SUBMITTED
