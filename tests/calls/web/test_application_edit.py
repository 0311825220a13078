"""calls:application_start, calls:application_edit (optimistic locking) and the htmx contact row."""

from __future__ import annotations

from django.urls import reverse

from samla.audit.models import AuditEvent
from samla.calls import services
from samla.calls.models import Application
from tests.calls.conftest import FULL_TEXT
from tests.calls.web.conftest import CHILD_WARNING, statuses


def _post_data(application, **changes) -> dict:
    data = {"version": application.version, **FULL_TEXT, "contacts-TOTAL_FORMS": "2", "contacts-INITIAL_FORMS": "0",
            "contacts-0-name": "Kari Nordmann", "contacts-0-role": "Prosjektleder",
            "contacts-0-email": "kari@kommune.example", "contacts-1-name": "", "contacts-1-role": "",
            "contacts-1-email": ""}
    return data | changes


def test_a_municipality_starts_an_application_for_an_open_call(login, world, live_call) -> None:
    url = reverse("calls:application_start", args=[live_call.pk])
    for who in ("directorate", "governor", "resource", "trondheim", "evaluator"):
        assert login(who).post(url).status_code == 403
    assert not Application.objects.exists()
    response = login("elverum").post(url)
    application = Application.objects.get()
    assert response["Location"] == reverse("calls:application_edit", args=[application.pk])
    assert application.municipality == world.municipalities["elverum"]
    assert login("elverum").post(url)["Location"] == response["Location"]  # no second application
    assert AuditEvent.objects.filter(action="application.create").count() == 1


def test_only_the_own_municipality_may_edit(login, draft) -> None:
    url = reverse("calls:application_edit", args=[draft.pk])
    codes = statuses(login, url)
    assert codes.pop("elverum") == 200 and set(codes.values()) == {403}
    assert login("tynset").post(url, _post_data(draft, measures="Overskrevet")).status_code == 403
    assert login("governor").post(url, _post_data(draft, measures="Overskrevet")).status_code == 403
    draft.refresh_from_db()
    assert draft.measures == FULL_TEXT["measures"]


def test_guessing_ids_reveals_nothing(login, draft) -> None:
    for pk in (draft.pk, 99999):
        assert login("tynset").get(reverse("calls:application_edit", args=[pk])).status_code == 403
        assert login("tynset").get(reverse("calls:application_detail", args=[pk])).status_code == 403


def test_edit_page_shows_the_childrens_data_warning_on_every_text(login, draft) -> None:
    html = login("elverum").get(reverse("calls:application_edit", args=[draft.pk])).content.decode()
    assert html.count(CHILD_WARNING) == 4
    assert 'aria-describedby="id_measures_helptext"' in html and 'name="version" value="2"' in html
    assert "kari@kommune.example" in html


def test_saving_a_draft_raises_the_version_and_is_audited(login, draft) -> None:
    url = reverse("calls:application_edit", args=[draft.pk])
    data = _post_data(draft, measures="Familiekoordinator.", **{"contacts-1-name": "Ola", "contacts-1-role": "Leder",
                                                               "contacts-1-email": "ola@kommune.example"})
    response = login("elverum").post(url, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.measures == "Familiekoordinator." and draft.version == 3
    assert [c.name for c in draft.contacts.all()] == ["Kari Nordmann", "Ola"]
    assert AuditEvent.objects.filter(action="application.save", object_id=str(draft.pk)).count() == 2


def test_a_stale_save_is_refused_and_shows_both_versions(login, world, draft) -> None:
    url = reverse("calls:application_edit", args=[draft.pk])
    opened = draft.version
    # Someone else at Elverum saves first.
    services.application_save(actor=world.users["elverum"], application=draft, expected_version=opened,
                              measures="Den andres tiltak.")
    response = login("elverum").post(url, _post_data(draft, version=opened, measures="Mine tiltak."))
    html = response.content.decode()
    assert response.status_code == 409
    assert "Noen andre lagret søknaden etter at du åpnet den" in html
    assert "Den andres tiltak." in html and "Mine tiltak." in html
    draft.refresh_from_db()
    assert draft.measures == "Den andres tiltak." and draft.version == opened + 1
    # The form now carries the current version, so saving the merged text is accepted.
    assert f'name="version" value="{opened + 1}"' in html
    login("elverum").post(url, _post_data(draft, version=opened + 1, measures="Mine og den andres tiltak."))
    draft.refresh_from_db()
    assert draft.measures == "Mine og den andres tiltak."


def test_saving_after_the_deadline_is_refused_with_a_message(login, world, call) -> None:
    app = services.application_create(actor=world.users["elverum"], call=call,
                                      municipality=world.municipalities["elverum"], now=call.published_at)
    html = login("elverum").post(reverse("calls:application_edit", args=[app.pk]),
                                 _post_data(app, measures="For sent.")).content.decode()
    assert "Fristen er ute, og det er ikke gitt utsatt frist. Ingenting ble lagret." in html
    app.refresh_from_db()
    assert app.measures == "" and app.version == 1


def test_bad_email_is_shown_in_the_error_summary(login, draft) -> None:
    html = login("elverum").post(reverse("calls:application_edit", args=[draft.pk]),
                                 _post_data(draft, **{"contacts-0-email": "ikke-epost"})).content.decode()
    assert 'href="#id_contacts-0-email"' in html and 'aria-invalid="true"' in html
    draft.refresh_from_db()
    assert draft.version == 2


def test_add_contact_without_javascript_keeps_the_text_and_saves_nothing(login, draft) -> None:
    data = _post_data(draft, measures="Ulagret tekst.", add_contact="1")
    html = login("elverum").post(reverse("calls:application_edit", args=[draft.pk]), data).content.decode()
    assert 'name="contacts-2-name"' in html and "Ulagret tekst." in html
    draft.refresh_from_db()
    assert draft.measures == FULL_TEXT["measures"]


def test_htmx_contact_row_fragment(login, draft) -> None:
    url = reverse("calls:contact_row", args=[draft.pk])
    response = login("elverum").get(url, {"contacts-TOTAL_FORMS": "2"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'name="contacts-2-email"' in html and "Kontaktperson 3" in html
    assert 'id="id_contacts-TOTAL_FORMS" value="3"' in html.replace('value="3" id="id_contacts-TOTAL_FORMS"',
                                                                   'id="id_contacts-TOTAL_FORMS" value="3"')
    assert 'hx-swap-oob="true"' in html
    assert login("tynset").get(url).status_code == 403


def test_a_submitted_application_is_read_only(login, submitted) -> None:
    response = login("elverum").post(reverse("calls:application_edit", args=[submitted.pk]),
                                     _post_data(submitted, measures="Endret."))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.measures == FULL_TEXT["measures"]
