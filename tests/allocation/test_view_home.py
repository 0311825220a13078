"""The first page: the pilot's decided 36 amounts and totals (Table 2) beside the 2019 awards (Table 1)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from samla.allocation.models import Programme
from tests.allocation.conftest import nok, table_rows
from tests.conftest import read_reference


@pytest.fixture
def pilot(decided_pilot: Programme) -> Programme:
    """On the first page the pilot is decided (its run 1 locked), as in the demo."""
    return decided_pilot


SCHEME_COLUMNS = ["kap231_post63", "kap231_post66", "kap621_post63", "kap765_post60", "kap846_post62"]
LINK = re.compile(r'<a class="amount-link" href="/programmes/pilot-2020/explain/(\d{4})/(\d{4})/".*?>([^<]+)</a>',
                  re.DOTALL)


def test_home_is_in_bokmaal_by_default(client: Client, pilot: Programme) -> None:
    response = client.get(reverse("allocation:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nb">' in html
    assert "Vedtatt fordeling per kommune og år" in html
    assert "Hopp til hovedinnhold" in html
    assert pilot.name in html


def test_browser_language_does_not_override_bokmaal(client: Client, pilot: Programme) -> None:
    html = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="nb">' in html


def test_home_switches_to_english(client: Client, pilot: Programme) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("allocation:home")).content.decode()
    assert '<html lang="en">' in html
    assert "Decided allocation per municipality and year" in html
    assert "Vedtatt fordeling per kommune og år" not in html
    assert "39,310,000" in html


def test_home_shows_every_amount_of_table_2(client: Client, pilot: Programme) -> None:
    html = client.get(reverse("allocation:home")).content.decode()
    numbers = {p.municipality.name: p.municipality.number for p in pilot.participants.select_related("municipality")}
    links = {(number, int(year)): text.strip() for number, year, text in LINK.findall(html)}
    expected = {}
    for row in read_reference("pilot_allocations_table2.csv"):
        if row["municipality"] == "TOTAL_PRINTED":
            totals = [int(row[f"y{y}"]) for y in (2020, 2021, 2022)]
            continue
        for year in (2020, 2021, 2022):
            expected[(numbers[row["municipality"]], year)] = nok(int(row[f"y{year}"]))
    assert len(expected) == 36
    assert links == expected
    footer = table_rows(html, "allocation-table")[-1]
    assert footer[:5] == ["Totalt", "39 310 000", "40 529 000", "41 583 000", "121 422 000"]
    assert totals == [39_310_000, 40_529_000, 41_583_000]


def test_home_shows_the_2019_awards_of_table_1(client: Client, pilot: Programme) -> None:
    html = client.get(reverse("allocation:home")).content.decode()
    rows = {r[0].rsplit(" ", 1)[0]: r for r in table_rows(html, "allocation-table") if len(r) == 11}
    for ref in read_reference("grants_2019_table1.csv"):
        if ref["municipality"] == "TOTAL_PRINTED":
            continue
        row = rows[ref["municipality"]]
        assert row[5:10] == [f"{int(ref[c]) * 1000:,}".replace(",", " ") for c in SCHEME_COLUMNS], ref
    assert rows["Trondheim"][1:4] == ["12 300 000", "12 680 000", "13 009 000"]


def test_home_groups_rows_by_region(client: Client, pilot: Programme) -> None:
    html = client.get(reverse("allocation:home")).content.decode()
    regions = [r[0] for r in table_rows(html, "allocation-table") if len(r) == 1]
    assert regions == ["Innlandet", "Trøndelag", "Vestfold og Telemark"]


def test_home_shows_continuations_and_warnings(client: Client, pilot: Programme) -> None:
    html = client.get(reverse("allocation:home")).content.decode()
    assert "Videreføringer og dobbeltfinansiering" in html
    assert "Strengt samlet" in html
    assert nok(7_891_000) in html
    assert "Dobbeltfinansiering: " in html and "fra videreførte tilskudd" in html


def test_home_is_accessible_markup(client: Client, pilot: Programme) -> None:
    html = client.get(reverse("allocation:home")).content.decode()
    assert 'class="skip-link" href="#main"' in html and '<main id="main"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html
    assert html.count("<caption") >= 2 and 'scope="col"' in html and 'scope="row"' in html
    assert 'aria-live="polite"' in html
    assert 'hx-get="/programmes/pilot-2020/explain/3420/2021/"' in html


@pytest.mark.parametrize("path", ["/", "/programmes/pilot-2020/"])
def test_page_takes_a_constant_number_of_queries(client: Client, pilot: Programme, path: str,
                                                 django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(14):
        assert client.get(path).status_code == 200


def test_unknown_programme_is_404(client: Client, pilot: Programme) -> None:
    assert client.get("/programmes/no-such-programme/").status_code == 404


def test_home_without_programme_says_how_to_load_it(client: Client, db: None) -> None:
    html = client.get("/").content.decode()
    assert "samla demo load" in html


def test_home_refuses_post(client: Client, pilot: Programme) -> None:
    assert client.post("/").status_code == 405
