"""The OpenAPI schema and the docs page (served without any CDN)."""

from __future__ import annotations

import json
import re

import pytest

EXPECTED_PATHS = {
    "/api/me", "/api/programmes", "/api/programmes/{slug}", "/api/programmes/{slug}/allocation", "/api/calls",
    "/api/calls/{call_id}", "/api/applications", "/api/applications/{application_id}",
    "/api/applications/{application_id}/submit", "/api/selection-decisions", "/api/selection-decisions/{decision_id}",
    "/api/draws", "/api/followup/projects", "/api/followup/projects/{project_id}",
    "/api/followup/projects/{project_id}/reports", "/api/followup/reports/{report_id}",
}


@pytest.mark.django_db
def test_schema_is_json_with_every_path_and_both_auth_schemes(client) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["title"] == "Samla API"
    assert schema["info"]["version"]
    assert EXPECTED_PATHS <= set(schema["paths"])
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    assert set(schema["paths"]["/api/applications/{application_id}"]) == {"get", "patch"}
    content = schema["components"]["schemas"]["Application"]["properties"]
    assert "content" in content and "has_political_decision" in content


@pytest.mark.django_db
def test_docs_page_loads_swagger_from_local_static_files(client) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in scripts
    assert all(s.startswith("/static/") for s in scripts), scripts
    assert "cdn" not in html.lower()


@pytest.mark.django_db
def test_swagger_bundle_is_served(client) -> None:
    response = client.get("/static/ninja/swagger-ui-bundle.js")
    assert response.status_code == 200
