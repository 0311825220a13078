"""allocation:rules — the directorate's allocation rules of a programme, per role, with bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from samla.allocation.models import AllocationRun, GrowthFactor, Programme, ProgrammeScheme
from samla.allocation.services import programme_rules_update
from samla.audit.models import AuditEvent
from tests.allocation.conftest import table_rows

URL = "/programmes/pilot-2020/rules/"
CHILD_WARNING = "Ikke skriv personopplysninger om barn."


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


def rules_data(programme: Programme, **changes: str) -> dict[str, str]:
    """The rules form as the page fills it for ``programme``, with ``changes`` (field name → typed text)."""
    data = {
        "rounding_unit": f"{programme.rounding_unit:,}".replace(",", " "), "residual_policy": programme.residual_policy,
        "floor": f"{programme.floor:,}".replace(",", " "),
        "budget": "" if programme.budget is None else str(programme.budget), "surplus_method": programme.surplus_method,
        "surplus_indicator": programme.surplus_indicator,
        "surplus_indicator_year": str(programme.surplus_indicator_year or ""),
    }
    for rule in ProgrammeScheme.objects.filter(programme=programme):
        p = f"scheme-{rule.scheme_id}-"
        data |= {p + "method": rule.method, p + "base_year": str(rule.base_year or ""),
                 p + "budget": "" if rule.budget is None else str(rule.budget), p + "indicator": rule.indicator,
                 p + "indicator_year": str(rule.indicator_year or ""),
                 p + "rate": "" if rule.rate is None else str(rule.rate)}
    for g in GrowthFactor.objects.filter(programme=programme):
        percent = format((g.rate * 100).normalize(), "f").replace(".", ",")
        data |= {f"growth-{g.year}-rate": percent, f"growth-{g.year}-source": g.source}
    data.update(changes)
    return data


def stored(programme: Programme) -> tuple:
    """Everything the rules page may change, as stored."""
    programme = Programme.objects.get(pk=programme.pk)
    return (
        [getattr(programme, f) for f in ("rounding_unit", "residual_policy", "floor", "budget", "surplus_method",
                                         "surplus_indicator", "surplus_indicator_year")],
        list(ProgrammeScheme.objects.filter(programme=programme).values_list(
            "scheme__key", "method", "base_year", "budget", "indicator", "indicator_year", "rate")),
        list(GrowthFactor.objects.filter(programme=programme).values_list("year", "rate", "source")),
    )


def test_anonymous_is_sent_to_login(client: Client, pilot) -> None:
    for method in (client.get, client.post):
        response = method(URL)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["evaluator", "governor", "governor_other_region", "resource", "elverum", "outsider"])
def test_everyone_but_the_directorate_gets_403_and_changes_nothing(client: Client, pilot, people, who) -> None:
    before = stored(pilot)
    login(client, people[who])
    assert client.get(URL).status_code == 403
    assert client.post(URL, rules_data(pilot, floor="0")).status_code == 403
    assert stored(pilot) == before and not AuditEvent.objects.filter(action="programme.rules_update").exists()


def test_a_missing_programme_looks_like_a_forbidden_one(client: Client, pilot, people) -> None:
    login(client, people["directorate"])
    assert client.get("/programmes/no-such-programme/rules/").status_code == 403
    login(client, people["evaluator"])
    assert client.get("/programmes/no-such-programme/rules/").status_code == 403


def test_the_page_shows_the_rules_in_norwegian_form(client: Client, pilot, people) -> None:
    response = login(client, people["directorate"]).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="floor" value="1 790 000"' in html and 'name="rounding_unit" value="1 000"' in html
    assert 'name="growth-2021-rate" value="3,1"' in html and 'name="growth-2022-rate" value="2,6"' in html
    assert "not the published municipal deflator" in html  # the stored source
    assert "Fordelingsmotoren godtar reglene" in html and 'href="/programmes/pilot-2020/runs/new/"' in html
    assert "Låste kjøringer påvirkes ikke" in html
    # The growth rate and source are labelled, described and grouped by year.
    assert '<label class="field__label" for="id_growth-2021-rate">' in html
    assert 'aria-describedby="id_growth-2021-rate_helptext"' in html
    assert "<legend>2021 (vekst fra 2020)</legend>" in html
    # The continuation totals per year, flagged as double financing.
    totals = table_rows(html, "continuation-totals")
    assert totals[1][0] == "2020" and "dobbeltfinansiering" in totals[1][2]


def test_directorate_saves_valid_rules_audited_and_the_engine_runs(client: Client, pilot, people) -> None:
    login(client, people["directorate"])
    response = client.post(URL, rules_data(pilot, floor="1 800 000", **{
        "growth-2021-rate": "3,0", "growth-2021-source": "Brev fra KD 15.12.2020",
        "growth-2022-rate": "2,75 %"}))
    assert response.status_code == 302 and response["Location"] == URL + "?saved=1"
    pilot.refresh_from_db()
    assert pilot.floor == 1_800_000
    growth = {g.year: g for g in GrowthFactor.objects.filter(programme=pilot)}
    assert growth[2021].rate == Decimal("0.03") and growth[2021].source == "Brev fra KD 15.12.2020"
    assert growth[2022].rate == Decimal("0.0275")

    event = AuditEvent.objects.get(action="programme.rules_update")
    assert event.actor == people["directorate"] and event.object_id == str(pilot.pk)
    assert event.before["floor"] == 1_790_000 and event.after["floor"] == 1_800_000
    assert event.before["growth"][0] == {"year": 2021, "rate": "0.031", "source": growth[2022].source.replace(
        "2022", "2021")}
    assert event.after["growth"][0] == {"year": 2021, "rate": "0.03", "source": "Brev fra KD 15.12.2020"}

    page = client.get(response["Location"]).content.decode()
    assert "Reglene er lagret" in page and "Lag en ny fordelingskjøring" in page
    assert 'href="/programmes/pilot-2020/runs/new/"' in page
    run = client.post("/programmes/pilot-2020/runs/new/", {"scenario": "as_run", "residual_policy": "programme",
                                                           "base": "decided"})
    assert run.status_code == 302
    made = AllocationRun.objects.get(programme=pilot)
    assert made.totals == {"2020": 39_310_000, "2021": 40_489_000, "2022": 41_602_000}  # 3.0 % and 2.75 %


def test_saving_unchanged_rules_records_nothing(client: Client, pilot, people) -> None:
    response = login(client, people["directorate"]).post(URL, rules_data(pilot))
    assert response.status_code == 302 and not AuditEvent.objects.filter(action="programme.rules_update").exists()


NOT_A_PERCENTAGE = "Skriv veksten som en prosentsats med sifre, for eksempel 3,1."
BAD_INPUT = [
    ({"floor": "-5"}, "floor", "Beløpet kan ikke være negativt."),
    ({"floor": "\u22121 000"}, "floor", "Beløpet kan ikke være negativt."),
    ({"budget": "-39 310 000"}, "budget", "Beløpet kan ikke være negativt."),
    ({"floor": "1 790 000,50"}, "floor", "Skriv et helt antall kroner med sifre, for eksempel 1 790 000."),
    ({"floor": "1.790.000"}, "floor", "Skriv et helt antall kroner med sifre, for eksempel 1 790 000."),
    ({"rounding_unit": "0"}, "rounding_unit", "Avrundingsenheten må være minst 1 krone."),
    ({"growth-2021-source": ""}, "growth-2021-source", "Oppgi kilden til vekstfaktoren for 2021."),
    ({"growth-2021-source": "   "}, "growth-2021-source", "Oppgi kilden til vekstfaktoren for 2021."),
    ({"growth-2022-rate": ""}, "growth-2022-rate", "Oppgi vekstfaktoren for 2022 i prosent."),
    ({"growth-2021-rate": "3,1,0"}, "growth-2021-rate", NOT_A_PERCENTAGE),
    ({"growth-2021-rate": "tre"}, "growth-2021-rate", NOT_A_PERCENTAGE),
    ({"growth-2021-rate": "-100"}, "growth-2021-rate", "Veksten må være mer enn −100 %."),
    ({"residual_policy": "biggest"}, "residual_policy_0", "Velg et gyldig valg."),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_INPUT, ids=[str(c) for c, _f, _m in BAD_INPUT])
def test_bad_input_is_refused_with_a_message_and_nothing_changes(client: Client, pilot, people, changes, field,
                                                                 message) -> None:
    before = stored(pilot)
    response = login(client, people["directorate"]).post(URL, rules_data(pilot, **changes))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and f'href="#id_{field}"' in html  # in the error summary, linking to the field
    assert stored(pilot) == before and not AuditEvent.objects.filter(action="programme.rules_update").exists()


def test_a_missing_growth_year_is_refused(client: Client, pilot, people) -> None:
    data = rules_data(pilot)
    del data["growth-2022-rate"], data["growth-2022-source"]
    before = stored(pilot)
    html = login(client, people["directorate"]).post(URL, data).content.decode()
    assert "Oppgi vekstfaktoren for 2022 i prosent." in html and "Oppgi kilden til vekstfaktoren for 2022." in html
    assert stored(pilot) == before


def test_the_engines_objection_is_shown_in_bokmaal_and_nothing_is_saved(client: Client, pilot, people) -> None:
    """A budget that is not a multiple of the rounding unit passes the form but not the engine."""
    before = stored(pilot)
    response = login(client, people["directorate"]).post(URL, rules_data(pilot, budget="39 310 500"))
    html = response.content.decode()
    assert response.status_code == 400
    assert ("Ingenting ble lagret: Budsjettet 39\u00a0310\u00a0500 kroner er ikke et multiplum av avrundingsenheten "
            "1\u00a0000 kroner." in html)
    assert 'href="#rules-form"' in html and stored(pilot) == before


def test_a_key_scheme_without_an_indicator_is_refused_by_the_engine(client: Client, pilot, people) -> None:
    rule = ProgrammeScheme.objects.get(programme=pilot, scheme__key="846.62")
    html = login(client, people["directorate"]).post(URL, rules_data(pilot, **{
        f"scheme-{rule.scheme_id}-method": "key", f"scheme-{rule.scheme_id}-budget": "1 000 000"})).content.decode()
    assert "Ordning 846.62: metoden fordelingsnøkkel trenger en indikator." in html
    rule.refresh_from_db()
    assert rule.method == "historical"


def test_the_service_refuses_a_non_directorate_actor(pilot, people) -> None:
    from django.core.exceptions import PermissionDenied

    from samla.allocation.forms.rules import RulesForms

    forms = RulesForms(pilot, rules_data(pilot, floor="0"))
    assert forms.is_valid()
    with pytest.raises(PermissionDenied):
        programme_rules_update(actor=people["evaluator"], programme=pilot, rules=forms.rules())
    pilot.refresh_from_db()
    assert pilot.floor == 1_790_000


def test_links_to_the_rules_page_for_the_directorate_only(client: Client, pilot, people) -> None:
    login(client, people["directorate"])
    assert URL in client.get("/programmes/pilot-2020/").content.decode()
    assert URL in client.get("/programmes/pilot-2020/runs/").content.decode()
    login(client, people["evaluator"])
    assert URL not in client.get("/programmes/pilot-2020/").content.decode()
    assert URL not in client.get("/programmes/pilot-2020/runs/").content.decode()


def test_the_page_is_in_english_too(client: Client, pilot, people) -> None:
    login(client, people["directorate"])
    client.cookies["django_language"] = "en"
    html = client.get(URL).content.decode()
    assert "Allocation rules" in html and 'name="growth-2021-rate" value="3.1"' in html
    response = client.post(URL, rules_data(pilot, floor="-1"))
    assert "The amount must not be negative." in response.content.decode()
