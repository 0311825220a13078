"""A small hand-made data set for the results pages, exports and charts, with figures computed by hand.

Two waves of one form. Wave "2019" (version 1: q1, q2, q3 free text), wave "2022" (version 2: q1, q2, q3, q4).
Submitted responses only count; Røros's 2019 draft and Hamar's missing 2022 response do not.

    q1 2019: Elverum 2, Tynset 3, Os 2, Hamar 3, Trondheim dk  → n 4, dk 1, mean 2.5, sd √(1/3) = 0.5774, median 2.5
    q2 2019: Elverum 4, Tynset 4, Os 5, Hamar (none), Trondheim 3 → n 4, missing 1, mean 4.0, sd √(2/3) = 0.8165
    q1 2022: Elverum 4, Tynset 3, Os 3, Trondheim 4 → n 4, mean 3.5, sd 0.5774, median 3.5
    q2 2022: Elverum 5, Tynset dk, Os dk, Trondheim 5 → n 2 (suppressed below 3), mean 5.0, sd 0.0
    q4 2022: Elverum 1, Tynset 2, Os 3, Trondheim 4 → n 4, mean 2.5, sd √(5/3) = 1.2910 (only in 2022: no change)
    change q1 2019→2022: +1.0 scale points, +40 %; change q2: +1.0, +25 % (suppressed for all but the evaluator)
    Innlandet only, q1 2022: Elverum 4, Tynset 3, Os 3 → n 3, mean 3.3333
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from samla.evaluation.models import Form, FormVersion, Item, Response, ResponseAnswer, Wave
from samla.registry.models import Municipality, Region
from tests.personas import make_personas

D = datetime.date(2019, 1, 1)
Q1 = "Hvor god er kommunen til å arbeide på tvers av tjenester i ulike sektorer?"
Q2 = "Hvor god er kommunen til å arbeide på tvers innad i samme sektor?"
Q3 = "Hva har vært viktigst i arbeidet?"
Q4 = "I hvilken grad har programfinansieringen bidratt til lokalt eierskap?"
FREE_TEXT = "Felles kartlegging i oppvekstteamet."

DATA = {
    "2019": {"elverum": {"q1": 2, "q2": 4, "q3": FREE_TEXT}, "tynset": {"q1": 3, "q2": 4}, "os": {"q1": 2, "q2": 5},
             "hamar": {"q1": 3}, "trondheim": {"q1": "dk", "q2": 3}},
    "2022": {"elverum": {"q1": 4, "q2": 5, "q4": 1}, "tynset": {"q1": 3, "q2": "dk", "q4": 2},
             "os": {"q1": 3, "q2": "dk", "q4": 3}, "trondheim": {"q1": 4, "q2": 5, "q4": 4}},
}
DRAFTS = {"2019": {"roros": {"q1": 5, "q2": 1}}}


def _version(form: Form, number: int, codes: list[str]) -> FormVersion:
    version = FormVersion.objects.create(form=form, number=number)
    texts = {"q1": Q1, "q2": Q2, "q3": Q3, "q4": Q4}
    for order, code in enumerate(codes):
        Item.objects.create(version=version, item_code=code, text_nb=texts[code], text_en=f"English {code}",
                            theme="Arbeid på tvers" if code != "q4" else "Programfinansiering", order=order,
                            type=Item.Type.FREE_TEXT if code == "q3" else Item.Type.LIKERT,
                            allow_dont_know=code != "q3", required=code != "q3")
    FormVersion.objects.filter(pk=version.pk).update(status=FormVersion.Status.PUBLISHED,
                                                     published_at=timezone.now())
    version.refresh_from_db()
    return version


def _respond(wave: Wave, municipality: Municipality, values: dict, submitted: bool) -> None:
    now = timezone.now()
    response = Response.objects.create(
        wave=wave, municipality=municipality, created_at=now, updated_at=now,
        status=Response.Status.SUBMITTED if submitted else Response.Status.DRAFT,
        submitted_at=now if submitted else None)
    items = {i.item_code: i for i in wave.version.items.all()}
    for code, value in values.items():
        if code == "q3":
            ResponseAnswer.objects.create(response=response, item=items[code], text=value)
        elif value == "dk":
            ResponseAnswer.objects.create(response=response, item=items[code], dont_know=True)
        else:
            ResponseAnswer.objects.create(response=response, item=items[code], value=value)


@pytest.fixture(name="rw")
def rw_fixture(db):
    inn = Region.objects.create(code="34", name="Innlandet", office_name="Fylkesmannen i Innlandet", valid_from=D)
    tro = Region.objects.create(code="50", name="Trøndelag", office_name="Fylkesmannen i Trøndelag", valid_from=D)
    m = {key: Municipality.objects.create(number=number, name=name, region=region, valid_from=D)
         for key, number, name, region in [("elverum", "3420", "Elverum", inn), ("tynset", "3427", "Tynset", inn),
                                            ("os", "3430", "Os", inn), ("hamar", "3403", "Hamar", inn),
                                            ("trondheim", "5001", "Trondheim", tro), ("roros", "5025", "Røros", tro)]}
    # The standard personas with an "r-" prefix (r-eva, r-u-elverum, ...), apart from those of the world fixture.
    users = make_personas(region=inn, other_region=tro, municipalities=m, prefix="r-",
                          keys=["evaluator", "directorate", "governor", "resource", "competence", "outsider"])
    form = Form.objects.create(name="Refleksjonsskjema for piloten")
    v1 = _version(form, 1, ["q1", "q2", "q3"])
    v2 = _version(form, 2, ["q1", "q2", "q3", "q4"])
    waves = {}
    for label, version, opens in (("2019", v1, datetime.date(2019, 10, 1)), ("2022", v2, datetime.date(2022, 3, 1))):
        wave = Wave.objects.create(label=label, version=version, opens_on=opens,
                                   closes_on=opens + datetime.timedelta(days=30))
        wave.municipalities.set([m[k] for k in ("elverum", "tynset", "os", "hamar", "trondheim", "roros")])
        waves[label] = wave
        for key, values in DATA[label].items():
            _respond(wave, m[key], values, submitted=True)
        for key, values in DRAFTS.get(label, {}).items():
            _respond(wave, m[key], values, submitted=False)
    return SimpleNamespace(regions={"innlandet": inn, "trondelag": tro}, municipalities=m, users=users, form=form,
                           waves=waves)
