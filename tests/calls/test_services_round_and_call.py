"""The directorate opens a programme round; the county governor publishes the call for its region."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from samla.calls import services
from samla.calls.models import Call, ProgrammeRound
from tests.calls.conftest import FINAL, PRELIMINARY, publish


def create_round(world, who="directorate", **kwargs):
    return services.programme_round_create(actor=world.users[who], programme=world.programme,
                                           regions=[world.regions["innlandet"]], criteria="Kriterier",
                                           population_year=2019, **kwargs)


def test_the_directorate_opens_a_round_with_four_per_region_by_default(world) -> None:
    r = create_round(world)
    assert (r.status, r.max_per_region, r.size_band_limits) == ("draft", 4, [5000, 20000, 50000])
    r = services.programme_round_open(actor=world.users["directorate"], programme_round=r)
    assert r.status == ProgrammeRound.Status.OPEN
    with pytest.raises(ValidationError, match=services.ROUND_NOT_DRAFT):
        services.programme_round_open(actor=world.users["directorate"], programme_round=r)
    r = services.programme_round_close(actor=world.users["directorate"], programme_round=r)
    assert r.status == ProgrammeRound.Status.CLOSED


@pytest.mark.parametrize("who", ["governor", "evaluator", "resource", "elverum", "outsider"])
def test_only_the_directorate_creates_a_round(world, who) -> None:
    with pytest.raises(PermissionDenied, match=services.NOT_DIRECTORATE):
        create_round(world, who=who)


def test_a_round_without_regions_cannot_open(world) -> None:
    r = services.programme_round_create(actor=world.users["directorate"], programme=world.programme, regions=[],
                                        criteria="K", population_year=2019)
    with pytest.raises(ValidationError, match=services.ROUND_HAS_NO_REGIONS):
        services.programme_round_open(actor=world.users["directorate"], programme_round=r)


def test_a_round_needs_at_least_one_place_per_region(world) -> None:
    with pytest.raises(ValidationError):
        create_round(world, max_per_region=0)


def test_the_county_governor_publishes_the_call_with_case_number_and_criteria(world, call) -> None:
    assert call.case_number == "Sak 2019/6452"
    assert [c.title for c in call.criteria_items.all()] == ["Motivasjon og kapasitet", "Politisk forankring"]


def test_a_governor_cannot_publish_for_another_region(world, open_round) -> None:
    with pytest.raises(PermissionDenied, match=services.NOT_COUNTY_GOVERNOR):
        publish(world, open_round, region="trondelag", governor="governor")


@pytest.mark.parametrize("who", ["directorate", "resource", "elverum", "evaluator"])
def test_only_a_county_governor_publishes(world, open_round, who) -> None:
    with pytest.raises(PermissionDenied):
        publish(world, open_round, governor=who)


def test_a_call_needs_an_open_round(world) -> None:
    r = create_round(world)
    with pytest.raises(ValidationError, match=services.ROUND_NOT_OPEN):
        publish(world, r)


def test_a_call_is_published_once_per_region(world, call, open_round) -> None:
    with pytest.raises(ValidationError):
        publish(world, open_round)


def test_the_final_deadline_cannot_come_before_the_preliminary_one(world, open_round) -> None:
    with pytest.raises(ValidationError):
        services.call_publish(actor=world.users["governor"], programme_round=open_round,
                              region=world.regions["innlandet"], case_number="Sak 1", text="t", criteria=["k"],
                              preliminary_deadline=FINAL, final_deadline=PRELIMINARY)


def test_the_database_refuses_deadlines_out_of_order(world, call) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=call.pk).update(final_deadline=PRELIMINARY - datetime.timedelta(days=1))


def test_free_text_fields_warn_against_personal_data_about_children() -> None:
    from django.utils import translation

    from samla.calls.models import Application

    for name in ("development_work", "measures", "challenge_picture", "self_assessment"):
        help_text = Application._meta.get_field(name).help_text
        with translation.override("en"):
            assert "personal data about children" in str(help_text)
        with translation.override("nb"):
            assert "personopplysninger om barn" in str(help_text)
