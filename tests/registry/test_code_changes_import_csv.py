"""code_changes_import_csv: the KLASS 131 change table."""

from __future__ import annotations

import pytest

from samla.registry import importers as imp
from samla.registry.importers import ImportFailed
from samla.registry.models import MunicipalityCodeChange
from samla.registry.services import code_changes_import_csv

pytestmark = pytest.mark.django_db

HEADER = "old_number,old_name,new_number,new_name,changed_on,reason\n"


def test_changes_are_imported_once_however_often_the_file_is_loaded(write) -> None:
    path = write("c.csv", HEADER + "3813,Bamble,4012,Bamble,2024-01-01,split\n"
                                   "5040,Namdalseid,5007,Namsos,2020-01-01,\n")
    assert code_changes_import_csv(path=path) == 2
    assert code_changes_import_csv(path=path) == 2
    assert MunicipalityCodeChange.objects.count() == 2


def test_a_duplicate_change_is_refused_and_nothing_is_written(write) -> None:
    path = write("c.csv", HEADER + "3813,Bamble,4012,Bamble,2024-01-01,split\n"
                                   "3813,Bamble,4012,Bamble,2024-01-01,again\n")
    with pytest.raises(ImportFailed) as caught:
        code_changes_import_csv(path=path)
    assert str(caught.value) == "c.csv, line 3, column new_number: " + imp.DUPLICATE_ROW.format(
        key="3813/4012/2024-01-01", first_line=2)
    assert MunicipalityCodeChange.objects.count() == 0


def test_a_wrong_header_is_refused(write) -> None:
    with pytest.raises(ImportFailed) as caught:
        code_changes_import_csv(path=write("c.csv", "old,new,changed_on\n3813,4012,2024-01-01\n"))
    assert str(caught.value) == "c.csv, line 1: " + imp.WRONG_HEADER.format(
        got="old,new,changed_on", expected=HEADER.strip())
