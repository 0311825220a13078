"""The follow-up world: the pilot decided (its run 1 locked), Elverum's and Tynset's projects started, personas."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from samla.accounts.models import Role
from samla.followup import services
from samla.followup.services import MeasureInput
from samla.registry.models import Municipality
from tests.personas import make_user


def measure_input(**changes) -> MeasureInput:
    data = {"title": "BTI med stafettlogg", "description": "Bedre tverrfaglig innsats: en felles modell.",
            "age_bands": ["0-5", "6-12"], "prevention_level": "selective",
            "sectors_responsible": ["health", "school"], "sectors_involved": ["child_welfare", "kindergarten"],
            "novelty": "new", "innovation": "local", "planned_start": datetime.date(2020, 1, 1),
            "planned_end": datetime.date(2022, 12, 31), "budgets": {2020: 800_000, 2021: 900_000}}
    data.update(changes)
    return MeasureInput(**data)


@pytest.fixture
def fw(decided_pilot):
    pilot = decided_pilot
    elverum = Municipality.objects.get(number="3420", participations__programme=pilot)
    tynset = Municipality.objects.get(number="3427", participations__programme=pilot)
    trondheim = Municipality.objects.get(number="5001", participations__programme=pilot)
    users = {
        "elverum": make_user("fu-elverum", Role.MUNICIPALITY, municipality=elverum),
        "tynset": make_user("fu-tynset", Role.MUNICIPALITY, municipality=tynset),
        "governor": make_user("fu-gov-inn", Role.COUNTY_GOVERNOR, region=elverum.region),
        "governor_other": make_user("fu-gov-tro", Role.COUNTY_GOVERNOR, region=trondheim.region),
        "centre": make_user("fu-cc-inn", Role.COMPETENCE_CENTRE, region=elverum.region),
        "centre_other": make_user("fu-cc-tro", Role.COMPETENCE_CENTRE, region=trondheim.region),
        "resource": make_user("fu-rg-inn", Role.RESOURCE_GROUP, region=elverum.region),
        "directorate": make_user("fu-dir", Role.DIRECTORATE),
        "evaluator": make_user("fu-eva", Role.EVALUATOR),
        "outsider": make_user("fu-nobody"),
    }
    project = services.project_start(actor=users["elverum"], programme=pilot, municipality=elverum)
    tynset_project = services.project_start(actor=users["tynset"], programme=pilot, municipality=tynset)
    return SimpleNamespace(pilot=pilot, elverum=elverum, tynset=tynset, trondheim=trondheim, users=users,
                           project=project, tynset_project=tynset_project)
