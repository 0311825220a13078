"""The illustrative demo, read through the results selectors, gives Figure 7's means to one decimal."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.auth import get_user_model

from samla.accounts.models import Role, RoleAssignment
from samla.evaluation import results
from tests.conftest import REFERENCE

demo = pytest.importorskip("samla.demo.evaluation")


def figure_7() -> list[dict[str, str]]:
    """The reference rows. The third item's text holds unquoted commas, so the three rounds are split off the
    right end of each line rather than read with the csv module."""
    lines = [line for line in (REFERENCE / "reflection_fig7_means.csv").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    rows = []
    for line in lines[1:]:
        item, r2019, r2020, r2022 = line.rsplit(",", 3)
        rows.append({"item": item, "round_2019": r2019, "round_2020": r2020, "round_2022": r2022})
    return rows


def one_decimal(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def test_demo_means_equal_figure_7(reference_data):
    form = demo.demo_load_evaluation()
    evaluator = get_user_model().objects.create(username="fig7-eva")
    RoleAssignment.objects.create(user=evaluator, role=Role.EVALUATOR)
    found = results.results_for(evaluator, form=form, language="en")
    assert form.illustrative
    rows = figure_7()
    assert len(rows) == 3
    for row in rows:
        matches = [i for i in found.items if row["item"] in i.info.text]
        assert len(matches) == 1, row["item"]
        means = {c.stats.wave: one_decimal(c.stats.mean) for c in matches[0].cells}
        assert means == {"2019": Decimal(row["round_2019"]), "2020": Decimal(row["round_2020"]),
                         "2022": Decimal(row["round_2022"])}, row["item"]
        assert all(3 <= c.stats.n <= 12 for c in matches[0].cells)
    # The directorate's view of the same data shows the same means (every group has at least 3 answers).
    directorate = get_user_model().objects.create(username="fig7-dir")
    RoleAssignment.objects.create(user=directorate, role=Role.DIRECTORATE)
    aggregate = results.results_for(directorate, form=form, language="en")
    assert aggregate.stats == found.stats and not any(c.hidden for i in aggregate.items for c in i.cells)
