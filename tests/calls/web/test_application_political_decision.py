"""calls:political_decision (record, PDF upload) and calls:political_decision_document (download)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samla.audit.models import AuditEvent
from samla.calls.models import PoliticalDecision
from samla.web.uploads import DOCUMENT_MAX_BYTES
from tests.calls.conftest import write_application
from tests.calls.web.conftest import PDF, statuses

DATA = {"body": "Kommunestyret", "decided_on": "2019-09-01", "case_reference": "PS 45/19"}


def _pdf(name="vedtak.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_only_the_own_municipality_may_record(login, submitted) -> None:
    url = reverse("calls:political_decision", args=[submitted.pk])
    codes = statuses(login, url)
    assert codes.pop("elverum") == 200 and set(codes.values()) == {403}
    assert login("tynset").post(url, DATA).status_code == 403
    assert login("governor").post(url, DATA).status_code == 403
    assert not PoliticalDecision.objects.exists()


def test_record_with_a_pdf_after_submission(login, submitted, media_root) -> None:
    url = reverse("calls:political_decision", args=[submitted.pk])
    response = login("elverum").post(url, DATA | {"document": _pdf()})
    assert response.status_code == 302
    decision = PoliticalDecision.objects.get()
    assert decision.body == "Kommunestyret" and decision.case_reference == "PS 45/19"
    assert decision.document.name.startswith("calls/political_decisions/") and decision.document.name.endswith(".pdf")
    assert "vedtak" not in decision.document.name  # the uploader's file name is not kept
    assert (media_root / decision.document.name).read_bytes() == PDF
    assert AuditEvent.objects.filter(action="political_decision.record").count() == 1
    html = login("governor").get(reverse("calls:application_detail", args=[submitted.pk])).content.decode()
    assert "Politisk vedtak mangler" not in html and "Politisk vedtak registrert" in html
    assert reverse("calls:political_decision_document", args=[decision.pk]) in html


def test_wrong_file_type_is_refused(login, submitted) -> None:
    url = reverse("calls:political_decision", args=[submitted.pk])
    for upload in (_pdf("vedtak.docx", b"PK\x03\x04 word"), _pdf("vedtak.pdf", b"<html>not a pdf</html>")):
        html = login("elverum").post(url, DATA | {"document": upload}).content.decode()
        assert "Dokumentet må være en PDF-fil." in html and 'href="#id_document"' in html
    assert not PoliticalDecision.objects.exists()


def test_too_large_file_is_refused(login, submitted) -> None:
    big = _pdf(content=PDF + b"0" * DOCUMENT_MAX_BYTES)
    html = login("elverum").post(reverse("calls:political_decision", args=[submitted.pk]),
                                 DATA | {"document": big}).content.decode()
    assert "Dokumentet kan være høyst 10 MB." in html and not PoliticalDecision.objects.exists()


def test_a_pdf_bomb_a_damaged_and_a_protected_pdf_are_refused_and_nothing_is_stored(login, submitted,
                                                                                    media_root) -> None:
    from tests.web.test_uploads import encrypted_pdf, pdf_unpacking_to

    url = reverse("calls:political_decision", args=[submitted.pk])
    for content, message in ((pdf_unpacking_to(80 * 1024 * 1024), "dekomprimeringsbombe"),
                             (PDF[:40], "PDF-filen kunne ikke leses"), (encrypted_pdf(), "passordbeskyttet")):
        html = login("elverum").post(url, DATA | {"document": _pdf(content=content)}).content.decode()
        assert message in html and 'href="#id_document"' in html
    assert not PoliticalDecision.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_a_path_in_the_uploaded_name_never_reaches_the_storage(login, submitted, media_root) -> None:
    """Django's upload handler keeps only the last part of a name (``../../x.pdf`` → ``x.pdf``); Samla then
    stores under a random name inside MEDIA_ROOT, so nothing is written elsewhere and the name is not kept."""
    url = reverse("calls:political_decision", args=[submitted.pk])
    response = login("elverum").post(url, DATA | {"document": _pdf(name="../../../etc/vedtak.pdf")})
    assert response.status_code == 302
    stored = PoliticalDecision.objects.get().document.name
    assert stored.startswith("calls/political_decisions/") and ".." not in stored and "vedtak" not in stored
    assert [p.relative_to(media_root).as_posix() for p in media_root.rglob("*") if p.is_file()] == [stored]


def test_document_download_only_for_those_who_may_read_the_application(login, submitted) -> None:
    login("elverum").post(reverse("calls:political_decision", args=[submitted.pk]), DATA | {"document": _pdf()})
    decision = PoliticalDecision.objects.get()
    url = reverse("calls:political_decision_document", args=[decision.pk])
    codes = statuses(login, url)
    assert {who for who, code in codes.items() if code == 200} == {"directorate", "governor", "resource", "elverum"}
    assert {code for who, code in codes.items() if who not in {"directorate", "governor", "resource", "elverum"}} \
        == {403}
    response = login("governor").get(url)
    assert response["Content-Type"] == "application/pdf" and b"".join(response.streaming_content) == PDF
    # Guessing: another municipality gets the same answer for an existing and a missing id.
    assert login("tynset").get(url).status_code == 403
    assert login("tynset").get(reverse("calls:political_decision_document", args=[99999])).status_code == 403


def test_recording_after_the_final_deadline_is_refused(login, world, call) -> None:
    app = write_application(world, call)
    response = login("elverum").post(reverse("calls:political_decision", args=[app.pk]), DATA)
    assert "Fristen er ute" in response.content.decode() and not PoliticalDecision.objects.exists()


def test_a_second_decision_is_not_recorded(login, submitted) -> None:
    url = reverse("calls:political_decision", args=[submitted.pk])
    login("elverum").post(url, DATA)
    response = login("elverum").post(url, DATA | {"case_reference": "PS 2"}, follow=True)
    assert "Det politiske vedtaket er allerede registrert." in response.content.decode()
    assert PoliticalDecision.objects.get().case_reference == "PS 45/19"
