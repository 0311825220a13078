"""programme_import_folder: validates first, writes everything in one transaction, idempotent by slug."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from samla.allocation import models as m
from samla.allocation.services import UNKNOWN_MUNICIPALITY, programme_import_folder
from samla.core.allocation import InputError
from samla.schemes.models import Award
from tests.conftest import PILOT

MODELS = (m.Programme, m.ProgrammeScheme, m.GrowthFactor, m.Participant, m.DecidedAmount, m.Continuation, Award)


def snapshot() -> dict[str, list[dict]]:
    return {model.__name__: [model_to_dict(o) | {"id": o.pk} for o in model.objects.order_by("pk")]
            for model in MODELS}


def copy_pilot(tmp_path: Path) -> Path:
    folder = tmp_path / "pilot-2020"
    shutil.copytree(PILOT, folder)
    return folder


def test_import_writes_the_whole_programme(pilot: m.Programme) -> None:
    assert pilot.slug == "pilot-2020"
    assert (pilot.first_year, pilot.last_year, pilot.rounding_unit, pilot.floor) == (2020, 2022, 1000, 1_790_000)
    assert pilot.participants.count() == 12
    assert [s.scheme.key for s in pilot.schemes.select_related("scheme")] == [
        "231.63", "231.66", "621.63", "765.60", "846.62"]
    assert pilot.decided_amounts.count() == 12
    growth = {g.year: g for g in pilot.growth_factors.all()}
    assert str(growth[2021].rate) == "0.031000" and str(growth[2022].rate) == "0.026000"
    assert all("Directorate" in g.source for g in growth.values())
    assert sum(c.amount for c in pilot.continuations.all()) == 7_891_000


def test_second_import_changes_nothing(pilot: m.Programme) -> None:
    before = snapshot()
    again = programme_import_folder(path=PILOT)
    assert again.pk == pilot.pk
    assert snapshot() == before


def test_reimport_replaces_changed_rows(pilot: m.Programme, tmp_path: Path) -> None:
    folder = copy_pilot(tmp_path)
    lines = (folder / "continuations.csv").read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("municipality,"))
    (folder / "continuations.csv").write_text("\n".join(lines[: header + 2]) + "\n", encoding="utf-8")
    programme_import_folder(path=folder)
    assert pilot.continuations.count() == 1


def test_bad_folder_changes_nothing(pilot: m.Programme, tmp_path: Path) -> None:
    folder = copy_pilot(tmp_path)
    text = (folder / "decided.csv").read_text(encoding="utf-8")
    (folder / "decided.csv").write_text(text.replace("3420,2020,2700000", "3420,2020,2.7 mill"), encoding="utf-8")
    before = snapshot()
    with pytest.raises(InputError) as caught:
        programme_import_folder(path=folder)
    assert caught.value.file == "decided.csv" and caught.value.column == "amount" and caught.value.line
    assert snapshot() == before


def test_bad_new_folder_creates_nothing(reference_data: None, tmp_path: Path) -> None:
    folder = copy_pilot(tmp_path)
    (folder / "programme.toml").write_text("name = \n", encoding="utf-8")
    with pytest.raises(InputError):
        programme_import_folder(path=folder)
    assert not m.Programme.objects.exists()
    assert not Award.objects.exists()


def test_unknown_municipality_rolls_everything_back(reference_data: None, tmp_path: Path) -> None:
    folder = copy_pilot(tmp_path)
    with (folder / "municipalities.csv").open("a", encoding="utf-8") as fh:
        fh.write("9999,Nowhere,Innlandet\n")
    with pytest.raises(ValidationError) as caught:
        programme_import_folder(path=folder)
    assert caught.value.messages == [UNKNOWN_MUNICIPALITY.format(number="9999", on="2020-01-01")]
    assert not m.Programme.objects.exists()
    assert not Award.objects.exists()
