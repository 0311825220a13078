"""The follow-up pages, tried by the personas: the municipality runs its project; others read within scope."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from samla.followup import services
from samla.followup.models import CooperationStep, Measure, YearlyReport
from tests.followup.conftest import measure_input
from tests.pdf import MINIMAL_PDF


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _measure(fw) -> Measure:
    return services.measure_create(actor=fw.users["elverum"], project=fw.project, data=measure_input())


@pytest.mark.parametrize(("who", "status"), [
    ("elverum", 200), ("governor", 200), ("centre", 200), ("directorate", 200), ("evaluator", 200),
    ("tynset", 403), ("governor_other", 403), ("centre_other", 403), ("resource", 403), ("outsider", 403),
])
def test_the_project_page_is_read_within_scope(fw, who, status) -> None:
    _measure(fw)
    response = _as(fw.users[who]).get(f"/followup/projects/{fw.project.pk}/")
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Oppfølging av Elverum" in html and "BTI med stafettlogg" in html
        assert "2\u00a0784\u00a0000" in html  # the 2021 pot of the locked run


def test_a_guessed_id_of_another_municipality_answers_as_a_missing_one(fw) -> None:
    client = _as(fw.users["elverum"])
    tynset_measure = services.measure_create(actor=fw.users["tynset"], project=fw.tynset_project,
                                             data=measure_input(title="Tynset-tiltak"))
    for url in (f"/followup/projects/{fw.tynset_project.pk}/", f"/followup/measures/{tynset_measure.pk}/",
                f"/followup/projects/{fw.tynset_project.pk}/reports/2021/"):
        other, missing = client.get(url), client.get(url.replace(str(tynset_measure.pk if "measures" in url
                                                                      else fw.tynset_project.pk), "999999"))
        assert other.status_code == missing.status_code == 403
        assert "Tynset-tiltak" not in other.content.decode()


def test_the_municipality_adds_a_measure_and_a_bad_one_names_the_problem(fw) -> None:
    client = _as(fw.users["elverum"])
    url = f"/followup/projects/{fw.project.pk}/measures/new/"
    assert client.get(url).status_code == 200
    data = {"title": "Ung Arena", "description": "Lavterskeltilbud.", "prevention_level": "selective",
            "sectors_responsible": ["health"], "novelty": "new", "innovation": "local", "status": "planned",
            "planned_start": "2020-03-01", "planned_end": "2022-12-31", "budget_2020": "400 000"}
    response = client.post(url, data)  # no age band
    assert response.status_code == 400 and "Velg minst én aldersgruppe." in response.content.decode()
    assert not Measure.objects.filter(title="Ung Arena").exists()
    response = client.post(url, {**data, "age_bands": ["13-18", "19-24"], "planned_end": "2024-01-01"})
    assert response.status_code == 400 and "innenfor programperioden 2020–2022" in response.content.decode()
    response = client.post(url, {**data, "age_bands": ["13-18", "19-24"]})
    assert response.status_code == 302
    measure = Measure.objects.get(title="Ung Arena")
    assert measure.budgets.get(year=2020).amount == 400_000


def test_recording_a_step_with_a_document(fw) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _as(fw.users["elverum"])
    url = f"/followup/projects/{fw.project.pk}/steps/needs/"
    pdf = SimpleUploadedFile("kartlegging.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(url, {"held_on": "2019-11-05", "sectors": ["health", "school", "culture"],
                                 "summary": "Felles kartlegging.", "document": pdf})
    assert response.status_code == 302
    step = CooperationStep.objects.get(project=fw.project, step="needs")
    assert step.sectors == ["school", "health", "culture"] and step.document
    assert client.get(f"/followup/steps/{step.pk}/document/").status_code == 200
    assert _as(fw.users["tynset"]).get(f"/followup/steps/{step.pk}/document/").status_code == 403
    page = client.get(f"/followup/projects/{fw.project.pk}/").content.decode()
    assert "Felles behovskartlegging" in page and "utført" in page


def test_the_yearly_report_is_saved_submitted_sent_back_and_approved(fw) -> None:
    measure = _measure(fw)
    client = _as(fw.users["elverum"])
    url = f"/followup/projects/{fw.project.pk}/reports/2021/"
    assert client.get(url).status_code == 200
    report = YearlyReport.objects.get(project=fw.project, year=2021)
    response = client.post(url, {"version": report.version, f"spent_{measure.pk}": "3 000 000", "carry_out": "0"})
    assert response.status_code == 400 and "Ingenting ble lagret" in response.content.decode()
    response = client.post(url, {"version": report.version, f"spent_{measure.pk}": "2 500 000",
                                 "carry_out": "284 000", "reflections": "Godt samarbeid.", "submit": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    governor = _as(fw.users["governor"])
    response = governor.post(f"/followup/reports/{report.pk}/review/",
                             {"review-decision": "return", "review-comment": ""})
    assert response.status_code == 400
    assert governor.post(f"/followup/reports/{report.pk}/review/",
                         {"review-decision": "return", "review-comment": "Forklar."}).status_code == 302
    assert _as(fw.users["governor_other"]).post(f"/followup/reports/{report.pk}/review/",
                                                {"review-decision": "approve"}).status_code == 403
    report.refresh_from_db()
    assert report.status == "returned"


def test_overview_and_export_for_readers_of_the_region(fw) -> None:
    _measure(fw)
    services.step_record(actor=fw.users["elverum"], project=fw.project, step="needs",
                         held_on=datetime.date(2019, 10, 1), sectors=["health"], summary="x")
    url = f"/followup/programmes/{fw.pilot.slug}/overview/"
    html = _as(fw.users["governor"]).get(url + f"?compare={fw.project.pk}&compare={fw.tynset_project.pk}")
    assert html.status_code == 200 and "Side om side" in html.content.decode()
    csv = _as(fw.users["evaluator"]).get(url + "?export=csv").content.decode()
    assert "Elverum" in csv and "Tynset" in csv
    assert _as(fw.users["governor_other"]).get(url + "?export=csv").content.decode().count("Elverum") == 0
    for who in ("elverum", "resource", "outsider"):
        assert _as(fw.users[who]).get(url).status_code == 403


def test_my_figures_beside_the_suppressed_group(fw) -> None:
    response = _as(fw.users["elverum"]).get(f"/followup/programmes/{fw.pilot.slug}/mine/")
    assert response.status_code == 200
    assert "Gruppen er for liten" in response.content.decode()  # only Tynset has a project besides Elverum
    assert _as(fw.users["governor"]).get(f"/followup/programmes/{fw.pilot.slug}/mine/").status_code == 403
