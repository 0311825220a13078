"""The audit log reads in the user's language: action names, the object's name with a link to its page (when the
reader may open it), dates and yes/no; the codes stay in the exports. Events loaded from the demo say so."""

from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import Path

from django.db import transaction

from samla.audit.display import display_value
from samla.audit.labels import ACTIONS, action_label
from samla.audit.models import AuditEvent
from samla.audit.services import audit_record, recorded_as

SAMLA = Path(__file__).resolve().parents[2] / "samla"
FILE_TYPES = {"csv", "py", "html", "json", "pdf", "xlsx", "txt"}


def test_every_action_a_service_records_has_a_name() -> None:
    """Every dotted code in a module that records audit events (``"application.submit"``) has a name."""
    recorded = set()
    for path in SAMLA.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "audit_record(" in text and "def audit_record" not in text:
            recorded |= set(re.findall(r'"([a-z_]+(?:\.[a-z_]+)+)"', text))
    recorded = {code for code in recorded
                if not code.startswith("samla.") and code.rsplit(".", 1)[-1] not in FILE_TYPES}
    assert {"application.submit", "user.deactivate", "allocation_run.lock"} <= recorded
    assert sorted(recorded - set(ACTIONS)) == []


def test_action_names_in_bokmaal_and_english(settings) -> None:
    from django.utils import translation

    with translation.override("nb"):
        assert action_label("allocation_run.create") == "Fordelingskjøring laget"
        assert action_label("application.save") == "Utkast lagret"
        assert action_label("something.new") == "something.new"
    with translation.override("en"):
        assert action_label("application.save") == "Draft saved"


def test_values_for_a_reader() -> None:
    from django.utils import translation

    with translation.override("nb"):
        assert display_value("is_active", True) == "Ja" and display_value("is_active", False) == "Nei"
        assert display_value("submitted_at", "2019-05-24T10:00:00+00:00") == "24. mai 2019 12:00"
        assert display_value("decided_on", "2019-09-19") == "19. september 2019"
        assert display_value("total", 2784000) == "2\xa0784\xa0000"
        assert display_value("municipality_id", 12345) == "12345" and display_value("year", 2021) == "2021"
        assert display_value("note", "Fritekst 2019-05-24 med dato") == "Fritekst 2019-05-24 med dato"
    with translation.override("en"):
        assert display_value("is_active", True) == "Yes"


def test_the_page_reads_in_words_and_the_export_keeps_the_codes(client, world) -> None:
    elverum = world.municipalities["elverum"]
    with transaction.atomic():
        event = audit_record(actor=world.users["directorate"], action="user.deactivate", obj=world.users["elverum"],
                             before={"is_active": True, "last_login": "2019-05-02T08:00:00+00:00"},
                             after={"is_active": False, "last_login": "2019-05-02T08:00:00+00:00"})
        audit_record(actor=None, action="role_assignment.grant", obj=elverum, before=None, after={"number": "3420"})
    client.force_login(world.users["directorate"])
    html = client.get("/audit/").content.decode()
    assert "Konto deaktivert" in html and "Rolle gitt" in html
    assert "<del><span class=\"visually-hidden\">før: </span>Ja</del>" in html and ">Nei</ins>" in html
    rows_html = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "user.deactivate" not in rows_html and ">true<" not in rows_html and "is_active" not in rows_html
    # the directorate may not open the users pages: the user's name, no link
    assert 'href="/users/' not in html and "u-elverum" in html
    detail = client.get(f"/audit/{event.pk}/").content.decode()
    assert "Konto deaktivert" in detail and "2. mai 2019 10:00" in detail
    rows = list(csv.DictReader(io.StringIO(client.get("/audit/", {"export": "csv"}).content.decode("utf-8-sig"))))
    assert {r["Handling"] for r in rows} == {"user.deactivate", "role_assignment.grant"}
    assert any("is_active: true → false" in r["Endringer"] for r in rows)


def test_the_system_admin_gets_a_link_to_the_user(client, world, system_admin) -> None:
    with transaction.atomic():
        audit_record(actor=None, action="user.create", obj=world.users["elverum"], before=None, after={})
    client.force_login(system_admin)
    html = client.get("/audit/").content.decode()
    assert f'<a href="/users/{world.users["elverum"].pk}/">u-elverum</a>' in html


def test_events_loaded_from_the_demo_carry_the_case_date_and_say_so(client, world) -> None:
    when = datetime.datetime(2019, 5, 24, 12, 0, tzinfo=datetime.UTC)
    with transaction.atomic(), recorded_as(origin=AuditEvent.Origin.DEMO, at=when):
        event = audit_record(actor=None, action="programme.create", obj=world.programme, before=None, after={})
        explicit = audit_record(actor=None, action="programme.create", obj=world.programme, before=None, after={},
                                at=when + datetime.timedelta(days=1))
    assert event.at == when and event.origin == "demo"
    assert explicit.at == when + datetime.timedelta(days=1) and explicit.origin == "demo"
    with transaction.atomic():
        later = audit_record(actor=None, action="programme.create", obj=world.programme, before=None, after={})
    assert later.origin == "" and later.at > when
    client.force_login(world.users["directorate"])
    html = client.get("/audit/").content.decode()
    assert html.count("lastet inn fra demoen") == 2
