"""/api/applications: who sees which, who reads the text, guessed ids, saving with version, submitting."""

from __future__ import annotations

import pytest

from samla.audit.models import AuditEvent
from samla.calls.models import Application

# persona → the applications (by municipality) they see in the list
SEES = {
    "directorate": {"3420", "3427", "5001"},
    "evaluator": {"3420", "3427", "5001"},
    "governor": {"3420", "3427"},
    "resource": {"3420", "3427"},
    "competence": {"3420", "3427"},
    "governor_other_region": {"5001"},
    "resource_other_region": {"5001"},
    "elverum": {"3420"},
    "tynset": {"3427"},
    "trondheim": {"5001"},
    "outsider": set(),
}
# persona → may read the free text of the applications they see
READS_TEXT = {"directorate": True, "governor": True, "resource": True, "governor_other_region": True,
              "resource_other_region": True, "elverum": True, "tynset": True, "trondheim": True,
              "evaluator": False, "competence": False, "outsider": False}


@pytest.mark.parametrize("who", sorted(SEES))
def test_list_shows_exactly_the_scope(api_world, as_user, who) -> None:
    response = as_user(who).get("/api/applications")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(SEES[who])
    assert {row["municipality"]["number"] for row in body["items"]} == SEES[who]
    for row in body["items"]:
        assert (row["content"] is not None) == READS_TEXT[who], row


@pytest.mark.parametrize("who", sorted(SEES))
def test_detail_in_scope_or_404_for_every_application(api_world, as_user, who) -> None:
    for name, app in api_world.apps.items():
        response = as_user(who).get(f"/api/applications/{app.pk}")
        if app.municipality.number in SEES[who]:
            assert response.status_code == 200, (who, name)
        else:
            assert response.status_code == 404, (who, name)
            assert response.json()["code"] == "not_found"


def test_missing_and_out_of_scope_give_the_same_answer(api_world, as_user) -> None:
    elverum = as_user("elverum")
    missing = elverum.get(f"/api/applications/{Application.objects.order_by('-pk').first().pk + 100}")
    other = elverum.get(f"/api/applications/{api_world.apps['tynset'].pk}")
    assert (missing.status_code, missing.content) == (other.status_code, other.content) == (404, other.content)


def test_evaluator_gets_status_dates_and_decision_present_but_no_text(api_world, as_user) -> None:
    body = as_user("evaluator").get(f"/api/applications/{api_world.apps['tynset'].pk}").json()
    assert body["status"] == "submitted"
    assert body["submitted_at"] and body["created_at"] and body["updated_at"]
    assert body["has_political_decision"] is True
    assert body["content"] is None
    raw = as_user("evaluator").get("/api/applications").content.decode()
    for secret in ("Samordnet innsats", "Kari Nordmann", "kari@kommune.example", "PS 45/19"):
        assert secret not in raw


def test_municipality_reads_its_own_text_contacts_and_decision(api_world, as_user) -> None:
    body = as_user("tynset").get(f"/api/applications/{api_world.apps['tynset'].pk}").json()
    content = body["content"]
    assert content["development_work"] == "Samordnet innsats for utsatte barn og unge."
    assert content["contacts"] == [{"name": "Kari Nordmann", "role": "Prosjektleder",
                                    "email": "kari@kommune.example"}]
    assert content["political_decision"]["case_reference"] == "PS 45/19"
    assert content["version"] == api_world.apps["tynset"].version


def test_filters(api_world, as_user) -> None:
    directorate = as_user("directorate")
    assert [r["municipality"]["number"] for r in directorate.get(
        "/api/applications", status="draft").json()["items"]] == ["3420"]
    assert [r["municipality"]["number"] for r in directorate.get(
        "/api/applications", region="50").json()["items"]] == ["5001"]
    assert directorate.get("/api/applications", municipality="3427").json()["count"] == 1
    assert directorate.get("/api/applications", call=api_world.calls["innlandet"].pk).json()["count"] == 2
    assert directorate.get("/api/applications", programme="nope").json()["count"] == 0


def test_pagination(api_world, as_user) -> None:
    page = as_user("directorate").get("/api/applications", page=2, page_size=2).json()
    assert page["count"] == 3 and len(page["items"]) == 1


# --- writes ------------------------------------------------------------------------------------------------

def _path(api_world, name="elverum") -> str:
    return f"/api/applications/{api_world.apps[name].pk}"


def test_save_with_current_version_saves_and_audits(api_world, as_user) -> None:
    app = api_world.apps["elverum"]
    events = AuditEvent.objects.filter(action="application.save").count()
    response = as_user("elverum").patch(_path(api_world), {
        "version": app.version, "measures": "Familiekoordinator",
        "contacts": [{"name": "Ola", "role": "Rådgiver", "email": "ola@elverum.example"}]})
    assert response.status_code == 200, response.content
    content = response.json()["content"]
    assert content["measures"] == "Familiekoordinator"
    assert content["version"] == app.version + 1
    assert content["contacts"] == [{"name": "Ola", "role": "Rådgiver", "email": "ola@elverum.example"}]
    assert content["development_work"] == "Samordnet innsats for utsatte barn og unge."  # untouched
    assert AuditEvent.objects.filter(action="application.save").count() == events + 1


def test_stale_version_is_409_and_changes_nothing(api_world, as_user) -> None:
    app = api_world.apps["elverum"]
    client = as_user("elverum")
    assert client.patch(_path(api_world), {"version": app.version, "measures": "Første"}).status_code == 200
    response = client.patch(_path(api_world), {"version": app.version, "measures": "Andre"})
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    assert "noen andre" in response.json()["detail"].lower()
    app.refresh_from_db()
    assert app.measures == "Første"


@pytest.mark.parametrize("who", ["evaluator", "governor", "resource", "directorate", "competence"])
def test_roles_that_see_but_may_not_write_get_403(api_world, as_user, who) -> None:
    app = api_world.apps["elverum"]
    response = as_user(who).patch(_path(api_world), {"version": app.version, "measures": "Kapret"})
    assert response.status_code == 403
    assert as_user(who).post(f"{_path(api_world)}/submit", {"version": app.version}).status_code == 403
    app.refresh_from_db()
    assert app.measures != "Kapret" and app.status == "draft"


@pytest.mark.parametrize("who", ["tynset", "trondheim", "governor_other_region", "outsider"])
def test_guessed_ids_of_other_municipalities_are_404_and_change_nothing(api_world, as_user, who) -> None:
    app = api_world.apps["elverum"]
    assert as_user(who).patch(_path(api_world), {"version": app.version, "measures": "Kapret"}).status_code == 404
    assert as_user(who).post(f"{_path(api_world)}/submit", {"version": app.version}).status_code == 404
    app.refresh_from_db()
    assert app.measures != "Kapret" and app.status == "draft"


def test_invalid_body_is_422(api_world, as_user) -> None:
    client = as_user("elverum")
    assert client.patch(_path(api_world), {"measures": "uten versjon"}).status_code == 422
    assert client.patch(_path(api_world), {"version": "x"}).status_code == 422
    bad_email = client.patch(_path(api_world), {"version": api_world.apps["elverum"].version,
                                                "contacts": [{"name": "A", "role": "B", "email": "ikke-epost"}]})
    assert bad_email.status_code == 422
    assert bad_email.json()["detail"][0]["loc"] == ["body", "email"]
    api_world.apps["elverum"].refresh_from_db()
    assert api_world.apps["elverum"].contacts.get().email == "kari@kommune.example"


def test_submit_with_version_submits_and_audits(api_world, as_user) -> None:
    app = api_world.apps["elverum"]
    response = as_user("elverum").post(f"{_path(api_world)}/submit", {"version": app.version})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    assert AuditEvent.objects.filter(action="application.submit", object_id=str(app.pk)).exists()
    again = as_user("elverum").post(f"{_path(api_world)}/submit", {"version": app.version + 1})
    assert again.status_code == 422
    assert again.json()["detail"][0]["type"] == "not_draft"


def test_submit_stale_version_is_409(api_world, as_user) -> None:
    app = api_world.apps["elverum"]
    response = as_user("elverum").post(f"{_path(api_world)}/submit", {"version": app.version - 1 or 99})
    assert response.status_code == 409
    app.refresh_from_db()
    assert app.status == "draft"


def test_submit_incomplete_is_422_with_a_bokmaal_message(api_world, as_user) -> None:
    app = api_world.apps["elverum"]
    client = as_user("elverum")
    client.patch(_path(api_world), {"version": app.version, "measures": ""})
    response = client.post(f"{_path(api_world)}/submit", {"version": app.version + 1})
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "incomplete"
    assert "kontaktperson" in response.json()["detail"][0]["msg"]


def test_create_application_for_own_municipality(api_world, as_user) -> None:
    call = api_world.calls["innlandet"]
    response = as_user("directorate").post("/api/applications", {"call": call.pk})
    assert response.status_code == 403
    hamar = as_user("hamar").post("/api/applications", {"call": call.pk})
    assert hamar.status_code == 201, hamar.content
    assert hamar.json()["municipality"]["number"] == "3403"
    assert hamar.json()["content"]["version"] == 1
    # Trondheim cannot see Innlandet's call at all: 404, and cannot apply twice.
    assert as_user("trondheim").post("/api/applications", {"call": call.pk}).status_code == 404
    assert as_user("hamar").post("/api/applications", {"call": call.pk}).status_code == 422
