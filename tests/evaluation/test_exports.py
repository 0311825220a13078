"""Exports: XLSX round trip, CSV readable by the core module, the PDF report's text; access per role."""

from __future__ import annotations

import csv
import io
import math

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samla.core.survey import item_statistics, read_long_csv
from samla.evaluation import results
from tests.evaluation.results_data import FREE_TEXT, Q1, Q4, rw_fixture  # noqa: F401
from tests.pdf import pdf_text

XLSX, CSV, PDF = (reverse(f"evaluation:{n}") for n in ("export_xlsx", "export_csv", "report_pdf"))


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def test_xlsx_round_trip_for_the_evaluator(client, rw):
    response = get(client, rw.users["evaluator"], XLSX)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Svar", "Statistikk", "Endring", "Fritekst"]
    raw = list(book["Svar"].iter_rows(values_only=True))
    assert raw[0][0] == "Kommunenummer" and len(raw) == 1 + 22
    assert ("3420", "Elverum", "2019", "q1", 2) in raw
    assert ("5001", "Trondheim", "2019", "q1", "dk") in raw
    assert ("3403", "Hamar", "2019", "q2", None) in raw  # missing: an empty cell
    stats = {(r[0], r[2]): r for r in book["Statistikk"].iter_rows(min_row=2, values_only=True)}
    q1 = stats[("q1", "2019")]
    assert q1[1] == Q1 and q1[3:9] == (4, 1, 0, 2.5, pytest.approx(math.sqrt(1 / 3)), 2.5)
    assert q1[9:14] == (0, 2, 2, 0, 0)
    assert stats[("q4", "2022")][7] == pytest.approx(math.sqrt(5 / 3))
    changes = {r[0]: r for r in book["Endring"].iter_rows(min_row=2, values_only=True)}
    assert changes["q1"][4:6] == (pytest.approx(1.0), pytest.approx(40.0))
    assert [r[4] for r in book["Fritekst"].iter_rows(min_row=2, values_only=True)] == [FREE_TEXT]


def test_xlsx_for_the_directorate_has_aggregates_only(client, rw):
    book = load_workbook(io.BytesIO(get(client, rw.users["directorate"], XLSX).content))
    assert book.sheetnames == ["Statistikk", "Endring"]
    stats = {(r[0], r[2]): r for r in book["Statistikk"].iter_rows(min_row=2, values_only=True)}
    hidden = stats[("q2", "2022")]
    assert hidden[3] == 2 and hidden[6:14] == (None,) * 8 and hidden[14] is True
    assert stats[("q1", "2022")][6] == 3.5


def test_raw_csv_feeds_the_core_module_and_gives_the_page_figures(client, rw, tmp_path):
    response = get(client, rw.users["evaluator"], CSV, kind="raw")
    assert response.status_code == 200
    path = tmp_path / "responses.csv"
    path.write_bytes(response.content)
    answers = read_long_csv(path)
    expected = results.results_for(rw.users["evaluator"], form=rw.form, language="nb").stats
    assert item_statistics(answers) == expected
    assert {a.municipality for a in answers} == {"3420", "3427", "3430", "3403", "5001"}


def test_stats_and_changes_csv(client, rw):
    text = get(client, rw.users["directorate"], CSV, kind="stats").content.decode("utf-8-sig")
    rows = {(r["item"], r["wave"]): r for r in csv.DictReader(io.StringIO(text))}
    assert rows[("q1", "2019")]["mean"] == "2.5" and float(rows[("q1", "2019")]["sd"]) == pytest.approx(
        math.sqrt(1 / 3))
    assert rows[("q2", "2022")]["mean"] == "" and rows[("q2", "2022")]["suppressed"] == "true"
    text = get(client, rw.users["evaluator"], CSV, kind="changes").content.decode("utf-8-sig")
    changes = {r["item"]: r for r in csv.DictReader(io.StringIO(text))}
    assert float(changes["q1"]["change_pct"]) == pytest.approx(40.0) and set(changes) == {"q1", "q2"}


def test_directorate_gets_no_raw_answers(client, rw):
    assert get(client, rw.users["directorate"], CSV, kind="raw").status_code == 403
    assert get(client, rw.users["evaluator"], CSV, kind="nonsense").status_code == 404


def test_pdf_report_contains_item_text_and_means(client, rw):
    response = get(client, rw.users["evaluator"], PDF)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert Q1 in text and Q4 in text
    assert "2,50" in text and "0,58" in text and "1,29" in text and "+40,0 %" in text
    assert FREE_TEXT in text
    assert b"image/svg" not in response.content  # the charts are drawn into the PDF, not left as data


def test_pdf_report_for_the_directorate_hides_small_groups_and_free_text(client, rw):
    text = pdf_text(get(client, rw.users["directorate"], PDF).content)
    assert "skjult (færre enn 3)" in text and FREE_TEXT not in text and Q1 in text


@pytest.mark.parametrize("url", [XLSX, CSV, PDF])
@pytest.mark.parametrize("who", ["governor", "resource", "competence", "outsider", "elverum"])
def test_exports_refuse_other_roles(client, rw, url, who):
    assert get(client, rw.users[who], url).status_code == 403
