"""The illustrative demo: the pilot's form, three waves and 36 submitted responses, loaded idempotently."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samla.accounts.models import Role, RoleAssignment
from samla.core.survey import DK, read_long_csv
from samla.evaluation.demo import FOLDER, demo_load_evaluation
from samla.evaluation.models import Form, Response, ResponseAnswer, Wave


def counts() -> tuple[int, ...]:
    return (Form.objects.count(), Wave.objects.count(), Response.objects.count(), ResponseAnswer.objects.count())


def test_demo_loads_the_pilot_and_is_idempotent(reference_data) -> None:
    form = demo_load_evaluation()
    first = counts()
    assert first[:3] == (1, 3, 36)
    assert demo_load_evaluation().pk == form.pk and counts() == first
    assert form.illustrative and all(w.illustrative for w in Wave.objects.all())
    assert sorted(Wave.objects.values_list("label", flat=True)) == ["2019", "2020", "2022"]
    assert set(Response.objects.values_list("status", flat=True)) == {Response.Status.SUBMITTED}
    version = form.versions.get()
    assert version.is_published
    assert list(version.items.values_list("item_code", flat=True)) == ["fig7_q1", "fig7_q2", "fig7_q3", "comments"]


def test_demo_answers_equal_the_file(reference_data) -> None:
    demo_load_evaluation()
    stored = {(a.response.municipality.number, a.response.wave.label, a.item.item_code): DK if a.dont_know
              else a.value for a in ResponseAnswer.objects.select_related("response__municipality", "response__wave",
                                                                           "item")}
    expected = {(a.municipality, a.wave, a.item): a.value for a in read_long_csv(FOLDER / "responses.csv")
                if a.value is not None}
    assert stored == expected
    assert ResponseAnswer.objects.filter(dont_know=True, value__isnull=True).count() == sum(
        1 for v in expected.values() if v == DK)


def test_demo_needs_the_registry(db) -> None:
    with pytest.raises(RuntimeError, match="reference data"):
        demo_load_evaluation()
    assert counts() == (0, 0, 0, 0)


def test_pages_mark_the_demo_as_illustrative(client, reference_data) -> None:
    demo_load_evaluation()
    user = get_user_model().objects.create(username="eva-demo")
    RoleAssignment.objects.create(user=user, role=Role.EVALUATOR)
    client.force_login(user)
    wave = Wave.objects.get(label="2022")
    body = client.get(reverse("evaluation:wave_progress", args=[wave.pk])).content.decode()
    assert "Illustrasjonsdata." in body and body.count('class="status status--submitted"') == 12
