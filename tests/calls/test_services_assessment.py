"""Assessments by the resource group, and who sees them when."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from samla.calls import services
from samla.calls.models import Assessment, CriterionScore
from samla.calls.selectors import assessments_visible_to
from tests.calls.conftest import write_application


def assess(world, app, who="resource", score=4, recommendation="yes"):
    scores = {c.pk: services.Score(score, "Godt begrunnet.") for c in app.call.criteria_items.all()}
    return services.assessment_submit(actor=world.users[who], application=app, scores=scores,
                                      recommendation=recommendation)


def test_a_member_scores_every_criterion_and_recommends(world, call) -> None:
    app = write_application(world, call)
    assessment = assess(world, app, score=5, recommendation="maybe")
    assert assessment.recommendation == Assessment.Recommendation.MAYBE
    assert sorted(s.score for s in assessment.scores.all()) == [5, 5]


def test_scores_must_cover_exactly_the_calls_criteria(world, call) -> None:
    app = write_application(world, call)
    first = app.call.criteria_items.first()
    with pytest.raises(ValidationError, match=services.SCORES_MUST_COVER_CRITERIA):
        services.assessment_submit(actor=world.users["resource"], application=app,
                                   scores={first.pk: services.Score(3)}, recommendation="yes")


@pytest.mark.parametrize("score", [0, 6])
def test_a_score_outside_1_to_5_is_refused(world, call, score) -> None:
    app = write_application(world, call)
    with pytest.raises(ValidationError):
        assess(world, app, score=score)
    assert not Assessment.objects.exists()


def test_the_database_refuses_a_score_outside_1_to_5(world, call) -> None:
    assessment = assess(world, write_application(world, call))
    row = assessment.scores.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        CriterionScore.objects.filter(pk=row.pk).update(score=9)


def test_a_member_assesses_an_application_once(world, call) -> None:
    app = write_application(world, call)
    assess(world, app)
    with pytest.raises(ValidationError, match=services.ALREADY_ASSESSED):
        assess(world, app)


def test_a_draft_cannot_be_assessed(world, call) -> None:
    app = write_application(world, call, submit=False)
    with pytest.raises(ValidationError, match=services.APPLICATION_NOT_SUBMITTED):
        assess(world, app)


@pytest.mark.parametrize("who", ["resource_other_region", "governor", "directorate", "evaluator", "elverum"])
def test_only_resource_group_members_of_the_region_assess(world, call, who) -> None:
    app = write_application(world, call)
    with pytest.raises(PermissionDenied, match=services.NOT_RESOURCE_GROUP):
        assess(world, app, who=who)


def test_a_member_sees_others_assessments_only_after_submitting_their_own(world, call) -> None:
    app = write_application(world, call)
    theirs = assess(world, app, who="resource2")
    assert list(assessments_visible_to(world.users["resource"], app)) == []
    mine = assess(world, app, who="resource")
    assert set(assessments_visible_to(world.users["resource"], app)) == {theirs, mine}


@pytest.mark.parametrize(("who", "sees"), [("governor", 1), ("directorate", 1), ("governor_other_region", 0),
                                           ("resource_other_region", 0), ("elverum", 0), ("evaluator", 0)])
def test_the_governor_and_directorate_see_all_assessments_others_none(world, call, who, sees) -> None:
    app = write_application(world, call)
    assess(world, app)
    assert assessments_visible_to(world.users[who], app).count() == sees
