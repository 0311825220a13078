"""A programme created in the browser (/work/rounds/new/) gets its rules on the rules page and can then be run."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from samla.allocation.models import AllocationRun, GrowthFactor, Participant, Programme
from samla.audit.models import AuditEvent
from samla.registry.models import Region
from samla.registry.selectors import municipality_by_number
from samla.schemes.models import Scheme

NEW = "/work/rounds/new/"


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


def create_programme(client: Client, base_year: str = "2019") -> Programme:
    innlandet = Region.objects.filter(name="Innlandet").first()
    response = client.post(NEW, {
        "name": "Programfinansiering 2024", "first_year": "2024", "last_year": "2026", "base_year": base_year,
        "schemes": list(Scheme.objects.values_list("pk", flat=True)), "regions": [innlandet.pk],
        "max_per_region": "4", "criteria": "Motivasjon og kapasitet."})
    assert response.status_code == 302, response.content.decode()
    return Programme.objects.get(name="Programfinansiering 2024")


def rules_post(programme: Programme, **changes: str) -> dict[str, str]:
    data = {"rounding_unit": "1 000", "residual_policy": "largest", "floor": "1 000 000", "budget": "",
            "surplus_method": "equal", "surplus_indicator": "", "surplus_indicator_year": "",
            "growth-2025-rate": "3,1", "growth-2025-source": "Statsbudsjettet 2025, kap. 571 (illustrativt)",
            "growth-2026-rate": "2,6", "growth-2026-source": "Statsbudsjettet 2026, kap. 571 (illustrativt)"}
    for rule in programme.schemes.all():
        p = f"scheme-{rule.scheme_id}-"
        data |= {p + "method": "historical", p + "base_year": str(rule.base_year), p + "budget": "",
                 p + "indicator": "", p + "indicator_year": "", p + "rate": ""}
    return data | changes


def test_the_creation_form_asks_for_the_base_year(client: Client, pilot, people) -> None:
    html = login(client, people["directorate"]).get(NEW).content.decode()
    assert 'name="base_year"' in html and "Basisår for de historiske tildelingene" in html
    programme = create_programme(client, base_year="2019")
    assert set(programme.schemes.values_list("base_year", flat=True)) == {2019}
    event = AuditEvent.objects.get(action="programme.create")
    assert event.after["base_year"] == 2019


def test_a_base_year_not_before_the_first_year_is_refused(client: Client, pilot, people) -> None:
    response = login(client, people["directorate"]).post(NEW, {
        "name": "Feil", "first_year": "2024", "last_year": "2026", "base_year": "2024",
        "schemes": list(Scheme.objects.values_list("pk", flat=True)), "max_per_region": "4", "criteria": "K."})
    assert "Basisåret må være før første år." in response.content.decode()
    assert not Programme.objects.filter(name="Feil").exists()


def test_new_programme_rules_participant_and_run(client: Client, pilot, people) -> None:
    login(client, people["directorate"])
    programme = create_programme(client)
    rules_url = f"/programmes/{programme.slug}/rules/"

    # Before: the engine has no growth factors, and the pages say what is missing and where to set it.
    page = client.get(f"/programmes/{programme.slug}/").content.decode()
    assert "Fordelingen kan ikke beregnes ennå" in page and rules_url in page
    html = client.get(rules_url).content.decode()
    assert "Fordelingen kan ikke beregnes med reglene slik de er nå" in html
    assert "Det finnes ingen vekstfaktor for 2025." in html
    assert 'name="growth-2025-rate"' in html and 'name="growth-2026-source"' in html
    assert client.post(f"/programmes/{programme.slug}/runs/new/", {
        "scenario": "as_run", "residual_policy": "programme", "base": "decided"}).status_code == 400

    # The rules are set; without participants everything else is checked, and the page says so.
    response = client.post(rules_url, rules_post(programme))
    assert response.status_code == 302
    saved = client.get(response["Location"]).content.decode()
    assert "Reglene er lagret" in saved and "Programmet har ingen deltakere ennå" in saved
    growth = {g.year: (g.rate, g.source) for g in GrowthFactor.objects.filter(programme=programme)}
    assert growth[2025][0] * 1000 == 31 and growth[2026][1].startswith("Statsbudsjettet 2026")
    programme.refresh_from_db()
    assert (programme.floor, programme.rounding_unit, programme.surplus_method) == (1_000_000, 1000, "equal")

    # A participant is added (as the selection decision does), and the engine runs.
    elverum = municipality_by_number("3420", on=datetime.date(2024, 1, 1))
    Participant.objects.create(programme=programme, municipality=elverum)
    assert "Lag en ny fordelingskjøring" in client.get(rules_url).content.decode()
    run = client.post(f"/programmes/{programme.slug}/runs/new/", {
        "scenario": "as_run", "residual_policy": "programme", "base": "decided"})
    assert run.status_code == 302
    made = AllocationRun.objects.get(programme=programme)
    # Elverum's 2019 awards: 387 000 (231.63) + 2 230 000 (765.60); then 3.1 % and 2.6 %, to the 1 000.
    assert made.totals == {"2024": 2_617_000, "2025": 2_698_000, "2026": 2_768_000}


@pytest.mark.parametrize(("changes", "message"), [
    ({"budget": "500 000"}, "Kravet om at ingen skal tape på å delta kan ikke oppfylles: pottene summerer seg til "
                            "1\u00a0000\u00a0000 kroner, mer enn budsjettet på 500\u00a0000 kroner."),
    ({"budget": "5 000 000", "surplus_method": "indicator"},
     "Fordeling av budsjettoverskuddet etter indikator trenger en indikator."),
])
def test_rules_are_checked_by_the_engine_before_participants_are_decided(client: Client, pilot, people, changes,
                                                                          message) -> None:
    login(client, people["directorate"])
    programme = create_programme(client)
    response = client.post(f"/programmes/{programme.slug}/rules/", rules_post(programme, **changes))
    assert response.status_code == 400 and message in response.content.decode()
    assert not GrowthFactor.objects.filter(programme=programme).exists()
    assert Programme.objects.get(pk=programme.pk).budget is None


def test_the_round_page_links_to_the_rules(client: Client, pilot, people) -> None:
    login(client, people["directorate"])
    programme = create_programme(client)
    html = client.get(f"/work/rounds/{programme.round.pk}/").content.decode()
    assert f'href="/programmes/{programme.slug}/rules/"' in html
