"""The evaluator's pages: forms, versions, items, XLSForm upload and download, waves, progress, reopening."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from samla.allocation.models import Participant, Programme
from samla.evaluation.models import Form, FormVersion, Response, Wave
from samla.evaluation.xlsform import export_xlsform
from tests.evaluation.conftest import complete_response


@pytest.fixture
def evaluator(client, world):
    client.force_login(world.users["evaluator"])
    return client


def test_create_a_form_add_a_question_and_publish(evaluator, world) -> None:
    page = evaluator.post(reverse("evaluation:form_list"), {"new-name": "Nytt skjema", "new-description": ""})
    form = Form.objects.get(name="Nytt skjema")
    version = form.versions.get()
    assert page["Location"] == reverse("evaluation:version_detail", args=[version.pk])
    item_url = reverse("evaluation:item_create", args=[version.pk])
    bad = evaluator.post(item_url, {"item_code": "1 bad", "text_nb": "", "type": "likert"})
    assert bad.status_code == 200 and 'class="error-summary"' in bad.content.decode()
    evaluator.post(item_url, {"item_code": "q1", "text_nb": "Hvor god?", "type": "likert", "required": "on",
                              "anchor_low_nb": "i liten grad", "anchor_high_nb": "i stor grad",
                              "anchor_low_en": "to a small degree", "anchor_high_en": "to a large degree"})
    assert list(version.items.values_list("item_code", flat=True)) == ["q1"]
    evaluator.post(reverse("evaluation:version_publish", args=[version.pk]))
    version.refresh_from_db()
    assert version.is_published
    assert evaluator.get(item_url).status_code == 302  # a published version has no edit page


def test_xlsform_download_and_upload(evaluator, world) -> None:
    download = evaluator.get(reverse("evaluation:version_xlsform", args=[world.version.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(download.content)).sheetnames == ["survey", "choices", "settings"]
    upload = SimpleUploadedFile("skjema.xlsx", export_xlsform(world.version))
    page = evaluator.post(reverse("evaluation:xlsform_upload", args=[world.form.pk]), {"file": upload})
    new = world.form.versions.get(number=2)
    assert page["Location"] == reverse("evaluation:version_detail", args=[new.pk])
    assert new.status == FormVersion.Status.DRAFT and new.items.count() == 4


def test_a_refused_xlsform_names_the_row_and_creates_nothing(evaluator, world) -> None:
    from tests.evaluation.test_xlsform import xlsform

    upload = SimpleUploadedFile("skjema.xlsx", xlsform([("text", "q1", "A", ""), ("integer", "q2", "Tall", "")]))
    page = evaluator.post(reverse("evaluation:xlsform_upload", args=[world.form.pk]), {"file": upload})
    assert page.status_code == 400 and "arket survey, rad 3" in page.content.decode()
    assert world.form.versions.count() == 1


def test_a_new_wave_defaults_to_the_programme_participants(evaluator, world) -> None:
    programme = Programme.objects.create(slug="pilot", name="Pilot", first_year=2020, last_year=2022)
    Participant.objects.create(programme=programme, municipality=world.municipalities["tynset"])
    Form.objects.filter(pk=world.form.pk).update(programme=programme)
    page = evaluator.get(reverse("evaluation:wave_create"))
    assert page.context["form"].initial["municipalities"] == [world.municipalities["tynset"].pk]
    created = evaluator.post(reverse("evaluation:wave_create"), {
        "label": "2022", "version": world.version.pk, "opens_on": "2022-03-01", "closes_on": "2022-04-15",
        "municipalities": [world.municipalities["tynset"].pk]})
    wave = Wave.objects.get(label="2022")
    assert created["Location"] == reverse("evaluation:wave_progress", args=[wave.pk])
    bad = evaluator.post(reverse("evaluation:wave_create"), {
        "label": "2023", "version": world.version.pk, "opens_on": "2023-05-01", "closes_on": "2023-04-01"})
    assert bad.status_code == 200 and not Wave.objects.filter(label="2023").exists()


def test_progress_lists_states_and_exports(evaluator, world) -> None:
    complete_response(world, "elverum")
    complete_response(world, "tynset", submit=False)
    url = reverse("evaluation:wave_progress", args=[world.wave.pk])
    page = evaluator.get(url)
    assert page.context["counts"] == {"submitted": 1, "draft": 1, "not_started": 1}
    exported = evaluator.get(url + "?export=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported)))
    assert [r[0] for r in rows[1:]] == ["3420", "3427", "5001"]
    assert len({r[3] for r in rows[1:]}) == 3
    xlsx = evaluator.get(url + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 4


def test_reopen_with_a_reason(evaluator, world) -> None:
    response = complete_response(world, "elverum")
    url = reverse("evaluation:response_reopen", args=[response.pk])
    assert evaluator.post(url, {"reason": ""}).status_code == 400
    assert Response.objects.get(pk=response.pk).is_submitted
    assert evaluator.post(url, {"reason": "Feil tall"}).status_code == 302
    assert not Response.objects.get(pk=response.pk).is_submitted
