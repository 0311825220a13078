"""The pilot's reflection form with ILLUSTRATIVE answers: ``demo_load_evaluation()`` (idempotent).

Reads ``examples/reflection-illustrative/items.csv`` (item codes, themes and questions) and
``responses.csv`` (long format; invented answers whose means equal Figure 7 of the final report to one
decimal). Creates the form (marked illustrative), one published version, the waves 2019, 2020 and 2022
for the 12 pilot municipalities and their submitted responses. Needs the registry's reference data (the
municipalities); links the form to the pilot programme when it is loaded. Running it again creates only
what is missing.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from samla.allocation.models import Programme
from samla.audit.services import audit_record, snapshot
from samla.core.survey import DK, read_long_csv
from samla.evaluation.models import Form, FormVersion, Item, Response, ResponseAnswer, Wave
from samla.registry.models import Municipality

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "examples" / "reflection-illustrative"
FALLBACK_ITEMS = ROOT / "tests" / "reference" / "reflection_fig7_means.csv"
FORM_NAME = "Refleksjonsskjema – pilot for programfinansiering"
PROGRAMME_SLUG = "pilot-2020"
NUMBERS_ON = datetime.date(2020, 1, 1)  # responses.csv uses the 2020–2023 municipality numbers
# The report gives the years of the rounds, not their dates: these dates are illustrative too.
WAVES = {
    "2019": (datetime.date(2019, 11, 1), datetime.date(2019, 12, 15)),
    "2020": (datetime.date(2020, 11, 1), datetime.date(2020, 12, 15)),
    "2022": (datetime.date(2022, 3, 1), datetime.date(2022, 4, 15)),
}
NOTE = ("Illustrative answers: the means equal Figure 7 of the final evaluation report (Oxford Research 2023) to "
        "one decimal; the individual answers are invented. Source: examples/reflection-illustrative/.")
COMMENT_ITEM = {"item_code": "comments", "theme": "Kommentarer", "type": Item.Type.FREE_TEXT, "required": False,
                "text_nb": "Andre kommentarer til arbeidet på tvers i kommunen",
                "text_en": "Other comments on the cross-sector work in the municipality"}


def _read_items(folder: Path) -> list[dict]:
    path = folder / "items.csv"
    if path.exists():
        with path.open(encoding="utf-8-sig") as fh:
            return [{"item_code": row["item"], "theme": row.get("theme_nb", ""), "text_nb": row["text_nb"],
                     "text_en": row.get("text_en", ""), "type": Item.Type.LIKERT, "required": False,
                     "allow_dont_know": True} for row in csv.DictReader(fh)]
    # The three items of Figure 7, English text only; a text may hold unquoted commas, so split from the right.
    lines = [line for line in FALLBACK_ITEMS.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")][1:]
    texts = [line.rsplit(",", 3)[0] for line in lines]
    return [{"item_code": f"fig7_q{n}", "theme": "Status for arbeid på tvers", "text_nb": text, "text_en": text,
             "type": Item.Type.LIKERT, "required": False, "allow_dont_know": True}
            for n, text in enumerate(texts, start=1)]


def _form_and_version(items: list[dict], now: datetime.datetime) -> FormVersion:
    form = Form.objects.filter(name=FORM_NAME, illustrative=True).first()
    if form is None:
        form = Form.objects.create(name=FORM_NAME, illustrative=True, programme=Programme.objects.filter(
            slug=PROGRAMME_SLUG).first(), description=NOTE)
        audit_record(actor=None, action="evaluation.demo.form", obj=form, before=None, after=snapshot(form))
    version = form.versions.filter(status=FormVersion.Status.PUBLISHED).order_by("number").first()
    if version is None:
        version = FormVersion.objects.create(form=form, number=1)
        for order, data in enumerate([*items, COMMENT_ITEM], start=1):
            item = Item(version=version, order=order, **data)
            item.full_clean()
            item.save()
        version.status, version.published_at = FormVersion.Status.PUBLISHED, now
        version.save(update_fields=["status", "published_at"])
        audit_record(actor=None, action="evaluation.demo.form_version", obj=version, before=None,
                     after=snapshot(version))
    return version


def _municipalities(numbers: set[str]) -> dict[str, Municipality]:
    found = {m.number: m for m in Municipality.objects.valid_on(NUMBERS_ON).filter(number__in=numbers)}
    missing = sorted(numbers - set(found))
    if missing:
        raise RuntimeError(f"municipalities {', '.join(missing)} are not in the registry; load the reference data "
                           "first (samla demo load)")
    return found


def _wave(label: str, version: FormVersion, municipalities: list[Municipality]) -> Wave:
    wave = Wave.objects.filter(version__form=version.form, label=label).first()
    if wave is None:
        opens_on, closes_on = WAVES.get(label, (datetime.date(int(label), 1, 1), datetime.date(int(label), 12, 31)))
        wave = Wave.objects.create(label=label, version=version, opens_on=opens_on, closes_on=closes_on,
                                   illustrative=True, note=NOTE)
        wave.municipalities.set(municipalities)
        audit_record(actor=None, action="evaluation.demo.wave", obj=wave, before=None, after=snapshot(wave))
    return wave


@transaction.atomic
def demo_load_evaluation(folder: Path = FOLDER) -> Form:
    """Load the illustrative reflection form, waves and submitted responses; return the form."""
    now = timezone.now()
    version = _form_and_version(_read_items(folder), now)
    answers = read_long_csv(folder / "responses.csv")
    municipalities = _municipalities({a.municipality for a in answers})
    items = {item.item_code: item for item in version.items.all()}
    by_response: dict[tuple[str, str], list] = {}
    for answer in answers:
        by_response.setdefault((answer.wave, answer.municipality), []).append(answer)
    waves = {label: _wave(label, version, list(municipalities.values()))
             for label in sorted({a.wave for a in answers})}
    for (label, number), rows in sorted(by_response.items()):
        wave = waves[label]
        if Response.objects.filter(wave=wave, municipality=municipalities[number]).exists():
            continue
        submitted_at = timezone.make_aware(datetime.datetime.combine(wave.closes_on, datetime.time(12)))
        response = Response.objects.create(wave=wave, municipality=municipalities[number],
                                           status=Response.Status.SUBMITTED, created_at=submitted_at,
                                           updated_at=submitted_at, submitted_at=submitted_at)
        for answer in rows:
            if answer.value is None:
                continue  # missing: no answer row
            ResponseAnswer.objects.create(response=response, item=items[answer.item], dont_know=answer.value == DK,
                                          value=None if answer.value == DK else answer.value)
        audit_record(actor=None, action="evaluation.demo.response", obj=response, before=None,
                     after=snapshot(response))
    return version.form
