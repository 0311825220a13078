"""schemes_import_csv: grant schemes keyed by chapter.post."""

from __future__ import annotations

import pytest

from samla.registry import importers as imp
from samla.registry.importers import ImportFailed
from samla.schemes import services
from samla.schemes.models import Scheme
from samla.schemes.services import schemes_import_csv

pytestmark = pytest.mark.django_db

HEADER = "key,ministry,title,title_en,method\n"


def test_schemes_are_imported_and_updated_on_reimport(write) -> None:
    schemes_import_csv(path=write("s.csv", HEADER + "231.63,KD,Tittel,Title,historical\n"))
    schemes_import_csv(path=write("s.csv", HEADER + '231.63,KD,"Ny tittel, med komma",Title,key\n'))
    scheme = Scheme.objects.get()
    assert (scheme.title, scheme.method, scheme.chapter, scheme.post) == ("Ny tittel, med komma", "key", "231", "63")


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("231-63,KD,T,T,historical", "key", services.BAD_SCHEME_KEY.format(value="231-63")),
        ("231.66,KD,T,T,guess", "method", services.BAD_METHOD.format(value="guess", choices="historical, key, rate")),
        ("231.66,KD,,T,historical", "title", imp.REQUIRED),
        ("231.63,KD,T,T,historical", "key", imp.DUPLICATE_ROW.format(key="231.63", first_line=2)),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_written(write, row, column, message) -> None:
    with pytest.raises(ImportFailed) as caught:
        schemes_import_csv(path=write("s.csv", HEADER + "231.63,KD,T,T,historical\n" + row + "\n"))
    assert (caught.value.line, caught.value.column, caught.value.message) == (3, column, message)
    assert not Scheme.objects.exists()
