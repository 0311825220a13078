from __future__ import annotations

from pathlib import Path

import pytest

from samla.registry.services import registry_load_reference_data

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def reference_data(db) -> None:
    registry_load_reference_data()


@pytest.fixture
def write(tmp_path: Path):
    """write("name.csv", text) -> Path of a file holding ``text``."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write
