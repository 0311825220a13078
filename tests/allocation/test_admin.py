"""The admin changelist and add form of every model of allocation, registry and schemes load for a superuser."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from samla.allocation.models import Programme

APPS = {"allocation", "registry", "schemes"}  # other apps' admins are tested by their own owners
MODELS = sorted((m._meta.app_label, m._meta.model_name) for m in admin.site._registry if m._meta.app_label in APPS)


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_changelist_and_add_load(client: Client, pilot: Programme, superuser, app: str, model: str) -> None:
    client.force_login(superuser)
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{app}_{model}_add")).status_code == 200


def test_programme_change_page_has_inlines(client: Client, pilot: Programme, superuser) -> None:
    client.force_login(superuser)
    html = client.get(reverse("admin:allocation_programme_change", args=[pilot.pk])).content.decode()
    for prefix in ("schemes", "growth_factors", "participants", "decided_amounts", "continuations"):
        assert f'id="{prefix}-group"' in html


def test_allocation_models_are_registered() -> None:
    assert {m for a, m in MODELS if a == "allocation"} == {
        "programme", "programmescheme", "growthfactor", "participant", "decidedamount", "continuation"}
