"""A published version is frozen; a change is a new version copied from the old one."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samla.audit.models import AuditEvent
from samla.evaluation import services
from samla.evaluation.models import VERSION_FROZEN, FormVersion, Item
from samla.evaluation.services import ItemInput


def test_the_model_refuses_to_save_or_delete_an_item_of_a_published_version(world) -> None:
    item = world.items["across_sectors"]
    item.text_nb = "Endret"
    with pytest.raises(ValidationError) as error:
        item.save()
    assert error.value.messages == [str(VERSION_FROZEN)]
    with pytest.raises(ValidationError):
        Item(version=world.version, item_code="new_item", text_nb="Ny").save()
    with pytest.raises(ValidationError):
        item.delete()
    assert Item.objects.get(pk=item.pk).text_nb.startswith("Hvor god")


def test_services_refuse_changes_to_a_published_version(world) -> None:
    evaluator = world.users["evaluator"]
    with pytest.raises(ValidationError):
        services.item_save(actor=evaluator, version=world.version, item=None,
                           data=ItemInput(item_code="extra", text_nb="Ekstra"))
    with pytest.raises(ValidationError):
        services.item_delete(actor=evaluator, item=world.items["comments"])
    with pytest.raises(ValidationError):
        services.form_version_publish(actor=evaluator, version=world.version)
    assert world.version.items.count() == 4


def test_a_new_version_is_a_draft_copy_that_can_change(world) -> None:
    evaluator = world.users["evaluator"]
    draft = services.form_version_new_draft(actor=evaluator, version=world.version)
    assert (draft.number, draft.status, draft.based_on) == (2, FormVersion.Status.DRAFT, world.version)
    assert list(draft.items.values_list("item_code", flat=True)) == list(
        world.version.items.values_list("item_code", flat=True))
    copied = draft.items.get(item_code="leadership")
    assert copied.choices == world.items["leadership"].choices
    services.item_save(actor=evaluator, version=draft, item=copied,
                       data=ItemInput(item_code="leadership", text_nb="Hvem leder prosjektet?",
                                      type=Item.Type.FREE_TEXT))
    assert world.items["leadership"].__class__.objects.get(pk=world.items["leadership"].pk).text_nb == "Hvem leder?"
    services.form_version_publish(actor=evaluator, version=draft)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None
    assert AuditEvent.objects.filter(action="evaluation.form_version.publish").count() == 2


def test_an_empty_version_cannot_be_published(world) -> None:
    form = services.form_create(actor=world.users["evaluator"], name="Tomt")
    with pytest.raises(ValidationError) as error:
        services.form_version_publish(actor=world.users["evaluator"], version=form.versions.get())
    assert error.value.messages == [str(services.VERSION_EMPTY)]


@pytest.mark.parametrize("who", ["directorate", "governor", "elverum", "outsider"])
def test_only_the_evaluator_edits_forms(world, who) -> None:
    with pytest.raises(PermissionDenied):
        services.form_create(actor=world.users[who], name="X")
    with pytest.raises(PermissionDenied):
        services.form_version_new_draft(actor=world.users[who], version=world.version)


def test_a_wave_needs_a_published_version_and_ordered_dates(world) -> None:
    evaluator = world.users["evaluator"]
    draft = services.form_version_new_draft(actor=evaluator, version=world.version)
    muni = list(world.municipalities.values())
    with pytest.raises(ValidationError) as error:
        services.wave_create(actor=evaluator, label="2022", version=draft, opens_on=world.wave.opens_on,
                             closes_on=world.wave.closes_on, municipalities=muni)
    assert error.value.messages == [str(services.VERSION_NOT_PUBLISHED)]
    with pytest.raises(ValidationError):
        services.wave_create(actor=evaluator, label="2022", version=world.version, opens_on=world.wave.closes_on,
                             closes_on=world.wave.opens_on, municipalities=muni)
    with pytest.raises(ValidationError) as error:
        services.wave_create(actor=evaluator, label="2020", version=world.version, opens_on=world.wave.opens_on,
                             closes_on=world.wave.closes_on, municipalities=muni)
    assert error.value.messages == [str(services.WAVE_LABEL_TAKEN)]
