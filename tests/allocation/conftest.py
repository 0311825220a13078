"""Fixtures for the allocation app: reference data, the imported pilot, and an HTML table reader."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model

from tests.personas import make_personas

NBSP = "\u00a0"


@pytest.fixture
def superuser(db: None):
    return get_user_model().objects.create_superuser(username="boss", email="", password="a-long-test-password")


def nok(amount: int) -> str:
    """An amount as the bokmål page prints it: 2 784 000 with no-break spaces."""
    return f"{amount:,}".replace(",", NBSP)


class _TableParser(HTMLParser):
    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id = table_id
        self.depth = 0  # >0 while inside the wanted table
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and (self.depth or dict(attrs).get("id") == self.table_id):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data.replace(NBSP, " "))


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """The rows of one table as lists of cell texts (whitespace collapsed, no-break spaces as spaces)."""
    parser = _TableParser(table_id)
    parser.feed(html)
    return parser.rows


# --- Personas for the pilot (allocation runs and award letters) -------------------------------------

@pytest.fixture
def people(pilot):
    """The standard personas (tests/personas.py) around the pilot: Elverum and Tynset (Innlandet), Trondheim
    (Trøndelag)."""
    return pilot_people()


def pilot_people() -> dict:
    import datetime

    from samla.registry.selectors import municipality_by_number

    on = datetime.date(2020, 1, 1)
    elverum, tynset, trondheim = (municipality_by_number(n, on=on) for n in ("3420", "3427", "5001"))
    return make_personas(region=elverum.region, other_region=trondheim.region,
                         keys=["directorate", "evaluator", "governor", "governor_other_region", "resource", "outsider"],
                         municipalities={"elverum": elverum, "tynset": tynset, "trondheim": trondheim})
