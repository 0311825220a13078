"""Writes for the evaluation module. Each checks role and scope first, runs in a transaction, validates
with ``full_clean()`` and writes one audit event (``samla.audit``)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samla.accounts import access
from samla.audit.services import audit_record, snapshot
from samla.evaluation.models import (
    VERSION_FROZEN,
    Form,
    FormVersion,
    InterviewDocument,
    InterviewEntry,
    Item,
    Response,
    ResponseAnswer,
    ResponseReopening,
    Wave,
)
from samla.registry.models import Municipality, Region

NOT_EVALUATOR = _("Only the evaluator may do this.")
NOT_OWN_MUNICIPALITY = _("You may only answer for your own municipality.")
NOT_PARTICIPATING = _("The municipality does not take part in this wave.")
VERSION_NOT_PUBLISHED = _("A wave needs a published form version.")
VERSION_EMPTY = _("A form version needs at least one question before it is published.")
WAVE_DATES = _("The closing date must be on or after the opening date.")
WAVE_LABEL_TAKEN = _("This form already has a wave with that label.")
WAVE_NEEDS_MUNICIPALITIES = _("Choose at least one municipality.")
WAVE_NOT_OPEN = _("The wave is not open for answers now.")
STALE_VERSION = _("Someone else saved this response after you opened it. Reload the page and enter your "
                  "changes again.")
RESPONSE_LOCKED = _("A submitted response cannot be changed; the evaluator must reopen it first.")
RESPONSE_NOT_SUBMITTED = _("The response has not been submitted.")
RESPONSE_INCOMPLETE = _("Answer every required question before submitting (%(count)d unanswered).")
ANSWER_REQUIRED = _("Answer this question before submitting.")
REASON_REQUIRED = _("Give a reason.")
VALUE_OFF_SCALE = _("Choose a value from 1 to 5.")
DONT_KNOW_NOT_ALLOWED = _("\"Don't know / not relevant\" is not an answer to this question.")
UNKNOWN_CHOICE = _("Choose one of the listed answers.")
ITEM_NOT_IN_VERSION = _("The question does not belong to this form.")
INTERVIEW_NEEDS_ROLES = _("Name the participants' roles (no names).")
RESPONSE_EXISTS = _("The municipality already has a response in this wave.")
IMPORT_SUBMITTED_OUTSIDE = _("The answers must be dated within the wave (%(opens)s to %(closes)s).")


@dataclass(frozen=True)
class AnswerInput:
    """What a user entered for one item. ``value`` is 1–5 or None; ``dont_know`` lies outside the scale."""

    value: int | None = None
    dont_know: bool = False
    choice: str = ""
    text: str = ""


@dataclass(frozen=True)
class ItemInput:
    item_code: str
    text_nb: str
    text_en: str = ""
    theme: str = ""
    type: str = Item.Type.LIKERT
    required: bool = True
    allow_dont_know: bool = False
    choices: tuple[dict[str, str], ...] = ()
    anchor_low_nb: str = "i liten grad"
    anchor_high_nb: str = "i stor grad"
    anchor_low_en: str = "to a small degree"
    anchor_high_en: str = "to a large degree"


ITEM_FIELDS = ("item_code", "text_nb", "text_en", "theme", "type", "required", "allow_dont_know", "choices",
               "anchor_low_nb", "anchor_high_nb", "anchor_low_en", "anchor_high_en")


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now if now is not None else timezone.now()


def _require(allowed: bool, message: Any) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- Forms, versions and items (evaluator) -----------------------------------------------------------

@transaction.atomic
def form_create(*, actor, name: str, description: str = "", programme=None, illustrative: bool = False,
                items: Sequence[ItemInput] = ()) -> Form:
    """A new form with draft version 1 (holding ``items``, if given)."""
    _require(access.can_manage_evaluation(actor), NOT_EVALUATOR)
    form = Form(name=name, description=description, programme=programme, illustrative=illustrative)
    form.full_clean()
    form.save()
    audit_record(actor=actor, action="evaluation.form.create", obj=form, before=None, after=snapshot(form))
    version = _version_create(actor, form, based_on=None)
    _items_create(version, items)
    return form


def _version_create(actor, form: Form, based_on: FormVersion | None) -> FormVersion:
    number = (form.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = FormVersion(form=form, number=number, based_on=based_on)
    version.full_clean()
    version.save()
    audit_record(actor=actor, action="evaluation.form_version.create", obj=version, before=None,
                 after=snapshot(version))
    return version


def _item_values(item: ItemInput | Item) -> dict[str, Any]:
    values = {name: getattr(item, name) for name in ITEM_FIELDS}
    values["choices"] = [dict(c) for c in values["choices"]]
    return values


def _items_create(version: FormVersion, items: Sequence[ItemInput | Item]) -> None:
    for order, source in enumerate(items, start=1):
        item = Item(version=version, order=order, **_item_values(source))
        item.full_clean()
        item.save()


def _draft(version: FormVersion) -> FormVersion:
    version = FormVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise ValidationError(VERSION_FROZEN, code="frozen")
    return version


@transaction.atomic
def form_version_new_draft(*, actor, version: FormVersion) -> FormVersion:
    """A new draft version of the form, a copy of ``version`` (published or not)."""
    _require(access.can_manage_evaluation(actor), NOT_EVALUATOR)
    new = _version_create(actor, version.form, based_on=version)
    _items_create(new, list(version.items.all()))
    return new


@transaction.atomic
def form_version_import_items(*, actor, form: Form, items: Sequence[ItemInput], source: str = "") -> FormVersion:
    """A new draft version holding ``items`` (e.g. read from an XLSForm)."""
    _require(access.can_manage_evaluation(actor), NOT_EVALUATOR)
    version = _version_create(actor, form, based_on=form.versions.order_by("-number").first())
    _items_create(version, items)
    audit_record(actor=actor, action="evaluation.form_version.import", obj=version, before=None,
                 after={"items": [i.item_code for i in items], "source": source})
    return version


@transaction.atomic
def form_version_publish(*, actor, version: FormVersion, now: datetime.datetime | None = None) -> FormVersion:
    _require(access.can_manage_evaluation(actor), NOT_EVALUATOR)
    version = _draft(version)
    if not version.items.exists():
        raise ValidationError(VERSION_EMPTY, code="empty")
    before = snapshot(version)
    version.status, version.published_at, version.published_by = FormVersion.Status.PUBLISHED, _now(now), actor
    version.full_clean()
    version.save(update_fields=["status", "published_at", "published_by"])
    audit_record(actor=actor, action="evaluation.form_version.publish", obj=version, before=before,
                 after=snapshot(version) | {"items": list(version.items.values_list("item_code", flat=True))})
    return version


@transaction.atomic
def item_save(*, actor, version: FormVersion, item: Item | None, data: ItemInput) -> Item:
    """Add a question to a draft version (``item`` None) or change one of its questions."""
    _require(access.can_manage_evaluation(actor), NOT_EVALUATOR)
    version = _draft(version)
    if item is not None and item.version_id != version.pk:
        raise ValidationError(ITEM_NOT_IN_VERSION, code="wrong_version")
    before = snapshot(item) if item is not None else None
    if item is None:
        item = Item(version=version, order=(version.items.aggregate(m=Max("order"))["m"] or 0) + 1)
    for name, value in _item_values(data).items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="evaluation.item.save", obj=item, before=before, after=snapshot(item))
    return item


@transaction.atomic
def item_delete(*, actor, item: Item) -> None:
    _require(access.can_manage_evaluation(actor), NOT_EVALUATOR)
    _draft(item.version)
    audit_record(actor=actor, action="evaluation.item.delete", obj=item, before=snapshot(item), after=None)
    item.delete()


# --- Waves (evaluator) -------------------------------------------------------------------------------

@transaction.atomic
def wave_create(*, actor, label: str, version: FormVersion, opens_on: datetime.date, closes_on: datetime.date,
                municipalities: Sequence[Municipality], illustrative: bool = False, note: str = "") -> Wave:
    _require(access.can_manage_evaluation(actor), NOT_EVALUATOR)
    if not version.is_published:
        raise ValidationError(VERSION_NOT_PUBLISHED, code="not_published")
    if closes_on < opens_on:
        raise ValidationError(WAVE_DATES, code="dates")
    if not municipalities:
        raise ValidationError(WAVE_NEEDS_MUNICIPALITIES, code="no_municipalities")
    if Wave.objects.filter(version__form=version.form, label=label).exists():
        raise ValidationError(WAVE_LABEL_TAKEN, code="label_taken")
    wave = Wave(label=label, version=version, opens_on=opens_on, closes_on=closes_on, illustrative=illustrative,
                note=note)
    wave.full_clean()
    wave.save()
    wave.municipalities.set(municipalities)
    audit_record(actor=actor, action="evaluation.wave.create", obj=wave, before=None,
                 after=snapshot(wave) | {"municipalities": sorted(m.pk for m in municipalities)})
    return wave


@dataclass(frozen=True)
class CollectedResponse:
    """One municipality's answers collected outside Samla (an earlier survey tool's export): item code → answer,
    and when the municipality submitted them there."""

    municipality: Municipality
    submitted_at: datetime.datetime
    answers: Mapping[str, AnswerInput]


@transaction.atomic
def responses_import_collected(*, actor, wave: Wave, responses: Sequence[CollectedResponse],
                               source: str) -> list[Response]:
    """Store answers collected outside Samla as the submitted responses of ``wave`` (evaluator only).

    Every answer is checked as one typed in Samla is (scale, "don't know", choices), each municipality must take
    part in the wave, have no response in it yet, and have submitted within the wave's dates; all problems are
    reported at once and nothing is stored while there is one. Each response is audited with ``source``."""
    _require(access.can_manage_evaluation(actor), NOT_EVALUATOR)
    items = {item.item_code: item for item in wave.version.items.all()}
    taking_part = set(wave.municipalities.values_list("pk", flat=True))
    answered = set(Response.objects.filter(wave=wave).values_list("municipality_id", flat=True))
    errors: list[ValidationError] = []
    for collected in responses:
        municipality = collected.municipality
        where = f"{municipality.number} {municipality.name}: "
        if municipality.pk not in taking_part:
            errors.append(ValidationError(where + str(NOT_PARTICIPATING)))
        if municipality.pk in answered:
            errors.append(ValidationError(where + str(RESPONSE_EXISTS)))
        if not wave.is_open_on(timezone.localdate(collected.submitted_at)):
            errors.append(ValidationError(where + str(IMPORT_SUBMITTED_OUTSIDE % {
                "opens": wave.opens_on.isoformat(), "closes": wave.closes_on.isoformat()})))
        for code, answer in collected.answers.items():
            item = items.get(code)
            if item is None:
                errors.append(ValidationError(f"{where}{code}: {ITEM_NOT_IN_VERSION}"))
                continue
            errors += [ValidationError(f"{where}{code}: {message}") for message in _answer_errors(item, answer)]
    if errors:
        raise ValidationError(errors)
    made = []
    for collected in responses:
        at = collected.submitted_at
        response = Response.objects.create(wave=wave, municipality=collected.municipality,
                                           status=Response.Status.SUBMITTED, created_at=at, updated_at=at,
                                           submitted_at=at)
        answers = []
        for code, answer in collected.answers.items():
            clean = _clean_answer(items[code], answer)
            answers.append(ResponseAnswer(response=response, item=items[code], value=clean.value,
                                          dont_know=clean.dont_know, choice=clean.choice, text=clean.text))
        ResponseAnswer.objects.bulk_create(answers)
        audit_record(actor=actor, action="evaluation.response.import", obj=response, before=None,
                     after=snapshot(response) | {"answers": len(answers)}, reason=source)
        made.append(response)
    return made


# --- Responses (municipality; reopening by the evaluator) ---------------------------------------------

def _check_can_answer(actor, wave: Wave, municipality: Municipality, now: datetime.datetime) -> None:
    _require(access.can_answer_reflection(actor, municipality), NOT_OWN_MUNICIPALITY)
    if not wave.municipalities.filter(pk=municipality.pk).exists():
        raise PermissionDenied(NOT_PARTICIPATING)
    if not wave.is_open_on(timezone.localdate(now)):
        raise ValidationError(WAVE_NOT_OPEN, code="wave_not_open")


@transaction.atomic
def response_start(*, actor, wave: Wave, municipality: Municipality,
                   now: datetime.datetime | None = None) -> Response:
    """The municipality's response to the wave: the existing one, or a new empty draft."""
    now = _now(now)
    _require(access.can_answer_reflection(actor, municipality), NOT_OWN_MUNICIPALITY)
    existing = Response.objects.filter(wave=wave, municipality=municipality).first()
    if existing is not None:
        return existing
    _check_can_answer(actor, wave, municipality, now)
    response = Response(wave=wave, municipality=municipality, created_at=now, updated_at=now, updated_by=actor)
    response.full_clean()
    response.save()
    audit_record(actor=actor, action="evaluation.response.create", obj=response, before=None,
                 after=snapshot(response))
    return response


def _answer_errors(item: Item, answer: AnswerInput) -> list[Any]:
    errors = []
    if answer.dont_know and not item.allow_dont_know:
        errors.append(DONT_KNOW_NOT_ALLOWED)
    if item.type == Item.Type.LIKERT and answer.value is not None and answer.value not in range(1, 6):
        errors.append(VALUE_OFF_SCALE)
    if item.type == Item.Type.SINGLE_CHOICE and answer.choice and answer.choice not in {
            c.get("value") for c in item.choices}:
        errors.append(UNKNOWN_CHOICE)
    return errors


def _clean_answer(item: Item, answer: AnswerInput) -> AnswerInput:
    """Keep only what the item type records; "don't know" clears the scale and the choice."""
    if answer.dont_know:
        return AnswerInput(dont_know=True, text=answer.text if item.type == Item.Type.FREE_TEXT else "")
    if item.type == Item.Type.LIKERT:
        return AnswerInput(value=answer.value)
    if item.type == Item.Type.SINGLE_CHOICE:
        return AnswerInput(choice=answer.choice)
    return AnswerInput(text=answer.text.strip())


def _locked_response(actor, response: Response) -> Response:
    row = Response.objects.select_for_update().select_related("wave__version", "municipality").get(pk=response.pk)
    _require(access.can_answer_reflection(actor, row.municipality), NOT_OWN_MUNICIPALITY)
    return row


def _bump(response: Response, expected_version: int, fields: dict[str, Any]) -> None:
    """Write ``fields`` and the next version only if nobody raised the version since it was read."""
    if response.version != expected_version:
        raise ValidationError(STALE_VERSION, code="stale_version")
    for name, value in fields.items():
        setattr(response, name, value)
    response.version = expected_version + 1
    response.full_clean()
    updated = Response.objects.filter(pk=response.pk, version=expected_version).update(
        version=response.version, **fields)
    if updated != 1:
        raise ValidationError(STALE_VERSION, code="stale_version")


def _response_snapshot(response: Response) -> dict[str, Any]:
    answers = {a.item.item_code: {"value": a.value, "dont_know": a.dont_know, "choice": a.choice, "text": a.text}
               for a in response.answers.select_related("item")}
    return snapshot(response) | {"answers": answers}


@transaction.atomic
def response_save(*, actor, response: Response, expected_version: int, answers: Mapping[int, AnswerInput],
                  now: datetime.datetime | None = None) -> Response:
    """Save a draft. ``answers`` maps item ids of the wave's form version to what was entered; an item left
    out keeps its stored answer. Field errors are raised as a ``ValidationError`` keyed by item id."""
    now = _now(now)
    response = _locked_response(actor, response)
    if response.version != expected_version:
        raise ValidationError(STALE_VERSION, code="stale_version")
    if response.is_submitted:
        raise ValidationError(RESPONSE_LOCKED, code="locked")
    _check_can_answer(actor, response.wave, response.municipality, now)
    items = {item.pk: item for item in response.wave.version.items.all()}
    errors: dict[str, list[Any]] = {}
    for item_id, answer in answers.items():
        if item_id not in items:
            raise ValidationError(ITEM_NOT_IN_VERSION, code="wrong_item")
        if problems := _answer_errors(items[item_id], answer):
            errors[str(item_id)] = problems
    if errors:
        raise ValidationError(errors)
    before = _response_snapshot(response)
    _bump(response, expected_version, {"updated_at": now, "updated_by": actor})
    for item_id, raw in answers.items():
        answer = _clean_answer(items[item_id], raw)
        row, _created = ResponseAnswer.objects.get_or_create(response=response, item=items[item_id])
        row.value, row.dont_know, row.choice, row.text = answer.value, answer.dont_know, answer.choice, answer.text
        row.full_clean()
        row.save()
    audit_record(actor=actor, action="evaluation.response.save", obj=response, before=before,
                 after=_response_snapshot(response))
    return response


def missing_required(response: Response) -> list[Item]:
    answered = {a.item_id for a in response.answers.all() if not a.is_empty}
    return [item for item in response.wave.version.items.all() if item.required and item.pk not in answered]


@transaction.atomic
def response_submit(*, actor, response: Response, expected_version: int,
                    now: datetime.datetime | None = None) -> Response:
    now = _now(now)
    response = _locked_response(actor, response)
    if response.version != expected_version:
        raise ValidationError(STALE_VERSION, code="stale_version")
    if response.is_submitted:
        raise ValidationError(RESPONSE_LOCKED, code="locked")
    _check_can_answer(actor, response.wave, response.municipality, now)
    if missing := missing_required(response):
        errors: dict[str, list[ValidationError]] = {
            NON_FIELD_ERRORS: [ValidationError(RESPONSE_INCOMPLETE, code="incomplete", params={"count": len(missing)})]}
        errors |= {str(item.pk): [ValidationError(ANSWER_REQUIRED, code="required")] for item in missing}
        raise ValidationError(errors)
    before = _response_snapshot(response)
    _bump(response, expected_version, {"status": Response.Status.SUBMITTED, "submitted_at": now,
                                       "submitted_by": actor, "updated_at": now, "updated_by": actor})
    audit_record(actor=actor, action="evaluation.response.submit", obj=response, before=before,
                 after=_response_snapshot(response))
    return response


@transaction.atomic
def response_reopen(*, actor, response: Response, reason: str,
                    now: datetime.datetime | None = None) -> Response:
    """The evaluator reopens a submitted response, with a recorded reason, so the municipality can change it."""
    _require(access.can_manage_evaluation(actor), NOT_EVALUATOR)
    now = _now(now)
    response = Response.objects.select_for_update().get(pk=response.pk)
    if not response.is_submitted:
        raise ValidationError(RESPONSE_NOT_SUBMITTED, code="not_submitted")
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    before = _response_snapshot(response)
    reopening = ResponseReopening(response=response, reason=reason.strip(), reopened_by=actor, reopened_at=now)
    reopening.full_clean()
    reopening.save()
    _bump(response, response.version, {"status": Response.Status.DRAFT, "submitted_at": None,
                                       "submitted_by": None, "updated_at": now, "updated_by": actor})
    audit_record(actor=actor, action="evaluation.response.reopen", obj=response, before=before,
                 after=_response_snapshot(response), reason=reason.strip())
    return response


# --- Interview and workshop log (evaluator) -----------------------------------------------------------

@transaction.atomic
def interview_entry_create(*, actor, held_on: datetime.date, kind: str, participant_roles: str,
                           municipality: Municipality | None = None, region: Region | None = None,
                           themes: str = "", notes: str = "") -> InterviewEntry:
    _require(access.can_read_interview_log(actor), NOT_EVALUATOR)
    if not participant_roles.strip():
        raise ValidationError({"participant_roles": INTERVIEW_NEEDS_ROLES})
    entry = InterviewEntry(held_on=held_on, kind=kind, participant_roles=participant_roles.strip(),
                           municipality=municipality, region=region, themes=themes, notes=notes, created_by=actor)
    entry.full_clean()
    entry.save()
    audit_record(actor=actor, action="evaluation.interview.create", obj=entry, before=None, after=snapshot(entry))
    return entry


@transaction.atomic
def interview_document_add(*, actor, entry: InterviewEntry, title: str, file: File) -> InterviewDocument:
    _require(access.can_read_interview_log(actor), NOT_EVALUATOR)
    document = InterviewDocument(entry=entry, title=title, file=file, uploaded_by=actor)
    document.full_clean()
    document.save()
    audit_record(actor=actor, action="evaluation.interview_document.add", obj=document, before=None,
                 after=snapshot(document))
    return document
