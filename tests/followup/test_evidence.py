"""Evidence beside self-assessment: the evaluator sees each municipality's answers to the cooperation items beside
its follow-up facts, and two municipalities with the same answer but different facts are marked."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client


@pytest.fixture
def demo(demo_world, db, settings):
    settings.MEDIA_ROOT = demo_world


def _as(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_evaluator_sees_answers_beside_facts_and_alike_answers_that_differ(demo) -> None:
    from samla.evaluation.models import Form
    from samla.followup.evidence import evidence_for

    evaluator = get_user_model().objects.get(username="evaluator")
    form = Form.objects.order_by("pk").first()
    found = evidence_for(evaluator, form=form, wave=None, item_codes=[], language="nb")
    assert found.items and len(found.rows) == 12
    assert all(row.facts is not None for row in found.rows)  # every pilot municipality has its follow-up
    assert any(group.differ for group in found.groups)  # the same answer, different facts
    html = _as("evaluator").get(f"/followup/evidence/?form={form.pk}").content.decode()
    assert "samme svar, ulike fakta" in html and "Nærøysund" in html
    results = _as("evaluator").get("/evaluation/results/").content.decode()
    assert "/followup/evidence/" in results


@pytest.mark.parametrize("username", ["direktorat", "statsforvalter-innlandet", "elverum", "kompetanse-innlandet"])
def test_only_the_evaluator_sees_individual_answers_beside_the_facts(demo, username) -> None:
    assert _as(username).get("/followup/evidence/").status_code == 403
