"""Uploaded documents: the one rule every upload in Samla follows, and the warning on free-text fields.

A document (a political decision, the output of a cooperation step, the minutes of a network meeting ...)
is a PDF file, by name and by its first bytes, of at most ``DOCUMENT_MAX_BYTES``. It is stored under a
random name (``random_pdf_name``), so the uploader's file name is neither trusted nor revealed.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NO_CHILD_DATA = _("Do not enter personal data about children.")

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENT_NOT_PDF = _("The document must be a PDF file.")
DOCUMENT_TOO_LARGE = _("The document may be at most 10 MB.")
DOCUMENT_HELP = _("PDF, at most 10 MB.")


def validate_pdf_document(document) -> None:
    """A PDF (by name and by its first bytes) of at most 10 MB; ``ValidationError`` otherwise."""
    if document.size is not None and document.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(DOCUMENT_TOO_LARGE, code="document_too_large")
    if not str(document.name).lower().endswith(".pdf"):
        raise ValidationError(DOCUMENT_NOT_PDF, code="document_not_pdf")
    position = document.tell() if hasattr(document, "tell") else None
    try:
        document.seek(0)
        head = document.read(5)
    except (OSError, ValueError):
        head = b""
    finally:
        if position is not None:
            document.seek(position)
    if head != b"%PDF-":
        raise ValidationError(DOCUMENT_NOT_PDF, code="document_not_pdf")


def random_pdf_name(folder: str) -> str:
    """A new random storage name under ``folder`` (relative to MEDIA_ROOT)."""
    return f"{folder.rstrip('/')}/{uuid.uuid4().hex}.pdf"
