"""The allocation engine speaks bokmål: its explanations, warnings and errors are translated where they are shown,
stored runs render in either language, and runs stored with plain English strings still render."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.utils import translation

from samla.allocation import services, texts
from samla.allocation.models import AllocationRun, Programme
from samla.allocation.runs import RunOptions
from samla.core import allocation as core_allocation
from samla.core.allocation import (
    AllocationError,
    Continuation,
    MunicipalityRef,
    SchemeRule,
    allocate,
    allocate_scenario,
    engine,
    explain,
    load_programme_folder,
    result_from_data,
    result_to_data,
)
from samla.core.allocation import errors as E
from samla.core.allocation.text import Text
from samla.i18n_build import catalogues
from tests.allocation.conftest import nok
from tests.conftest import PILOT
from tests.core.allocation_builders import spec

NBSP = "\u00a0"
ENGINE_SOURCES = sorted(Path(core_allocation.__file__).parent.glob("*.py"))


def bokmaal_msgids() -> set[str]:
    return {e.msgid for path in catalogues() if path.parts[-3] == "nb"
            for e in polib.pofile(str(path)) if e.translated() and not e.obsolete}


def templates(value: object) -> set[str]:
    """Every template in a Text (or its stored form, or a list/dict of them), nested parameters included."""
    if isinstance(value, Text):
        return {value.template} | {t for _, p in value.params for t in templates(p)}
    if isinstance(value, dict) and "template" in value:
        return templates(Text.from_data(value))
    if isinstance(value, dict):
        return {t for v in value.values() for t in templates(v)}
    if isinstance(value, list | tuple):
        return {t for v in value for t in templates(v)}
    return set()


# --- Every template has a bokmål translation ---------------------------------------------------------------

def test_every_marked_engine_template_is_translated() -> None:
    marked = set()
    for path in ENGINE_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "gettext_noop" and node.args:
                marked.add(ast.literal_eval(node.args[0]))
    assert len(marked) > 100
    assert sorted(marked - bokmaal_msgids()) == []


def test_every_text_of_the_pilot_is_translated() -> None:
    result = allocate(load_programme_folder(PILOT))
    found = templates(list(result.warnings))
    for m in result.municipalities:
        for year in result.years:
            e = result.explain(m.number, year)
            found |= templates([e.rule, list(e.steps), [list(f) for f in e.factors],
                                [[p.label, p.detail] for p in e.parts]])
    found |= templates(result_to_data(allocate_scenario(result.spec, "strict_pooling")))
    assert {"entitlement {scheme}", "indexation", engine.DOUBLE_FINANCING} <= found
    assert "{rule}; strict pooling: minus the continued grants (not below 0)" in found
    assert sorted(found - bokmaal_msgids()) == []


KEY = SchemeRule("100.60", "key", budget=1_000_000, indicator="kids", indicator_year=2019)
ZERO_KIDS = {(m, "kids", 2019): Decimal(0) for m in ("0001", "0002", "0003")}
ONE = MunicipalityRef("0001", "M0001", "R")
ERROR_CASES = {
    E.NO_PARTICIPANTS: {"awards": {}},
    E.DUPLICATE_MUNICIPALITY: {"municipalities": (ONE, ONE)},
    E.YEARS_NOT_CONSECUTIVE: {"years": (2020, 2022)},
    E.ROUNDING_UNIT_NOT_POSITIVE: {"rounding_unit": 0},
    E.RESIDUAL_POLICY_UNKNOWN: {"residual_policy": "random"},
    E.SURPLUS_METHOD_UNKNOWN: {"surplus": "lottery"},
    E.FLOOR_NEGATIVE: {"floor": -1},
    E.BUDGET_NEGATIVE: {"budget": -1},
    E.BUDGET_NOT_MULTIPLE: {"budget": 1_500, "rounding_unit": 1000},
    E.NO_GROWTH: {"growth_map": {}},
    E.DUPLICATE_SCHEME: {"schemes": (SchemeRule("100.60"), SchemeRule("100.60"))},
    E.SCHEME_METHOD_UNKNOWN: {"schemes": (SchemeRule("100.60", "guess"),)},
    E.SCHEME_NEEDS_INDICATOR["key"]: {"schemes": (SchemeRule("100.60", "key", budget=1),)},
    E.SCHEME_NEEDS_INDICATOR["rate"]: {"schemes": (SchemeRule("100.60", "rate", rate=Decimal(1)),)},
    E.KEY_NEEDS_BUDGET: {"schemes": (SchemeRule("100.60", "key", indicator="kids"),)},
    E.RATE_NEEDS_RATE: {"schemes": (SchemeRule("100.60", "rate", indicator="kids"),)},
    E.UNKNOWN_MUNICIPALITY: {"decided": {("9999", 2020): 1}},
    E.DECIDED_WRONG_YEAR: {"decided": {("0001", 2021): 1}},
    E.DECIDED_NEGATIVE: {"decided": {("0001", 2020): -1}},
    E.DECIDED_INCOMPLETE: {"decided": {("0001", 2020): 1}},
    E.UNKNOWN_SCHEME: {"continuations": (Continuation("0001", "999.99", 2020, 1),)},
    E.CONTINUATION_YEAR_OUTSIDE: {"continuations": (Continuation("0001", "100.60", 2030, 1),)},
    E.CONTINUATION_NEGATIVE: {"continuations": (Continuation("0001", "100.60", 2020, -1),)},
    E.MISSING_INDICATOR: {"schemes": (KEY,)},
    E.INDICATOR_SUM_ZERO: {"schemes": (KEY,), "indicators": ZERO_KIDS},
    E.INVALID_INDICATOR_VALUE: {"schemes": (KEY,), "indicators": {**ZERO_KIDS, ("0001", "kids", 2019): Decimal(-1)}},
    E.SURPLUS_NEEDS_INDICATOR: {"budget": 9_000_000},
    E.MISSING_SURPLUS_INDICATOR: {"budget": 9_000_000, "surplus_indicator": "kids"},
    E.SURPLUS_WEIGHTS_ZERO: {"budget": 9_000_000, "surplus_indicator": "kids", "indicators": ZERO_KIDS},
    E.HOLD_HARMLESS_EXCEEDS_BUDGET: {"budget": 1_000_000},
    E.BASE_TOTAL_ZERO: {"awards": {"0001": 0, "0002": 0}},
}


def test_the_error_table_covers_every_engine_error() -> None:
    constants = {v for k, v in vars(E).items() if k.isupper() and isinstance(v, str)}
    constants |= set(E.SCHEME_NEEDS_INDICATOR.values())
    assert constants == set(ERROR_CASES)


@pytest.mark.parametrize("template", list(ERROR_CASES), ids=lambda t: t[:40])
def test_every_engine_error_is_a_translated_text(template: str) -> None:
    with pytest.raises(AllocationError) as info:
        allocate(spec(**ERROR_CASES[template]))
    assert info.value.text.template == template
    assert sorted(templates(info.value.text) - bokmaal_msgids()) == []
    with translation.override("nb"):
        said = texts.error_text(info.value)
    assert said != str(info.value) and said[0].isupper() and said.endswith(".")


def test_every_warning_is_a_translated_text() -> None:
    decided = {("0001", 2020): 900_000, ("0002", 2020): 2_000_000, ("0003", 2020): 300_000}
    continuations = (Continuation("0002", "100.60", 2020, 700_000), Continuation("0003", "100.60", 2020, 20_000))
    result = allocate(spec(decided=decided, budget=4_000_000, continuations=continuations, rounding_unit=1000))
    found = templates(list(result.warnings))
    assert found == {engine.DECIDED_NOT_BUDGET, engine.HOLD_HARMLESS_NOT_MET, engine.HOLD_HARMLESS_GAP,
                     engine.HOLD_HARMLESS_BY_CONTINUATIONS, engine.DOUBLE_FINANCING}
    assert sorted(found - bokmaal_msgids()) == []


def _copy_pilot(tmp_path: Path) -> Path:
    folder = tmp_path / "pilot"
    folder.mkdir()
    for f in PILOT.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    return folder


@pytest.mark.parametrize(("file", "old", "new"), [
    ("awards.csv", "municipality,scheme,year,amount", "kommune,scheme,year,amount"),
    ("awards.csv", "3420,231.63,2019,387000", "3420,231.63,2019,-387000"),
    ("awards.csv", "3420,231.63,2019,387000", "3420,231.63,2019,387000,1"),
    ("programme.toml", "name", "nam"),
    ("programme.toml", "[growth.2021]", "[growth.x]"),
])
def test_folder_errors_are_translated_with_their_place(tmp_path: Path, file: str, old: str, new: str) -> None:
    folder = _copy_pilot(tmp_path)
    path = folder / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    from samla.core.allocation import InputError

    with pytest.raises(InputError) as info:
        load_programme_folder(folder)
    assert sorted(templates(info.value.text) - bokmaal_msgids()) == []
    with translation.override("nb"):
        said = texts.render(info.value.text)
    assert said.startswith(file) and said != str(info.value)


# --- Rendering ---------------------------------------------------------------------------------------------

def test_render_translates_nested_texts_and_keeps_numbers_together() -> None:
    text = Text(E.HOLD_HARMLESS_EXCEEDS_BUDGET, pots="41 755 000", budget="39 310 000")
    with translation.override("nb"):
        assert texts.render(text) == (
            "kravet om at ingen skal tape på å delta kan ikke oppfylles: pottene summerer seg til "
            f"41{NBSP}755{NBSP}000 kroner, mer enn budsjettet på 39{NBSP}310{NBSP}000 kroner")
    with translation.override("en"):
        assert texts.render(text) == str(text).replace("41 755 000", f"41{NBSP}755{NBSP}000").replace(
            "39 310 000", f"39{NBSP}310{NBSP}000")
    place = Text(E.LOCATIONS[(True, True, False)], file="awards.csv", line=4,
                 message=Text(E.UNKNOWN_MUNICIPALITY, number="9999"))
    with translation.override("nb"):
        assert texts.render(place) == "awards.csv, linje 4: ukjent kommune 9999"
        assert texts.render("an old plain string") == "an old plain string"


def test_a_broken_translation_falls_back_to_english(monkeypatch) -> None:
    monkeypatch.setattr(texts, "gettext", lambda s: "{wrong}")
    assert texts.render(Text("floor {floor} NOK", floor="1")) == "floor 1 NOK"


# --- Pages -------------------------------------------------------------------------------------------------

EXPLAIN = "/programmes/pilot-2020/explain/{number}/{year}/"


def english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_explanation_fragment_is_in_bokmaal_by_default(client: Client, pilot: Programme) -> None:
    html = client.get(EXPLAIN.format(number="3420", year=2021), headers={"HX-Request": "true"}).content.decode()
    assert "Beløp i basisåret × T(år) / T0, avrundet til avrundingsenheten, restbeløp etter regelen" in html
    assert "Beløp i basisåret 2020" in html and "Indeksering" in html
    assert f"Avrunding til nærmeste 1{NBSP}000 kr (halve opp)" in html
    assert f"<dt>Totalt 2021</dt><dd>{nok(40_529_000)} kr</dd>" in html
    assert f"T(2021) = avrund(T(2020) × 1,031) = {nok(40_529_000)}" in html  # bokmål decimal comma
    assert 'lang="en"' not in html and "round(" not in html and "indexation" not in html.lower()


def test_explanation_fragment_in_english_when_chosen(client: Client, pilot: Programme) -> None:
    html = english(client).get(EXPLAIN.format(number="3420", year=2021),
                               headers={"HX-Request": "true"}).content.decode()
    assert "Base amount × T(year) / T0, rounded to the unit, residual by policy" in html
    assert "Base amount 2020" in html and "Indexation" in html and f"Rounding half up to 1{NBSP}000 NOK" in html
    assert f"T(2021) = round(T(2020) × 1.031) = {nok(40_529_000)}" in html
    assert "avrund" not in html and 'lang="en"' not in html


def test_base_year_explanation_in_both_languages(client: Client, pilot: Programme) -> None:
    url = EXPLAIN.format(number="5001", year=2020)
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Rettighet fra ordning 765.60" in html and "tildeling i 2019" in html
    assert f"Ingen skal tape på å delta: Σ tilskuddsordninger = {nok(19_341_000)} kr" in html
    assert f"vedtatt {nok(12_300_000)} kr erstatter beregnet {nok(19_341_000)} kr" in html
    html = english(client).get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Entitlement 765.60" in html and "award in 2019" in html
    assert f"Hold-harmless entitlement: Σ schemes = {nok(19_341_000)} NOK" in html


def _warnings(html: str) -> str:
    start = html.index('id="warnings-heading"')
    return html[start:html.index("</section>", start)]


def test_programme_warnings_in_both_languages(client: Client, pilot: Programme) -> None:
    warnings = _warnings(client.get("/").content.decode())
    assert (f"Dobbeltfinansiering: 3801 Horten får 550{NBSP}000 kroner i 2020 fra videreførte tilskudd (765.60) i "
            f"tillegg til programbeløpet på 3{NBSP}130{NBSP}000 kroner") in warnings
    assert "Kravet om at ingen skal tape på å delta er ikke oppfylt for 5001 Trondheim i 2020" in warnings
    assert "double financing" not in warnings.lower() and 'lang="en"' not in warnings
    warnings = _warnings(english(client).get("/").content.decode())
    assert f"Double financing: 3801 Horten receives 550{NBSP}000 NOK in 2020" in warnings
    assert "Hold-harmless not met for 5001 Trondheim in 2020" in warnings


def test_not_computable_page_says_the_engines_problem_in_both_languages(client: Client, db) -> None:
    Programme.objects.create(slug="new", name="Ny programfinansiering", first_year=2027, last_year=2029)
    assert "Programmet har ingen deltakende kommuner." in client.get("/programmes/new/").content.decode()
    assert "The programme has no participating municipalities." in english(client).get(
        "/programmes/new/").content.decode()


def test_the_run_form_says_the_engines_objection_in_english_when_chosen(client: Client, pilot, people) -> None:
    pilot.budget = 39_310_000
    pilot.save()
    client.force_login(people["directorate"])
    html = english(client).post("/programmes/pilot-2020/runs/new/", {
        "scenario": "as_run", "residual_policy": "programme", "base": "formula"}).content.decode()
    assert (f"The allocation could not be computed: hold-harmless cannot be met: the pots sum to "
            f"41{NBSP}755{NBSP}000 NOK, more than the budget 39{NBSP}310{NBSP}000 NOK") in html


# --- Stored runs -------------------------------------------------------------------------------------------

RUN = "/programmes/pilot-2020/runs/{number}/"


@pytest.fixture
def strict_run(pilot, people) -> AllocationRun:
    return services.allocation_run_create(actor=people["directorate"], programme=pilot,
                                          options=RunOptions(scenario="strict_pooling"))


def test_a_run_stores_its_texts_with_template_and_params(strict_run: AllocationRun) -> None:
    cell = strict_run.result["cells"]["5001"]["2020"]["explanation"]
    label = cell["parts"][0]["label"]
    assert label == {"text": "entitlement 231.63", "template": "entitlement {scheme}", "params": {"scheme": "231.63"}}
    assert cell["rule"]["template"] == "{rule}; strict pooling: minus the continued grants (not below 0)"
    assert cell["rule"]["params"]["rule"]["template"] == explain.DECISION_RULE
    assert all(isinstance(w, dict) and w["template"] for w in strict_run.result["warnings"])
    # The run's own list of warnings stays English text (for lists and exports).
    assert strict_run.warnings and all(isinstance(w, str) for w in strict_run.warnings)
    assert strict_run.warnings == [w["text"] for w in strict_run.result["warnings"]]


def test_a_stored_run_renders_in_both_languages(client: Client, people, strict_run: AllocationRun) -> None:
    client.force_login(people["directorate"])
    url = RUN.format(number=strict_run.number) + "explain/5001/2020/"
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Videreførte tilskudd betalt fra potten" in html
    assert f"Streng samling: {nok(12_300_000)} − {nok(7_041_000)} videreført = {nok(5_259_000)} kr" in html
    assert "Vedtatt beløp for basisåret (formelens pott vist til sammenligning); streng samling:" in html
    assert 'lang="en"' not in html
    warnings = _warnings(client.get(RUN.format(number=strict_run.number)).content.decode())
    assert "Dobbeltfinansiering: 5001 Trondheim får" in warnings
    english(client)
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Continued grants paid from the pot" in html
    assert f"Strict pooling: {nok(12_300_000)} − {nok(7_041_000)} continued = {nok(5_259_000)} NOK" in html
    warnings = _warnings(client.get(RUN.format(number=strict_run.number)).content.decode())
    assert "Double financing: 5001 Trondheim receives" in warnings


def _as_old_run(value: object) -> object:
    """A result document as runs stored it before texts were translatable: every text a plain English string."""
    if isinstance(value, dict) and "template" in value and "text" in value:
        return value["text"]
    if isinstance(value, dict):
        return {k: _as_old_run(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_old_run(v) for v in value]
    return value


def test_a_run_stored_with_plain_strings_still_renders(client: Client, people, strict_run: AllocationRun) -> None:
    AllocationRun.objects.filter(pk=strict_run.pk).update(result=_as_old_run(strict_run.result))
    client.force_login(people["directorate"])
    url = RUN.format(number=strict_run.number) + "explain/5001/2020/"
    response = client.get(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<span lang="en">Continued grants paid from the pot</span>' in html
    assert '<span lang="en">Entitlement 765.60</span>' in html
    assert '<span lang="en">Strict pooling: 12 300 000 − 7 041 000 continued = 5 259 000 NOK</span>' in html
    warnings = _warnings(client.get(RUN.format(number=strict_run.number)).content.decode())
    assert '<span lang="en">Double financing: 5001 Trondheim receives' in warnings
    html = english(client).get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Continued grants paid from the pot" in html and 'lang="en"' not in html


def test_explanation_of_an_old_run_gives_plain_strings() -> None:
    result = allocate(load_programme_folder(PILOT))
    document = _as_old_run(result_to_data(result))
    e = result_from_data(document).explain("3420", 2021)
    assert e.rule == "base amount × T(year) / T0, rounded to the unit, residual by policy"
    assert not isinstance(e.rule, Text) and not any(isinstance(p.label, Text) for p in e.parts)
    fresh = result_from_data(result_to_data(result)).explain("3420", 2021)
    assert isinstance(fresh.rule, Text) and fresh.rule == e.rule and isinstance(fresh.parts[0].label, Text)
