from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

LOG = "/audit/"


@pytest.mark.parametrize("persona", ["elverum", "governor", "resource", "evaluator", "outsider"])
def test_everyone_but_directorate_and_system_admin_gets_403(client, world, events, persona) -> None:
    client.force_login(world.users[persona])
    assert client.get(LOG).status_code == 403
    assert client.get(LOG, {"export": "csv"}).status_code == 403
    assert client.get(f"/audit/{events[0].pk}/").status_code == 403
    assert client.get("/audit/999999/").status_code == 403  # a missing event looks the same


def test_anonymous_is_sent_to_sign_in(client, db) -> None:
    assert client.get(LOG)["Location"].startswith("/accounts/login/?next=")


def test_directorate_sees_who_when_what_diff_and_reason(client, world, events) -> None:
    client.force_login(world.users["directorate"])
    response = client.get(LOG)
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 hendelser" in html
    assert "<caption" in html and 'scope="col"' in html
    assert "programme.rename" in html  # an action without a name is shown by its code
    assert '<span class="muted">Program:</span> <a href="/programmes/pilot/">0–24 pilot</a>' in html
    assert "allocation.programme" not in html.split("<tbody>")[1]
    assert "Nytt navn etter vedtak i prosjektgruppen" in html
    assert '<span class="diff__field">Navn</span>' in html
    assert "<del><span class=\"visually-hidden\">før: </span>Pilot</del>" in html
    assert "0–24 pilot</ins>" in html
    assert "Første år" not in html.split("<tbody>")[1]  # unchanged field hidden
    assert html.index("=HYPERLINK") < html.index("Nytt navn")  # newest first


def test_system_admin_and_superuser_may_read(client, world, system_admin, events, django_user_model) -> None:
    client.force_login(system_admin)
    assert client.get(LOG).status_code == 200
    client.force_login(django_user_model.objects.create(username="root", is_superuser=True, is_staff=True))
    assert client.get(LOG).status_code == 200


@pytest.mark.parametrize(("query", "expected"), [
    ({"actor": "dir"}, {0}),
    ({"actor": "gov"}, {1}),
    ({"action": "programme.rename"}, {0, 2}),
    ({"object_type": "registry.municipality"}, {1}),
    ({"object_type": "allocation.programme", "object_id": "OBJ"}, {0, 2}),
    ({"date_from": "2019-06-01"}, {1, 2}),
    ({"date_to": "2019-06-01"}, {0, 1}),
    ({"date_from": "2019-06-01", "date_to": "2019-06-01"}, {1}),
    ({"reason": "VEDTAK"}, {0}),
    ({"reason": "vedtak", "actor": "gov"}, set()),
])
def test_filters(client, world, events, query, expected) -> None:
    client.force_login(world.users["directorate"])
    query = {k: (str(world.programme.pk) if v == "OBJ" else v) for k, v in query.items()}
    response = client.get(LOG, {**query, "export": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {int(r["Hendelse"]) for r in rows} == {events[i].pk for i in expected}


def test_a_day_is_a_day_in_oslo(client, world, events) -> None:
    # 2019-06-01 21:30 UTC is 23:30 in Oslo (summer time): still 1 June.
    client.force_login(world.users["directorate"])
    response = client.get(LOG, {"date_from": "2019-06-02", "date_to": "2019-06-02", "export": "csv"})
    assert response.content.decode("utf-8-sig").count("\n") == 1  # the header only


def test_bad_filters_get_a_message_in_bokmaal(client, world, events) -> None:
    client.force_login(world.users["directorate"])
    response = client.get(LOG, {"date_from": "2019-06-05", "date_to": "2019-06-01"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in html and 'href="#id_date_to"' in html
    assert "Fra-datoen må være samme dag som eller før til-datoen." in html
    assert client.get(LOG, {"date_from": "i går"}).status_code == 400
    assert client.get(LOG, {"action": "no.such.action"}).status_code == 400


def test_csv_export(client, world, events) -> None:
    client.force_login(world.users["directorate"])
    response = client.get(LOG, {"action": "programme.rename", "export": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="audit-log.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == ["Hendelse", "Når", "Hvem", "Handling", "Objekttype", "Objekt-ID", "Endringer",
                             "Begrunnelse", "Opphav"]
    first = rows[1]  # oldest last: the directorate's rename
    assert first["Hvem"] == "dir" and first["Handling"] == "programme.rename"
    assert first["Endringer"] == "name: Pilot → 0–24 pilot"
    assert first["Begrunnelse"] == "Nytt navn etter vedtak i prosjektgruppen"
    assert rows[0]["Hvem"] == "System"
    assert rows[0]["Endringer"].startswith("name: 0–24 pilot → =HYPERLINK")  # not at the start of a cell


def test_xlsx_export(client, world, events) -> None:
    client.force_login(world.users["directorate"])
    response = client.get(LOG, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:3] == ("Hendelse", "Når", "Hvem")
    assert [row[0] for row in values[1:]] == [events[2].pk, events[1].pk, events[0].pk]
    assert values[2][2] == "gov" and values[2][6] == "name:  → Elverum; number:  → 3420"


def test_pagination_keeps_the_filter(client, world, events, settings) -> None:
    from django.db import transaction

    from samla.audit.services import audit_record

    with transaction.atomic():
        for i in range(60):
            audit_record(actor=world.users["directorate"], action="bulk.touch", obj=world.programme,
                         before={"n": i}, after={"n": i + 1})
    client.force_login(world.users["directorate"])
    html = client.get(LOG, {"action": "bulk.touch"}).content.decode()
    assert "60 hendelser" in html and "Side 1 av 2" in html
    assert 'href="?action=bulk.touch&amp;page=2"' in html
    second = client.get(LOG, {"action": "bulk.touch", "page": 2}).content.decode()
    assert "Side 2 av 2" in second and second.count('<span class="diff__field">n</span>') == 10
