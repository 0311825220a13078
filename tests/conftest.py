"""Shared fixtures. The reference figures transcribed from the final evaluation report are copied
into tests/reference/ (test_reference_copies.py checks they still equal ../shared/reference/)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(__file__).resolve().parent / "reference"
EXAMPLES = ROOT / "examples"
PILOT = EXAMPLES / "pilot-2020"


def read_reference(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@pytest.fixture
def pilot_folder() -> Path:
    return PILOT


@pytest.fixture
def reference_data(db: None) -> None:
    from samla.registry.services import registry_load_reference_data
    from samla.schemes.services import schemes_load_reference_data

    registry_load_reference_data()
    schemes_load_reference_data()


@pytest.fixture
def pilot(reference_data: None):
    from samla.allocation.services import programme_import_folder

    return programme_import_folder(path=PILOT)
