"""/api/followup: projects, their facts and reports for those who may read them; the municipality saves its own
report with the version it read (409 when someone saved in between); others get 404 or 403, nothing changes."""

from __future__ import annotations

import pytest
from django.test import Client

from samla.api.services import api_token_create
from samla.followup import services
from samla.followup.models import YearlyReport
from tests.followup.conftest import measure_input


class Token:
    def __init__(self, user) -> None:
        self.client = Client(enforce_csrf_checks=True)
        self.headers = {"Authorization": f"Bearer {api_token_create(actor=user, name='t')[1]}"}

    def get(self, path: str):
        return self.client.get(path, headers=self.headers)

    def put(self, path: str, body: dict):
        return self.client.put(path, body, content_type="application/json", headers=self.headers)


@pytest.fixture
def api(fw):
    measure = services.measure_create(actor=fw.users["elverum"], project=fw.project, data=measure_input())
    report = services.report_open(actor=fw.users["elverum"], project=fw.project, year=2021)
    return measure, report


@pytest.mark.parametrize(("who", "numbers"), [
    ("elverum", {"3420"}), ("governor", {"3420", "3427"}), ("centre", {"3420", "3427"}),
    ("directorate", {"3420", "3427"}), ("evaluator", {"3420", "3427"}), ("governor_other", set()),
    ("resource", set()), ("outsider", set()),
])
def test_projects_follow_the_readers_scope(fw, api, who, numbers) -> None:
    body = Token(fw.users[who]).get("/api/followup/projects").json()
    assert {p["municipality"]["number"] for p in body["items"]} == numbers
    if "3420" in numbers:
        elverum = next(p for p in body["items"] if p["municipality"]["number"] == "3420")
        assert elverum["years"][1] == {"year": 2021, "pot": 2_784_000, "spent": 0, "carry_over_in": 0,
                                       "carry_over_out": 0, "repay": 2_784_000, "report_status": "draft"}
        assert elverum["measures"]["total"] == 1


def test_a_guessed_project_of_another_region_is_404_like_a_missing_one(fw, api) -> None:
    client = Token(fw.users["governor_other"])
    assert client.get(f"/api/followup/projects/{fw.project.pk}").status_code == 404
    assert client.get("/api/followup/projects/999999").status_code == 404


def test_the_municipality_saves_its_report_and_a_stale_version_is_409(fw, api) -> None:
    measure, report = api
    client = Token(fw.users["elverum"])
    url = f"/api/followup/reports/{report.pk}"
    body = {"version": report.version, "spending": {str(measure.pk): 2_000_000}, "carry_out": 500_000}
    response = client.put(url, body)
    assert response.status_code == 200, response.content
    assert response.json()["repay"] == 284_000 and response.json()["spending"] == {str(measure.pk): 2_000_000}
    stale = client.put(url, body)
    assert stale.status_code == 409
    too_much = client.put(url, {**body, "version": report.version + 1, "spending": {str(measure.pk): 9_000_000}})
    assert too_much.status_code == 422
    assert YearlyReport.objects.get(pk=report.pk).carry_out == 500_000


@pytest.mark.parametrize(("who", "status"), [("tynset", 404), ("governor", 403), ("evaluator", 403)])
def test_others_cannot_save_the_report(fw, api, who, status) -> None:
    _measure, report = api
    response = Token(fw.users[who]).put(f"/api/followup/reports/{report.pk}", {"version": report.version,
                                                                               "spending": {}, "carry_out": 0})
    assert response.status_code == status
    assert YearlyReport.objects.get(pk=report.pk).version == report.version
