"""Every registry and scheme model has a working admin change list, search and add form
(both apps tested here: one admin site)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samla.schemes.services import schemes_load_reference_data

# WhiteNoise warns that var/static/ (collectstatic's output) is missing; irrelevant here.
pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

MODELS = [("registry", "region"), ("registry", "municipality"), ("registry", "municipalitycodechange"),
          ("registry", "indicator"), ("registry", "indicatorvalue"), ("schemes", "scheme"), ("schemes", "award")]


@pytest.fixture
def admin_client_with_data(client, reference_data, settings):
    # The manifest storage of production needs collectstatic; templates only need URLs here.
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    schemes_load_reference_data()
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_the_change_list_search_and_add_form_open(admin_client_with_data, app, model) -> None:
    changelist = reverse(f"admin:{app}_{model}_changelist")
    assert admin_client_with_data.get(changelist).status_code == 200
    assert admin_client_with_data.get(changelist, {"q": "Bamble"}).status_code == 200
    assert admin_client_with_data.get(reverse(f"admin:{app}_{model}_add")).status_code == 200


def test_municipalities_can_be_found_by_autocomplete(admin_client_with_data) -> None:
    response = admin_client_with_data.get(reverse("admin:autocomplete"), {
        "term": "Bamble", "app_label": "schemes", "model_name": "award", "field_name": "municipality"})
    assert response.status_code == 200
    assert {r["text"] for r in response.json()["results"]} == {"0814 Bamble", "3813 Bamble", "4012 Bamble"}
