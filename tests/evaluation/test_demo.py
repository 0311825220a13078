"""The illustrative demo: the pilot's form, one version per wave, three waves and 36 submitted responses,
loaded idempotently, with the items of Figure 7 and further items of section 5.5 of the report."""

from __future__ import annotations

import csv

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samla.accounts.models import Role, RoleAssignment
from samla.core.survey import DK, read_long_csv
from samla.demo.evaluation import FOLDER, demo_load_evaluation
from samla.evaluation import results
from samla.evaluation.models import Form, FormVersion, Item, Response, ResponseAnswer, Wave

FIG7 = ["fig7_q1", "fig7_q2", "fig7_q3"]
FIG9 = ["fig9_q1", "fig9_q2"]
SECTION_553_554 = ["s553_leadership", "s553_routines", "s554_adjust"]
FIG11 = ["fig11_q1", "fig11_q2"]


def counts() -> tuple[int, ...]:
    return (Form.objects.count(), Wave.objects.count(), Response.objects.count(), ResponseAnswer.objects.count())


def test_demo_loads_the_pilot_and_is_idempotent(reference_data) -> None:
    form = demo_load_evaluation()
    first = counts()
    assert first[:3] == (1, 3, 36)
    assert demo_load_evaluation().pk == form.pk and counts() == first
    assert form.illustrative and all(w.illustrative for w in Wave.objects.all())
    assert sorted(Wave.objects.values_list("label", flat=True)) == ["2019", "2020", "2022"]
    assert set(Response.objects.values_list("status", flat=True)) == {Response.Status.SUBMITTED}
    assert FormVersion.objects.filter(form=form).count() == 3
    asked = {}
    for wave in Wave.objects.select_related("version"):
        assert wave.version.is_published and wave.version.form == form
        asked[wave.label] = list(wave.version.items.values_list("item_code", flat=True))
    # one version per wave, holding the items asked in that wave (the report's forms varied a little)
    assert asked == {"2019": [*FIG7, *FIG9, "comments"], "2020": [*FIG7, *FIG9, *FIG11, "comments"],
                     "2022": [*FIG7, *FIG9, *SECTION_553_554, *FIG11, "comments"]}
    assert [v.based_on_id for v in form.versions.order_by("number")] == [
        None, *form.versions.order_by("number").values_list("pk", flat=True)[:2]]


def test_demo_answers_equal_the_file(reference_data) -> None:
    demo_load_evaluation()
    stored = {(a.response.municipality.number, a.response.wave.label, a.item.item_code): DK if a.dont_know
              else a.value for a in ResponseAnswer.objects.select_related("response__municipality", "response__wave",
                                                                           "item").filter(item__type="likert")}
    expected = {(a.municipality, a.wave, a.item): a.value for a in read_long_csv(FOLDER / "responses.csv")
                if a.value is not None}
    assert stored == expected
    assert ResponseAnswer.objects.filter(dont_know=True, value__isnull=True).count() == sum(
        1 for v in expected.values() if v == DK)


def test_demo_loads_the_section_5_5_items_with_their_types_and_answers(reference_data) -> None:
    demo_load_evaluation()
    items = {i.item_code: i for i in Item.objects.filter(version__waves__label="2022")}
    assert {code: i.type for code, i in items.items() if code != "comments"} == {
        **dict.fromkeys([*FIG7, *FIG9, "s553_leadership", *FIG11], Item.Type.LIKERT),
        "s553_routines": Item.Type.SINGLE_CHOICE, "s554_adjust": Item.Type.FREE_TEXT}
    assert [c["value"] for c in items["s553_routines"].choices] == ["ja", "nei"]
    assert items["s553_routines"].choice_label("nei", "en") == "No"
    assert items["fig9_q1"].text_nb.startswith("Informasjon om behovet til barn og unge")
    assert items["fig9_q1"].text_en and items["fig9_q1"].theme == "Brukerbehovet"
    assert items["fig7_q1"].allow_dont_know and not items["s553_routines"].allow_dont_know
    with (FOLDER / "responses_other.csv").open(encoding="utf-8") as fh:
        other = {(r["municipality"], r["wave"], r["item"]): r["value"] for r in csv.DictReader(fh)}
    stored = {(a.response.municipality.number, a.response.wave.label, a.item.item_code): a.choice or a.text
              for a in ResponseAnswer.objects.select_related("response__municipality", "response__wave", "item")
              .exclude(item__type="likert")}
    assert stored == other and len(stored) == 15
    assert ResponseAnswer.objects.filter(item__item_code="s553_routines", choice="nei").count() == 7


def test_demo_results_have_figure_11_only_from_2020_and_figure_9_changes_as_the_report(reference_data) -> None:
    form = demo_load_evaluation()
    evaluator = get_user_model().objects.create(username="eva-5-5")
    RoleAssignment.objects.create(user=evaluator, role=Role.EVALUATOR)
    found = results.results_for(evaluator, form=form, language="nb")
    assert [c.stats.wave for c in found.item("fig11_q1").cells] == ["2020", "2022"]
    assert [c.stats.wave for c in found.item("s553_leadership").cells] == ["2022"]
    change = {info.code: c for info, c in found.changes}  # default: the first and the last wave
    assert (found.from_wave, found.to_wave) == ("2019", "2022")
    assert set(change) == {*FIG7, *FIG9}
    assert round(change["fig9_q1"].change_pct) == 23 and round(change["fig9_q2"].change_pct) == 21
    later = results.results_for(evaluator, form=form, language="nb", from_wave="2020", to_wave="2022")
    assert {info.code for info, _ in later.changes} == {*FIG7, *FIG9, *FIG11}
    texts = results.free_texts_for(evaluator, found.waves)
    assert {t.item for t in texts} == {"s554_adjust"} and len(texts) == 5


def test_demo_needs_the_registry(db) -> None:
    with pytest.raises(RuntimeError, match="reference data"):
        demo_load_evaluation()
    assert counts() == (0, 0, 0, 0)


def test_pages_mark_the_demo_as_illustrative(client, reference_data) -> None:
    demo_load_evaluation()
    user = get_user_model().objects.create(username="eva-demo")
    RoleAssignment.objects.create(user=user, role=Role.EVALUATOR)
    client.force_login(user)
    wave = Wave.objects.get(label="2022")
    body = client.get(reverse("evaluation:wave_progress", args=[wave.pk])).content.decode()
    assert "Illustrasjonsdata." in body and body.count('class="status status--submitted"') == 12
    RoleAssignment.objects.create(user=user, role=Role.DIRECTORATE)  # reads the audit log
    audit = client.get("/audit/?export=").content.decode()
    for page in (body, audit):  # the demo's case data speaks bokmål and names no file of the repository
        assert "examples/" not in page and "Illustrative answers" not in page
    assert "Illustrative svar" in body


def test_demo_refuses_an_answer_to_an_item_not_asked_in_its_wave(reference_data, tmp_path) -> None:
    for name in ("items.csv", "responses.csv", "responses_other.csv"):
        (tmp_path / name).write_bytes((FOLDER / name).read_bytes())
    with (tmp_path / "responses_other.csv").open("a", encoding="utf-8") as fh:
        fh.write("3420,2019,s553_routines,ja\n")
    with pytest.raises(RuntimeError, match="item s553_routines is not asked in wave 2019"):
        demo_load_evaluation(tmp_path)
    assert counts() == (0, 0, 0, 0)
