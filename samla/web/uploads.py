"""Uploaded documents: the one rule every upload in Samla follows, and the warning on free-text fields.

A document (a political decision, the output of a cooperation step, the minutes of a network meeting ...)
is a PDF file, by name, by its first bytes and by its structure (pypdf reads it), of at most
``DOCUMENT_MAX_BYTES``, that is neither encrypted nor a decompression bomb: every stream is unpacked once,
one at a time, with at most ``unpacked_budget(size)`` bytes in all (20 MB plus 50 times the file's size, at
most 500 MB: a scanned decision compresses a few times, a bomb a thousand times), so a small file that
unpacks to gigabytes is refused before anyone downloads it. Its name may not hold a path. It is stored under a
random name (``random_pdf_name``), so the uploader's file name is neither trusted nor revealed.
"""

from __future__ import annotations

import io
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import Configuration, PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import IndirectObject, StreamObject

NO_CHILD_DATA = _("Do not enter personal data about children.")

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENT_NOT_PDF = _("The document must be a PDF file.")
DOCUMENT_TOO_LARGE = _("The document may be at most 10 MB.")
DOCUMENT_HELP = _("PDF, at most 10 MB.")
DOCUMENT_DAMAGED = _("The PDF file could not be read; it may be damaged. Save it again as PDF and upload it.")
DOCUMENT_ENCRYPTED = _("The PDF file is password-protected. Upload a copy without a password.")
DOCUMENT_BOMB = _("The PDF file unpacks to far more data than a document of its size holds (a decompression "
                  "bomb); it is refused.")
DOCUMENT_NAME_WITH_PATH = _("The file name may not contain a folder path (/ or \\).")
DOCUMENT_MAX_PAGES = 5000
MB = 1024 * 1024


def unpacked_budget(size: int) -> int:
    """The most a PDF of ``size`` bytes may unpack to, all its streams together."""
    return min(500 * MB, 20 * MB + 50 * size)


def _limits(budget: int) -> Configuration:
    """pypdf's own limits, tighter: no one stream may unpack to more than the whole budget."""
    return Configuration(zlib_maximum_output_length=budget, lzw_maximum_output_length=budget,
                         run_length_maximum_output_length=budget, brotli_maximum_output_length=budget,
                         array_based_stream_maximum_output_length=budget, image_maximum_buffer_size=budget,
                         stream_decoding_work_maximum_length=budget)


def validate_pdf_document(document) -> None:
    """A readable, unencrypted PDF of at most 10 MB that unpacks to at most 200 MB, named without a path;
    ``ValidationError`` (with one of the messages above) otherwise."""
    name = str(document.name or "")
    if "/" in name or "\\" in name or "\0" in name:
        raise ValidationError(DOCUMENT_NAME_WITH_PATH, code="document_name_with_path")
    if document.size is not None and document.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(DOCUMENT_TOO_LARGE, code="document_too_large")
    if not name.lower().endswith(".pdf"):
        raise ValidationError(DOCUMENT_NOT_PDF, code="document_not_pdf")
    position = document.tell() if hasattr(document, "tell") else None
    try:
        document.seek(0)
        data = document.read(DOCUMENT_MAX_BYTES + 1)
    except (OSError, ValueError):
        data = b""
    finally:
        if position is not None:
            document.seek(position)
    if len(data) > DOCUMENT_MAX_BYTES:
        raise ValidationError(DOCUMENT_TOO_LARGE, code="document_too_large")
    if not data.startswith(b"%PDF-"):
        raise ValidationError(DOCUMENT_NOT_PDF, code="document_not_pdf")
    _check_structure(data)


def _check_structure(data: bytes) -> None:
    """Read the PDF with pypdf and unpack every stream once, counting the bytes."""
    budget = unpacked_budget(len(data))
    with apply_configuration(_limits(budget)):
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise ValidationError(DOCUMENT_ENCRYPTED, code="document_encrypted")
            if len(reader.pages) > DOCUMENT_MAX_PAGES:
                raise ValidationError(DOCUMENT_BOMB, code="document_bomb")
            unpacked = 0
            for number, generation in _object_ids(reader):
                obj = reader.get_object(_reference(reader, number, generation))
                if isinstance(obj, StreamObject):
                    unpacked += len(obj.get_data())
                    if unpacked > budget:
                        raise ValidationError(DOCUMENT_BOMB, code="document_bomb")
        except LimitReachedError as exc:
            raise ValidationError(DOCUMENT_BOMB, code="document_bomb") from exc
        except ValidationError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
                NotImplementedError, OSError, AssertionError, ZeroDivisionError) as exc:
            raise ValidationError(DOCUMENT_DAMAGED, code="document_damaged") from exc


def _object_ids(reader: PdfReader) -> list[tuple[int, int]]:
    """Every indirect object the cross-reference table names (pypdf's ``xref``: generation → number → offset),
    and those in object streams."""
    ids = {(number, generation) for generation, numbers in reader.xref.items() for number in numbers}
    ids |= {(number, 0) for number in reader.xref_objStm}
    return sorted(ids)


def _reference(reader: PdfReader, number: int, generation: int) -> IndirectObject:
    return IndirectObject(number, generation, reader)


def random_pdf_name(folder: str) -> str:
    """A new random storage name under ``folder`` (relative to MEDIA_ROOT)."""
    return f"{folder.rstrip('/')}/{uuid.uuid4().hex}.pdf"
