"""The county governor's recommendation, the directorate's decision and the stratified draw."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samla.calls import services
from samla.calls.models import Recommendation, SelectionDecision, StratifiedDraw, ViolationOverride
from samla.core.selection import stratified_draw
from tests.calls.conftest import decide_politically, write_application


@pytest.fixture
def forwarded(world, call):
    """Innlandet: Elverum (21 000), Tynset (5 600), Os (1 900), Hamar (31 000), Lillehammer (28 000) submitted,
    all with a political decision except Os; forwarded in that order."""
    apps = {}
    for who in ("elverum", "tynset", "os", "hamar", "lillehammer"):
        apps[who] = write_application(world, call, who=who)
        if who != "os":
            decide_politically(world, apps[who], who=who)
    services.recommendation_forward(actor=world.users["governor"], call=call, ranking=list(apps.values()),
                                    comment="Samlet vurdering.")
    return apps


def decide(world, programme_round, apps, names, overrides=None, who="directorate"):
    return services.selection_decide(actor=world.users[who], programme_round=programme_round,
                                     selected=[apps[n] for n in names], overrides=overrides)


def test_the_governor_forwards_a_ranking_of_submitted_applications(world, call, forwarded) -> None:
    recommendation = Recommendation.objects.get(call=call)
    assert [r.application.municipality.name for r in recommendation.ranking.all()] == [
        "Elverum", "Tynset", "Os", "Hamar", "Lillehammer"]


def test_a_recommendation_is_forwarded_once(world, call, forwarded) -> None:
    with pytest.raises(ValidationError, match=services.RECOMMENDATION_EXISTS):
        services.recommendation_forward(actor=world.users["governor"], call=call, ranking=[forwarded["elverum"]])


def test_drafts_and_duplicates_cannot_be_ranked(world, call) -> None:
    draft = write_application(world, call, submit=False)
    done = write_application(world, call, who="tynset")
    for ranking in ([draft], [done, done]):
        with pytest.raises(ValidationError, match=services.RANKING_NOT_FROM_CALL):
            services.recommendation_forward(actor=world.users["governor"], call=call, ranking=ranking)


@pytest.mark.parametrize("who", ["governor_other_region", "resource", "directorate", "elverum"])
def test_only_the_regions_county_governor_forwards(world, call, who) -> None:
    app = write_application(world, call)
    with pytest.raises(PermissionDenied, match=services.NOT_COUNTY_GOVERNOR):
        services.recommendation_forward(actor=world.users[who], call=call, ranking=[app])


def test_a_selection_without_violations_is_decided(world, open_round, forwarded) -> None:
    decision = decide(world, open_round, forwarded, ["elverum", "tynset", "hamar"])
    assert {a.municipality.name for a in decision.selected.all()} == {"Elverum", "Tynset", "Hamar"}
    assert not decision.overrides.exists()


def test_a_selection_with_violations_is_refused_and_names_them(world, open_round, forwarded) -> None:
    with pytest.raises(ValidationError) as exc:
        decide(world, open_round, forwarded, ["elverum", "tynset", "os", "hamar", "lillehammer"])
    assert exc.value.messages == [services.DECISION_HAS_VIOLATIONS.format(
        keys="missing_political_decision:3430, too_many_in_region:34")]
    assert not SelectionDecision.objects.exists()


def test_no_size_variation_is_a_violation(world, open_round, forwarded) -> None:
    with pytest.raises(ValidationError, match="no_size_variation:34"):
        decide(world, open_round, forwarded, ["hamar", "lillehammer"])


def test_each_violation_can_be_overridden_with_a_reason_that_is_stored(world, open_round, forwarded) -> None:
    overrides = {"missing_political_decision:3430": "Vedtak kommer i neste kommunestyremøte.",
                 "too_many_in_region:34": "Ekstra plass etter avtale med departementet."}
    decision = decide(world, open_round, forwarded, ["elverum", "tynset", "os", "hamar", "lillehammer"], overrides)
    stored = {(o.code, o.subject): o.reason for o in ViolationOverride.objects.filter(decision=decision)}
    assert stored == {("missing_political_decision", "3430"): overrides["missing_political_decision:3430"],
                      ("too_many_in_region", "34"): overrides["too_many_in_region:34"]}


def test_an_override_without_a_reason_does_not_count(world, open_round, forwarded) -> None:
    with pytest.raises(ValidationError, match="too_many_in_region:34"):
        decide(world, open_round, forwarded, ["elverum", "tynset", "hamar", "lillehammer", "os"],
               {"too_many_in_region:34": " ", "missing_political_decision:3430": "Kommer."})


def test_an_override_naming_no_violation_is_refused(world, open_round, forwarded) -> None:
    with pytest.raises(ValidationError, match="name no violation"):
        decide(world, open_round, forwarded, ["elverum", "tynset"], {"too_many_in_region:34": "Unødvendig."})


def test_only_forwarded_applications_can_be_selected(world, open_round, call) -> None:
    app = write_application(world, call)
    decide_politically(world, app)
    with pytest.raises(ValidationError, match=services.SELECTION_NOT_RECOMMENDED):
        decide(world, open_round, {"elverum": app}, ["elverum"])


def test_the_round_is_decided_once(world, open_round, forwarded) -> None:
    decide(world, open_round, forwarded, ["elverum"])
    with pytest.raises(ValidationError, match=services.DECISION_EXISTS):
        decide(world, open_round, forwarded, ["tynset"])


@pytest.mark.parametrize("who", ["evaluator", "governor", "resource", "elverum", "outsider"])
def test_only_the_directorate_decides(world, open_round, forwarded, who) -> None:
    with pytest.raises(PermissionDenied, match=services.NOT_DIRECTORATE):
        decide(world, open_round, forwarded, ["elverum"], who=who)


def test_the_draw_records_its_seed_input_and_result_and_can_be_redone(world, open_round, forwarded) -> None:
    draw = services.stratified_draw_record(actor=world.users["directorate"], programme_round=open_round,
                                           per_stratum=1, seed=2019)
    draw = StratifiedDraw.objects.get(pk=draw.pk)
    assert draw.seed == 2019 and draw.candidates == {"3420": 21000, "3427": 5600, "3430": 1900, "3403": 31000,
                                                     "3405": 28000}
    assert draw.result == stratified_draw(draw.candidates, 1, 2019)
    assert draw.result["<5000"] == ["3430"] and draw.result["5000-19999"] == ["3427"]
    assert len(draw.result["20000-49999"]) == 1 and draw.result[">=50000"] == []


def test_a_draw_without_a_seed_chooses_one_and_records_it(world, open_round, forwarded) -> None:
    draw = services.stratified_draw_record(actor=world.users["directorate"], programme_round=open_round,
                                           per_stratum=2, region=world.regions["innlandet"])
    assert draw.result == stratified_draw(draw.candidates, 2, draw.seed)


def test_a_draw_needs_candidates(world, open_round) -> None:
    with pytest.raises(ValidationError, match=services.DRAW_NO_CANDIDATES):
        services.stratified_draw_record(actor=world.users["directorate"], programme_round=open_round,
                                        per_stratum=1)


@pytest.mark.parametrize("who", ["evaluator", "governor"])
def test_only_the_directorate_draws(world, open_round, forwarded, who) -> None:
    with pytest.raises(PermissionDenied, match=services.NOT_DIRECTORATE):
        services.stratified_draw_record(actor=world.users[who], programme_round=open_round, per_stratum=1)


def test_a_decision_that_selects_nobody_is_refused(world, open_round, forwarded) -> None:
    with pytest.raises(ValidationError) as caught:
        decide(world, open_round, forwarded, [])
    assert caught.value.code == "selection_empty"
    assert not SelectionDecision.objects.exists()
