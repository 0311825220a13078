"""schemes_load_reference_data: the five pilot schemes."""

from __future__ import annotations

import pytest

from samla.schemes.models import Scheme
from samla.schemes.services import schemes_load_reference_data

pytestmark = pytest.mark.django_db


def test_the_five_pilot_schemes_are_loaded_once_however_often_called() -> None:
    schemes_load_reference_data()
    schemes_load_reference_data()
    assert {s.key: s.ministry for s in Scheme.objects.all()} == {
        "231.63": "KD", "231.66": "KD", "621.63": "ASD", "765.60": "HOD", "846.62": "BFD"}
    assert set(Scheme.objects.values_list("method", flat=True)) == {Scheme.Method.HISTORICAL}


def test_titles_are_the_report_table_headings() -> None:
    schemes_load_reference_data()
    assert Scheme.objects.get(key="765.60").title == (
        "Tilbud til barn, unge og voksne med langvarige og/eller sammensatte tjenestebehov")
    assert Scheme.objects.get(key="231.63").title == (
        "Tiltak for å styrke den norskspråklige utviklingen for minoritetsspråklige barn i barnehage")
    assert all(s.title_en for s in Scheme.objects.all())
