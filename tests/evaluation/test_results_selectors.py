"""results.py: database answers → core statistics, by hand-computed figures; access and suppression."""

from __future__ import annotations

import math

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from samla.core.survey import DK, item_statistics
from samla.evaluation import results
from tests.evaluation.results_data import FREE_TEXT, rw_fixture  # noqa: F401


def cell(res, code, wave):
    return next(c for c in res.item(code).cells if c.stats.wave == wave)


def test_answers_count_submitted_responses_only_and_mark_missing_and_dont_know(rw):
    answers = results.survey_answers(results.waves_of(rw.form))
    by_key = {(a.municipality, a.wave, a.item): a.value for a in answers}
    m = rw.municipalities
    assert by_key[(str(m["trondheim"].pk), "2019", "q1")] == DK
    assert by_key[(str(m["hamar"].pk), "2019", "q2")] is None  # submitted without an answer: missing
    assert not any(a.municipality == str(m["roros"].pk) for a in answers)  # a draft does not count
    assert not any(a.item == "q3" for a in answers)  # free text is not on the scale
    assert len(answers) == 5 * 2 + 4 * 3


def test_evaluator_gets_hand_computed_figures(rw):
    res = results.results_for(rw.users["evaluator"], form=rw.form, language="nb")
    q1 = cell(res, "q1", "2019").stats
    assert (q1.n, q1.n_dk, q1.n_missing, q1.mean, q1.median) == (4, 1, 0, 2.5, 2.5)
    assert q1.sd == pytest.approx(math.sqrt(1 / 3))
    assert q1.distribution == {1: 0, 2: 2, 3: 2, 4: 0, 5: 0}
    q2 = cell(res, "q2", "2019").stats
    assert (q2.n, q2.n_dk, q2.n_missing, q2.mean) == (4, 0, 1, 4.0)
    assert q2.sd == pytest.approx(math.sqrt(2 / 3))
    q4 = cell(res, "q4", "2022").stats
    assert q4.mean == 2.5 and q4.sd == pytest.approx(math.sqrt(5 / 3))
    assert not cell(res, "q2", "2022").hidden  # the evaluator sees small groups too
    changes = {c.item: c for _info, c in res.changes}
    assert set(changes) == {"q1", "q2"}  # q4 was not asked in 2019
    assert changes["q1"].diff == pytest.approx(1.0) and changes["q1"].change_pct == pytest.approx(40.0)
    assert changes["q2"].change_pct == pytest.approx(25.0)
    assert res.stats == item_statistics(res.answers)  # the same figures as the core module


def test_directorate_sees_small_groups_suppressed_and_no_raw_answers(rw):
    res = results.results_for(rw.users["directorate"], form=rw.form, language="nb")
    assert cell(res, "q2", "2022").hidden and not cell(res, "q1", "2022").hidden
    assert res.answers == []
    changes = {c.item: c for _info, c in res.changes}
    assert changes["q2"].suppressed and changes["q2"].diff is None
    assert changes["q1"].diff == pytest.approx(1.0)
    with pytest.raises(PermissionDenied):
        results.free_texts_for(rw.users["directorate"], res.waves)


@override_settings(SAMLA_SURVEY_MIN_GROUP=5)
def test_minimum_group_comes_from_settings(rw):
    res = results.results_for(rw.users["directorate"], form=rw.form, language="nb")
    assert res.min_group == 5 and all(c.hidden for i in res.items for c in i.cells)


def test_region_filter(rw):
    res = results.results_for(rw.users["evaluator"], form=rw.form, language="nb", region=rw.regions["innlandet"])
    q1 = cell(res, "q1", "2022").stats
    assert q1.n == 3 and q1.mean == pytest.approx(10 / 3)
    assert cell(res, "q1", "2019").stats.n_dk == 0  # Trondheim's "don't know" is in the other region


def test_wave_pair_and_language(rw):
    res = results.results_for(rw.users["evaluator"], form=rw.form, language="en", from_wave="2022", to_wave="2019")
    assert (res.from_wave, res.to_wave) == ("2022", "2019")
    assert res.item("q1").info.text == "English q1"
    assert {c.item: c.diff for _i, c in res.changes}["q1"] == pytest.approx(-1.0)


def test_free_texts_for_the_evaluator(rw):
    texts = results.free_texts_for(rw.users["evaluator"], results.waves_of(rw.form))
    assert [(t.item, t.wave, t.municipality.name, t.text) for t in texts] == [("q3", "2019", "Elverum", FREE_TEXT)]


@pytest.mark.parametrize("who", ["governor", "resource", "competence", "outsider", "elverum"])
def test_others_may_not_read_results(rw, who):
    with pytest.raises(PermissionDenied):
        results.results_for(rw.users[who], form=rw.form, language="nb")


def test_own_results_beside_the_suppressed_group(rw):
    user, elverum = rw.users["elverum"], rw.municipalities["elverum"]
    own = results.own_results_for(user, municipality=elverum, form=rw.form, language="nb")
    rows = {r.info.code: {c.wave: c for c in r.comparisons} for r in own.rows}
    assert rows["q1"]["2019"].own == 2 and rows["q1"]["2019"].group_mean == 2.5
    assert rows["q2"]["2022"].own == 5 and rows["q2"]["2022"].suppressed and rows["q2"]["2022"].group_mean is None
    assert "q3" not in rows


def test_a_municipality_never_gets_another_municipality(rw):
    user = rw.users["elverum"]
    for guess in (rw.municipalities["tynset"].pk, 999999, "x"):
        with pytest.raises(PermissionDenied):
            results.own_municipality_for(user, guess)
    with pytest.raises(PermissionDenied):
        results.own_results_for(user, municipality=rw.municipalities["tynset"], form=rw.form, language="nb")
    assert results.own_municipality_for(user, None) == rw.municipalities["elverum"]
