"""The text of a PDF made by Samla (award letters, evaluation reports), read with pypdf, with runs of white
space (line breaks from wrapping, no-break spaces in amounts) made single spaces."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(bytes(data)))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").split())
