"""The standard personas (tests/conftest.py) and a small evaluation world: a published form, one open wave."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from samla.evaluation import services
from samla.evaluation.models import Item
from samla.evaluation.services import ItemInput

ITEMS = (
    ItemInput(item_code="across_sectors", theme="Status", text_nb="Hvor god er kommunen på å arbeide på tvers?",
              text_en="How good is the municipality at working across sectors?", allow_dont_know=True),
    ItemInput(item_code="within_sector", theme="Status", text_nb="Hvor god er kommunen innad i sektoren?",
              text_en="How good within the sector?", required=False),
    ItemInput(item_code="leadership", theme="Prosjekt", type=Item.Type.SINGLE_CHOICE, text_nb="Hvem leder?",
              text_en="Who leads?",
              choices=({"value": "rm", "label_nb": "Rådmann", "label_en": "Chief executive"},
                       {"value": "pl", "label_nb": "Prosjektleder", "label_en": "Project leader"})),
    ItemInput(item_code="comments", theme="Prosjekt", type=Item.Type.FREE_TEXT, text_nb="Kommentarer",
              text_en="Comments", required=False),
)


@pytest.fixture
def world(persona_places, personas):
    """The standard personas and places (tests/conftest.py) with a published form and a wave open today."""
    m, users = persona_places.municipalities, personas
    form = services.form_create(actor=users["evaluator"], name="Refleksjonsskjema", items=ITEMS)
    version = services.form_version_publish(actor=users["evaluator"], version=form.versions.get())
    today = timezone.localdate()
    wave = services.wave_create(actor=users["evaluator"], label="2020", version=version,
                                opens_on=today - datetime.timedelta(days=1),
                                closes_on=today + datetime.timedelta(days=30), municipalities=list(m.values()))
    items = {item.item_code: item for item in version.items.all()}
    return SimpleNamespace(regions=persona_places.regions, municipalities=m, users=users, form=form,
                           version=version, wave=wave, items=items)


def answers(world, **values):
    """Answers by item code: an int (scale), "dk", a choice code or text, as the services take them."""
    out = {}
    for code, value in values.items():
        item = world.items[code]
        if value == "dk":
            out[item.pk] = services.AnswerInput(dont_know=True)
        elif item.type == Item.Type.LIKERT:
            out[item.pk] = services.AnswerInput(value=value)
        elif item.type == Item.Type.SINGLE_CHOICE:
            out[item.pk] = services.AnswerInput(choice=value)
        else:
            out[item.pk] = services.AnswerInput(text=value)
    return out


def complete_response(world, who="elverum", submit=True):
    actor = world.users[who]
    response = services.response_start(actor=actor, wave=world.wave, municipality=world.municipalities[who])
    response = services.response_save(actor=actor, response=response, expected_version=response.version,
                                      answers=answers(world, across_sectors=3, leadership="pl", comments="Bra."))
    if submit:
        response = services.response_submit(actor=actor, response=response, expected_version=response.version)
    return response
