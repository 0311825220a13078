"""allocation:continuations and allocation:continuation_remove — flagged double-financing exceptions with reasons."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from samla.allocation import services
from samla.allocation.models import AllocationRun, Continuation
from samla.allocation.runs import RunOptions
from samla.audit.models import AuditEvent
from samla.registry.selectors import municipality_by_number
from samla.schemes.models import Scheme
from tests.allocation.conftest import table_rows

URL = "/programmes/pilot-2020/rules/continuations/"
ROLES = ["evaluator", "governor", "governor_other_region", "resource", "elverum", "outsider"]


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def places(pilot):
    import datetime

    on = datetime.date(2020, 1, 1)
    return {n: municipality_by_number(n, on=on) for n in ("3420", "3427", "5001")}


def add_data(elverum, scheme="231.63", year="2021", amount="450 000", reason="Flerårig prosjekt tildelt i 2019."):
    return {"continuation-municipality": str(elverum.pk), "continuation-scheme": str(Scheme.objects.get(key=scheme).pk),
            "continuation-year": year, "continuation-amount": amount, "continuation-reason": reason}


def test_the_list_shows_every_continuation_flagged_with_totals_per_year(client: Client, pilot, people) -> None:
    html = login(client, people["directorate"]).get(URL).content.decode()
    rows = table_rows(html, "continuations-table")
    assert [r[1] for r in rows[1:]] == ["Horten 3801", "Namsos 5007", "Trondheim 5001"]
    assert all("dobbeltfinansiering" in r[3] for r in rows[1:])
    totals = table_rows(html, "continuation-totals")
    assert totals[1] == ["2020", "3", "7 891 000 dobbeltfinansiering"] and totals[2] == ["2021", "0", "0"]
    assert "Ikke skriv personopplysninger om barn." in html and 'for="id_continuation-reason"' in html


def test_the_list_exports_csv_and_xlsx(client: Client, pilot, people) -> None:
    login(client, people["directorate"])
    csv = client.get(URL + "?export=csv")
    assert csv["Content-Type"].startswith("text/csv") and "5001,Trondheim,765.60,7041000" in csv.content.decode()
    assert client.get(URL + "?export=xlsx").content[:2] == b"PK"


def test_directorate_adds_a_continuation_with_a_reason(client: Client, pilot, people, places) -> None:
    response = login(client, people["directorate"]).post(URL, add_data(places["3420"]))
    assert response.status_code == 302 and response["Location"] == URL
    made = Continuation.objects.get(programme=pilot, municipality=places["3420"])
    assert (made.scheme.key, made.year, made.amount, made.reason) == ("231.63", 2021, 450_000,
                                                                      "Flerårig prosjekt tildelt i 2019.")
    event = AuditEvent.objects.get(action="continuation.create")
    assert event.reason == "Flerårig prosjekt tildelt i 2019." and event.after["amount"] == 450_000
    assert event.actor == people["directorate"] and event.before is None
    html = client.get(URL).content.decode()
    assert table_rows(html, "continuation-totals")[2] == ["2021", "1", "450 000 dobbeltfinansiering"]
    assert "Flerårig prosjekt tildelt i 2019." in html
    # The engine sees it: a new run flags the double financing of Elverum in 2021.
    run = services.allocation_run_create(actor=people["directorate"], programme=pilot, options=RunOptions())
    assert any(w.startswith("double financing: 3420 Elverum receives 450 000 NOK in 2021") for w in run.warnings)


BAD = [
    ({"continuation-reason": ""}, "continuation-reason", "Oppgi en begrunnelse."),
    ({"continuation-reason": "   "}, "continuation-reason", "Oppgi en begrunnelse."),
    ({"continuation-amount": "-450 000"}, "continuation-amount", "Beløpet kan ikke være negativt."),
    ({"continuation-amount": "450 000,50"}, "continuation-amount",
     "Skriv et helt antall kroner med sifre, for eksempel 1 790 000."),
    ({"continuation-amount": "0"}, "continuation", "Beløpet må være mer enn 0 kroner."),
    ({"continuation-year": "2019"}, "continuation-year", "Velg et gyldig valg."),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD, ids=[str(c) for c, _f, _m in BAD])
def test_bad_input_is_refused_and_nothing_changes(client: Client, pilot, people, places, changes, field,
                                                  message) -> None:
    response = login(client, people["directorate"]).post(URL, add_data(places["3420"]) | changes)
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    anchor = "#continuation-form" if field == "continuation" else f"#id_{field}"
    assert f'href="{anchor}"' in html
    assert Continuation.objects.filter(programme=pilot).count() == 3
    assert not AuditEvent.objects.filter(action="continuation.create").exists()


def test_a_non_participant_cannot_be_chosen(client: Client, pilot, people, places) -> None:
    from samla.registry.models import Municipality

    hamar = Municipality.objects.create(number="3403", name="Hamar", region=places["3420"].region,
                                        valid_from=places["3420"].valid_from)
    response = login(client, people["directorate"]).post(URL, add_data(hamar))
    assert response.status_code == 400 and "Velg et gyldig valg." in response.content.decode()
    assert not Continuation.objects.filter(municipality=hamar).exists()


def test_the_same_continuation_twice_is_refused(client: Client, pilot, people, places) -> None:
    login(client, people["directorate"])
    client.post(URL, add_data(places["3420"]))
    response = client.post(URL, add_data(places["3420"], amount="1"))
    assert response.status_code == 400 and "er allerede registrert" in response.content.decode()
    assert Continuation.objects.get(municipality=places["3420"]).amount == 450_000


def test_directorate_removes_a_continuation_with_a_reason(client: Client, pilot, people, places) -> None:
    trondheim = Continuation.objects.get(programme=pilot, municipality=places["5001"])
    url = f"{URL}{trondheim.pk}/remove/"
    login(client, people["directorate"])
    page = client.get(url).content.decode()
    assert "7\u00a0041\u00a0000\u00a0kr" in page and 'for="id_reason"' in page
    refused = client.post(url, {"reason": " "})
    assert refused.status_code == 400 and "Oppgi en begrunnelse." in refused.content.decode()
    assert Continuation.objects.filter(pk=trondheim.pk).exists()

    response = client.post(url, {"reason": "Prosjektet ble avsluttet i 2019."})
    assert response.status_code == 302 and response["Location"] == URL
    assert not Continuation.objects.filter(pk=trondheim.pk).exists()
    event = AuditEvent.objects.get(action="continuation.delete")
    assert event.reason == "Prosjektet ble avsluttet i 2019." and event.after is None
    assert event.before["amount"] == 7_041_000 and event.object_id == str(trondheim.pk)


def test_locked_runs_keep_their_continuations(client: Client, pilot, people, places) -> None:
    d = people["directorate"]
    run = services.allocation_run_create(actor=d, programme=pilot)
    services.allocation_run_lock(actor=d, run=run, reason="Vedtatt")
    trondheim = Continuation.objects.get(programme=pilot, municipality=places["5001"])
    login(client, d).post(f"{URL}{trondheim.pk}/remove/", {"reason": "Feilregistrert."})
    assert not Continuation.objects.filter(pk=trondheim.pk).exists()
    stored = AllocationRun.objects.get(pk=run.pk)
    assert stored.input_json == run.input_json
    assert '{"amount":7041000,"municipality":"5001","scheme":"765.60","year":2020}' in stored.input_json
    assert stored.result["cells"]["5001"]["2020"]["continuations"] == 7_041_000


@pytest.mark.parametrize("who", ROLES)
def test_other_roles_get_403_and_change_nothing(client: Client, pilot, people, places, who) -> None:
    trondheim = Continuation.objects.get(programme=pilot, municipality=places["5001"])
    login(client, people[who])
    assert client.get(URL).status_code == 403
    assert client.get(URL + "?export=csv").status_code == 403
    assert client.post(URL, add_data(places["3420"])).status_code == 403
    assert client.get(f"{URL}{trondheim.pk}/remove/").status_code == 403
    assert client.post(f"{URL}{trondheim.pk}/remove/", {"reason": "Nei."}).status_code == 403
    assert Continuation.objects.filter(programme=pilot).count() == 3 and not AuditEvent.objects.exists()


def test_anonymous_is_sent_to_login(client: Client, pilot) -> None:
    for url in (URL, f"{URL}1/remove/"):
        response = client.post(url, {"reason": "x"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Continuation.objects.count() == 3


def test_a_missing_continuation_looks_like_a_forbidden_one(client: Client, pilot, people) -> None:
    login(client, people["directorate"])
    assert client.get(f"{URL}999999/remove/").status_code == 403
    assert client.get("/programmes/nope/rules/continuations/").status_code == 403


def test_the_services_check_role_and_reason(pilot, people, places) -> None:
    scheme = Scheme.objects.get(key="231.63")
    with pytest.raises(PermissionDenied):
        services.continuation_add(actor=people["governor"], programme=pilot, municipality=places["3420"],
                                  scheme=scheme, year=2021, amount=1, reason="x")
    with pytest.raises(ValidationError) as error:
        services.continuation_add(actor=people["directorate"], programme=pilot, municipality=places["3420"],
                                  scheme=scheme, year=2025, amount=1, reason="x")
    assert error.value.messages == [str(services.CONTINUATION_WRONG_YEAR)]
    trondheim = Continuation.objects.get(programme=pilot, municipality=places["5001"])
    with pytest.raises(ValidationError):
        services.continuation_remove(actor=people["directorate"], continuation=trondheim, reason="")
    with pytest.raises(PermissionDenied):
        services.continuation_remove(actor=people["elverum"], continuation=trondheim, reason="x")
    assert Continuation.objects.filter(pk=trondheim.pk).exists() and not AuditEvent.objects.exists()
