"""The interview and workshop log: the evaluator's alone, with documents served only to the evaluator."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samla.evaluation import services
from samla.evaluation.models import InterviewEntry


@pytest.fixture
def entry(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    entry = services.interview_entry_create(actor=world.users["evaluator"], held_on=datetime.date(2021, 5, 3),
                                            kind="interview", participant_roles="Prosjektleder\nRektor",
                                            municipality=world.municipalities["elverum"], themes="Forankring")
    services.interview_document_add(actor=world.users["evaluator"], entry=entry, title="Referat",
                                    file=SimpleUploadedFile("referat.txt", b"Referat fra intervju"))
    return entry


def test_create_an_entry_and_attach_a_document(client, world, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users["evaluator"])
    bad = client.post(reverse("evaluation:interview_create"), {"held_on": "2021-05-03", "kind": "workshop"})
    assert bad.status_code == 400 and not InterviewEntry.objects.exists()
    page = client.post(reverse("evaluation:interview_create"), {
        "held_on": "2021-05-03", "kind": "workshop", "participant_roles": "Kommunalsjef\nBarnevernleder",
        "region": world.regions["innlandet"].pk, "themes": "Samhandling", "notes": ""})
    entry = InterviewEntry.objects.get()
    assert page["Location"] == reverse("evaluation:interview_detail", args=[entry.pk])
    assert entry.roles() == ["Kommunalsjef", "Barnevernleder"]
    client.post(reverse("evaluation:interview_detail", args=[entry.pk]),
                {"title": "Program", "file": SimpleUploadedFile("program.txt", b"Program")})
    document = entry.documents.get()
    download = client.get(reverse("evaluation:interview_document", args=[document.pk]))
    assert b"".join(download.streaming_content) == b"Program"


@pytest.mark.parametrize("who", ["directorate", "governor", "elverum", "outsider"])
def test_only_the_evaluator_sees_the_log(client, world, entry, who) -> None:
    client.force_login(world.users[who])
    for url in (reverse("evaluation:interview_list"), reverse("evaluation:interview_detail", args=[entry.pk]),
                reverse("evaluation:interview_document", args=[entry.documents.get().pk]),
                reverse("evaluation:interview_detail", args=[99999])):
        assert client.get(url).status_code == 403, url


def test_the_evaluator_lists_filters_and_exports(client, world, entry) -> None:
    client.force_login(world.users["evaluator"])
    page = client.get(reverse("evaluation:interview_list"))
    assert "Prosjektleder, Rektor" in page.content.decode()
    assert client.get(reverse("evaluation:interview_list") + "?kind=workshop").context["page"].paginator.count == 0
    csv_text = client.get(reverse("evaluation:interview_list") + "?export=csv").content.decode("utf-8-sig")
    assert "Prosjektleder; Rektor" in csv_text
