"""The explanation of one amount: an htmx fragment, or a full page without JavaScript."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from django.test import Client

from samla.allocation.models import Programme
from tests.allocation.conftest import nok

URL = "/programmes/pilot-2020/explain/{number}/{year}/"


def part_values(html: str) -> list[Fraction]:
    return [Fraction(v) for v in re.findall(r'data-part-value="([^"]+)"', html)]


def test_fragment_parts_sum_to_the_amount(client: Client, pilot: Programme) -> None:
    response = client.get(URL.format(number="3420", year=2021), headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Elverum 2021" in html and nok(2_784_000) in html
    values = part_values(html)
    assert len(values) >= 2
    assert sum(values) == 2_784_000
    assert "Beløp i basisåret 2020" in html and "Indeksering" in html
    assert "3,1 %" in html and "Directorate for Education and Training" in html
    assert f"T(2021) = avrund(T(2020) × 1,031) = {nok(40_529_000)}" in html  # bokmål decimal comma


def test_base_year_explanation(client: Client, pilot: Programme) -> None:
    html = client.get(URL.format(number="5001", year=2020), headers={"HX-Request": "true"}).content.decode()
    assert sum(part_values(html)) == 12_300_000
    assert "Rettighet fra ordning 765.60" in html


def test_without_htmx_the_same_fragment_is_a_full_page(client: Client, pilot: Programme) -> None:
    response = client.get(URL.format(number="3420", year=2021))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nb">' in html and 'href="/programmes/pilot-2020/"' in html
    assert sum(part_values(html)) == 2_784_000


def test_fragment_in_english(client: Client, pilot: Programme) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(URL.format(number="3420", year=2021), headers={"HX-Request": "true"}).content.decode()
    assert "Parts that sum to the amount" in html and "NOK\u00a02,784,000" in html


@pytest.mark.parametrize(("number", "year"), [("9999", 2021), ("3420", 2019), ("3420", 2023), ("3813", 2024)])
def test_unknown_municipality_or_year_is_404(client: Client, pilot: Programme, number: str, year: int) -> None:
    assert client.get(URL.format(number=number, year=year)).status_code == 404


def test_unknown_programme_is_404(client: Client, pilot: Programme) -> None:
    assert client.get("/programmes/nope/explain/3420/2021/").status_code == 404
