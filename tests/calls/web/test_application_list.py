"""calls:application_list: scope, filters, pagination and export."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from samla.calls import services
from tests.calls.conftest import publish, write_application
from tests.calls.web.conftest import statuses

URL = reverse("calls:application_list")


def _names(html: str) -> set[str]:
    return {name for name in ("Elverum", "Tynset", "Os", "Trondheim") if f">{name}</a>" in html}


def test_list_for_everyone_with_a_role(login, draft) -> None:
    codes = statuses(login, URL)
    allowed = {"directorate", "governor", "governor_other_region", "resource", "resource_other_region",
               "elverum", "tynset", "trondheim", "evaluator", "competence"}
    assert {who for who, code in codes.items() if code == 200} == allowed
    assert {code for who, code in codes.items() if who not in allowed} == {403}


def test_each_role_sees_its_scope_and_filters_work(login, world, open_round, call) -> None:
    write_application(world, call, "elverum")
    write_application(world, call, "tynset", submit=False)
    services.political_decision_record(actor=world.users["elverum"],
                                       application=call.applications.get(municipality__name="Elverum"),
                                       body="Kommunestyret", decided_on=call.published_at.date(),
                                       case_reference="PS 1/19", now=call.published_at)
    tro = publish(world, open_round, region="trondelag", governor="governor_other_region", case_number="Sak 2019/1")
    write_application(world, tro, "trondheim")
    assert _names(login("directorate").get(URL).content.decode()) == {"Elverum", "Tynset", "Trondheim"}
    assert _names(login("governor").get(URL).content.decode()) == {"Elverum", "Tynset"}
    assert _names(login("elverum").get(URL).content.decode()) == {"Elverum"}
    director = login("directorate")
    assert _names(director.get(URL, {"status": "draft"}).content.decode()) == {"Tynset"}
    missing = director.get(URL, {"decision": "missing"}).content.decode()
    assert _names(missing) == {"Tynset", "Trondheim"} and "Politisk vedtak mangler" in missing
    assert _names(director.get(URL, {"decision": "present"}).content.decode()) == {"Elverum"}
    assert _names(director.get(URL, {"region": world.regions["trondelag"].pk}).content.decode()) == {"Trondheim"}
    assert _names(director.get(URL, {"q": "tyn"}).content.decode()) == {"Tynset"}
    assert _names(director.get(URL, {"programme_round": open_round.pk}).content.decode()) == {
        "Elverum", "Tynset", "Trondheim"}
    # A region outside the user's scope is not a choice: the filter is refused, not widened.
    html = login("governor").get(URL, {"region": world.regions["trondelag"].pk}).content.decode()
    assert "Trondheim" not in html


def test_export_csv_and_xlsx_follow_the_filters_and_scope(login, world, call) -> None:
    write_application(world, call, "elverum")
    write_application(world, call, "tynset", submit=False)
    csv = login("governor").get(URL, {"status": "draft", "export": "csv"})
    text = csv.content.decode("utf-8-sig")
    assert csv["Content-Disposition"] == 'attachment; filename="applications.csv"'
    assert "Tynset" in text and "Elverum" not in text and "Politisk vedtak mangler" in text
    xlsx = login("elverum").get(URL, {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Kommune" and [r[0] for r in rows[1:]] == ["Elverum"]


def test_a_page_out_of_range_gives_the_nearest_page(login, world, call) -> None:
    write_application(world, call, "elverum")
    html = login("directorate").get(URL, {"status": "submitted", "page": "7"}).content.decode()
    assert ">Elverum</a>" in html and "1 søknad" in html


def test_the_evaluator_sees_status_but_no_link_to_the_text(login, world, call) -> None:
    application = write_application(world, call, "elverum")
    html = login("evaluator").get(URL).content.decode()
    assert "Elverum" in html and f"/work/applications/{application.pk}/" not in html
    assert login("evaluator").get(f"/work/applications/{application.pk}/").status_code == 403
    assert f"/work/applications/{application.pk}/" in login("directorate").get(URL).content.decode()
