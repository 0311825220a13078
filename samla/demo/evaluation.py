"""The pilot's reflection form with ILLUSTRATIVE answers: ``demo_load_evaluation()`` (idempotent).

Reads from ``examples/reflection-illustrative/``:

- ``items.csv``: item codes, themes, questions in bokmål and English, and optionally ``type`` (likert,
  single_choice or free_text; default likert), ``waves`` (the wave labels that asked the item, separated by
  spaces; default every wave) and ``choices`` (a single-choice item's ``value;label_nb;label_en``, separated
  by ``|``);
- ``responses.csv``: the scale answers in the long format (invented answers whose means equal Figure 7 of the
  final report to one decimal, and illustrative answers to further items of section 5.5);
- ``responses_other.csv`` (optional, same header): single-choice answers (a choice value) and free-text
  answers; no row means not answered.

Creates the form (marked illustrative), one published version per wave holding exactly the items asked in
that wave (so an item not asked in a wave has no statistics and no change for it; the report's forms varied
a little between rounds), the waves 2019, 2020 and 2022 for the 12 pilot municipalities and their submitted
responses. Needs the registry's reference data (the municipalities); links the form to the pilot programme
when it is loaded. Running it again creates only what is missing: an existing wave keeps its version.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from samla.allocation.models import Programme
from samla.core.survey import DK, HEADER, natural_key, read_long_csv
from samla.evaluation import services
from samla.evaluation.models import Form, FormVersion, Item, Response, Wave
from samla.evaluation.services import AnswerInput, ItemInput
from samla.registry.models import Municipality

ROOT = Path(__file__).resolve().parents[2]  # the checkout: samla/demo/evaluation.py → ../..
FOLDER = ROOT / "examples" / "reflection-illustrative"
OTHER_FILE = "responses_other.csv"
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
# Shown on the wave's page and kept in the audit log: bokmål like the rest of the demo's case data, no file paths.
NOTE = ("Illustrative svar: gjennomsnittene for spørsmålene i figur 7 er lik sluttrapporten (Oxford Research 2023) "
        "med én desimal; de andre spørsmålene fra kapittel 5.5 følger det rapporten sier i ord; de enkelte svarene "
        "er oppdiktet.")
SOURCE = "Illustrative svar (demo), ikke kommunenes egne"
COMMENT_ITEM = ItemInput(item_code="comments", theme="Kommentarer", type=Item.Type.FREE_TEXT, required=False,
                         text_nb="Andre kommentarer til arbeidet på tvers i kommunen",
                         text_en="Other comments on the cross-sector work in the municipality")


def _item(row: dict[str, str]) -> tuple[dict, set[str] | None]:
    """One row of items.csv as Item fields, and the waves that asked it (None: every wave)."""
    kind = (row.get("type") or "").strip() or Item.Type.LIKERT
    if kind not in Item.Type.values:
        raise RuntimeError(f"items.csv: item {row['item']} has the unknown type {kind!r}")
    choices = [dict(zip(("value", "label_nb", "label_en"), (part.strip() for part in choice.split(";")),
                        strict=False))
               for choice in (row.get("choices") or "").split("|") if choice.strip()]
    waves = set((row.get("waves") or "").split()) or None
    return ({"item_code": row["item"], "theme": row.get("theme_nb", ""), "text_nb": row["text_nb"],
             "text_en": row.get("text_en", ""), "type": kind, "required": False,
             "allow_dont_know": kind == Item.Type.LIKERT, "choices": choices}, waves)


def _read_items(folder: Path) -> list[tuple[dict, set[str] | None]]:
    path = folder / "items.csv"
    if path.exists():
        with path.open(encoding="utf-8-sig") as fh:
            return [_item(row) for row in csv.DictReader(fh)]
    # The three items of Figure 7, English text only; a text may hold unquoted commas, so split from the right.
    lines = [line for line in FALLBACK_ITEMS.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")][1:]
    texts = [line.rsplit(",", 3)[0] for line in lines]
    return [({"item_code": f"fig7_q{n}", "theme": "Status for arbeid på tvers", "text_nb": text, "text_en": text,
              "type": Item.Type.LIKERT, "required": False, "allow_dont_know": True}, None)
            for n, text in enumerate(texts, start=1)]


def _read_other(folder: Path) -> list[tuple[str, str, str, str]]:
    """responses_other.csv: single-choice and free-text answers as (municipality, wave, item, value)."""
    path = folder / OTHER_FILE
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        if tuple(h.strip().lower() for h in next(reader, ())) != HEADER:
            raise RuntimeError(f"{OTHER_FILE}: the header must be {','.join(HEADER)}")
        rows = [tuple(cell.strip() for cell in row) for row in reader if any(cell.strip() for cell in row)]
    for line, row in enumerate(rows, start=2):
        if len(row) != len(HEADER) or not all(row[:3]):
            raise RuntimeError(f"{OTHER_FILE}:{line}: expected {','.join(HEADER)} with municipality, wave and item")
    return [(row[0], row[1], row[2], row[3]) for row in rows if row[3]]


def _evaluator():
    """The demo's evaluator, who loads the answers (the demo users' step makes it; made here when run alone)."""
    from django.contrib.auth import get_user_model

    from samla.accounts.services import demo_users_ensure

    user = get_user_model().objects.filter(username="evaluator").first()
    if user is None:
        demo_users_ensure()
        user = get_user_model().objects.get(username="evaluator")
    return user


def _asked(items: list[tuple[dict, set[str] | None]], label: str) -> list[ItemInput]:
    return [ItemInput(**data) for data, asked_in in items if asked_in is None or label in asked_in] + [COMMENT_ITEM]


def _published(evaluator, form: Form | None, asked: list[ItemInput], now: datetime.datetime) -> FormVersion:
    """A new published version of the form with these items (the form is made with its first version)."""
    if form is None:
        form = services.form_create(actor=evaluator, name=FORM_NAME, description=NOTE, illustrative=True,
                                    programme=Programme.objects.filter(slug=PROGRAMME_SLUG).first(), items=asked)
        version = form.versions.get()
    else:
        version = services.form_version_import_items(actor=evaluator, form=form, items=asked,
                                                     source=SOURCE)
    return services.form_version_publish(actor=evaluator, version=version, now=now)


def _municipalities(numbers: set[str]) -> dict[str, Municipality]:
    found = {m.number: m for m in Municipality.objects.valid_on(NUMBERS_ON).filter(number__in=numbers)}
    missing = sorted(numbers - set(found))
    if missing:
        raise RuntimeError(f"municipalities {', '.join(missing)} are not in the registry; load the reference data "
                           "first (samla demo load)")
    return found


def _answer(items: dict[str, dict], label: str, code: str, value, *, scale: bool) -> AnswerInput:
    """One answer as typed in a form: a scale value or DK (responses.csv), a choice or a text (the other file)."""
    item = items.get(code)
    if item is None:
        raise RuntimeError(f"item {code} is not asked in wave {label} (items.csv: column waves)")
    if scale != (item["type"] == Item.Type.LIKERT):
        raise RuntimeError(f"item {code} is of type {item['type']}: its answers belong in "
                           f"{'responses.csv' if item['type'] == Item.Type.LIKERT else OTHER_FILE}")
    if scale:
        return AnswerInput(dont_know=True) if value == DK else AnswerInput(value=value)
    if item["type"] == Item.Type.SINGLE_CHOICE:
        return AnswerInput(choice=value)
    return AnswerInput(text=value)


@transaction.atomic
def demo_load_evaluation(folder: Path = FOLDER) -> Form:
    """Load the illustrative reflection form, its versions, waves and submitted responses through the evaluation
    app's services, as the evaluator; return the form. What is already there is left as it is."""
    now = timezone.now()
    evaluator = _evaluator()
    items = _read_items(folder)
    scale = [(a.municipality, a.wave, a.item, a.value) for a in read_long_csv(folder / "responses.csv")]
    other = _read_other(folder)
    municipalities = _municipalities({row[0] for row in scale + other})
    form = Form.objects.filter(name=FORM_NAME, illustrative=True).first()
    by_response: dict[tuple[str, str], list] = {}
    for municipality, label, code, value in scale:
        by_response.setdefault((label, municipality), []).append((code, value, True))
    for municipality, label, code, value in other:
        by_response.setdefault((label, municipality), []).append((code, value, False))
    for label in sorted({row[1] for row in scale + other}, key=natural_key):
        wave = None if form is None else Wave.objects.filter(version__form=form, label=label).first()
        if wave is None:
            version = _published(evaluator, form, _asked(items, label), now)
            form = version.form
            opens_on, closes_on = WAVES.get(label, (datetime.date(int(label), 1, 1), datetime.date(int(label), 12, 31)))
            wave = services.wave_create(actor=evaluator, label=label, version=version, opens_on=opens_on,
                                        closes_on=closes_on, municipalities=list(municipalities.values()),
                                        illustrative=True, note=NOTE)
        asked = {item.item_code: {"type": item.type} for item in wave.version.items.all()}
        submitted_at = timezone.make_aware(datetime.datetime.combine(wave.closes_on, datetime.time(12)))
        answered = set(Response.objects.filter(wave=wave).values_list("municipality__number", flat=True))
        collected = [
            services.CollectedResponse(municipality=municipalities[number], submitted_at=submitted_at, answers={
                code: _answer(asked, label, code, value, scale=is_scale) for code, value, is_scale in rows
                if value is not None})
            for (wave_label, number), rows in sorted(by_response.items())
            if wave_label == label and number not in answered]
        if collected:
            services.responses_import_collected(actor=evaluator, wave=wave, responses=collected,
                                                source=SOURCE)
    assert form is not None
    return form
