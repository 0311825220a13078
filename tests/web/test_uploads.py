"""Every uploaded document follows one rule (samla/web/uploads.py): a readable, unencrypted PDF of at most 10 MB
that is no decompression bomb, named without a path; anything else is refused with its own message."""

from __future__ import annotations

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import EncodedStreamObject, NameObject

from samla.web.uploads import DOCUMENT_MAX_BYTES, MB, unpacked_budget, validate_pdf_document
from tests.pdf import MINIMAL_PDF


def pdf_unpacking_to(size: int) -> bytes:
    """A one-page PDF whose page content is ``size`` spaces, deflated (a bomb when ``size`` is large)."""
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    stream = EncodedStreamObject()
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    stream._data = zlib.compress(b" " * size, 9)
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("hemmelig")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def code_of(name: str, data: bytes) -> str | None:
    try:
        validate_pdf_document(SimpleUploadedFile(name, data, content_type="application/pdf"))
    except ValidationError as exc:
        return exc.code
    return None


def test_a_readable_pdf_passes_and_so_does_one_that_unpacks_a_few_times_its_size() -> None:
    assert code_of("vedtak.pdf", MINIMAL_PDF) is None
    assert code_of("vedtak.pdf", pdf_unpacking_to(5 * MB)) is None


@pytest.mark.parametrize(("name", "data", "code"), [
    ("vedtak.pdf", b"%PDF-1.4 and then nothing a reader can read", "document_damaged"),
    ("vedtak.pdf", MINIMAL_PDF[: len(MINIMAL_PDF) // 2], "document_damaged"),
    ("vedtak.pdf", b"<html>not a pdf</html>", "document_not_pdf"),
    ("vedtak.docx", MINIMAL_PDF, "document_not_pdf"),
    ("vedtak.pdf", b"", "document_not_pdf"),
], ids=["claims PDF, is not", "cut in half", "HTML", "wrong name", "empty"])
def test_what_only_claims_to_be_a_pdf_is_refused(name: str, data: bytes, code: str) -> None:
    assert code_of(name, data) == code


def test_a_pdf_bomb_is_refused_quickly() -> None:
    bomb = pdf_unpacking_to(80 * MB)  # about 80 KB on disk
    assert len(bomb) < MB and 80 * MB > unpacked_budget(len(bomb))
    assert code_of("vedtak.pdf", bomb) == "document_bomb"


def test_the_budget_grows_with_the_file_and_has_a_ceiling() -> None:
    assert unpacked_budget(0) == 20 * MB
    assert unpacked_budget(MB) == 70 * MB
    assert unpacked_budget(DOCUMENT_MAX_BYTES) == 500 * MB


def test_a_password_protected_pdf_is_refused() -> None:
    assert code_of("vedtak.pdf", encrypted_pdf()) == "document_encrypted"


def test_ten_megabytes_pass_and_one_byte_more_is_refused() -> None:
    padded = MINIMAL_PDF + b"%" + b"0" * (DOCUMENT_MAX_BYTES - len(MINIMAL_PDF) - 2) + b"\n"
    assert len(padded) == DOCUMENT_MAX_BYTES and code_of("vedtak.pdf", padded) is None
    assert code_of("vedtak.pdf", padded + b"\n") == "document_too_large"


@pytest.mark.parametrize("name", ["..\\..\\vedtak.pdf", "c:\\temp\\vedtak.pdf", "vedtak\0.pdf"])
def test_a_name_with_a_path_is_refused(name: str) -> None:
    upload = SimpleUploadedFile("vedtak.pdf", MINIMAL_PDF)
    upload._name = name  # as a client other than Django's upload handler could hand it over
    with pytest.raises(ValidationError) as refused:
        validate_pdf_document(upload)
    assert refused.value.code == "document_name_with_path"
