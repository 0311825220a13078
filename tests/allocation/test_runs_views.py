"""The run pages: list with export, new run, detail with explanations, comparison and locking, per role."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from django.test import Client

from samla.allocation import services
from samla.allocation.models import AllocationRun
from samla.allocation.runs import RunOptions
from tests.allocation.conftest import table_rows

BASE = "/programmes/pilot-2020/runs/"


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def two_runs(pilot, people):
    d = people["directorate"]
    return (services.allocation_run_create(actor=d, programme=pilot),
            services.allocation_run_create(actor=d, programme=pilot, options=RunOptions(scenario="strict_pooling")))


def test_anonymous_is_sent_to_login(client: Client, pilot) -> None:
    for url in (BASE, BASE + "new/", BASE + "1/", BASE + "compare/", BASE + "1/lock/"):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_list_shows_runs_and_exports(client: Client, people, two_runs) -> None:
    html = login(client, people["directorate"]).get(BASE).content.decode()
    rows = table_rows(html, "runs-table")
    assert [r[1] for r in rows[1:]] == ["Kjøring 2", "Kjøring 1"]
    assert "121 422 000" in rows[2][3] and 'href="/programmes/pilot-2020/runs/new/"' in html
    csv = client.get(BASE + "?export=csv")
    assert csv["Content-Type"].startswith("text/csv") and "121422000" in csv.content.decode()
    xlsx = client.get(BASE + "?export=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_others_read_the_list_but_cannot_make_runs(client: Client, people, two_runs) -> None:
    html = login(client, people["evaluator"]).get(BASE).content.decode()
    assert "Kjøring 1" in html and "/runs/new/" not in html
    assert client.get(BASE + "new/").status_code == 403


@pytest.mark.parametrize("who", ["evaluator", "governor", "elverum", "resource", "outsider"])
def test_post_by_anyone_but_the_directorate_is_403_and_changes_nothing(client, people, two_runs, who) -> None:
    login(client, people[who])
    assert client.post(BASE + "new/", {"scenario": "as_run", "residual_policy": "programme",
                                       "base": "decided"}).status_code == 403
    assert client.post(BASE + "1/lock/", {"reason": "Vedtatt", "confirm": "on"}).status_code == 403
    assert AllocationRun.objects.count() == 2 and not AllocationRun.objects.filter(locked_at__isnull=False).exists()


def test_outsider_and_unknown_programme_get_the_same_403(client, people, two_runs) -> None:
    login(client, people["outsider"])
    assert client.get(BASE).status_code == 403
    login(client, people["directorate"])
    assert client.get("/programmes/nope/runs/").status_code == 403
    assert client.get(BASE + "99/").status_code == 403


def test_create_form_makes_a_run(client, people, pilot) -> None:
    login(client, people["directorate"])
    page = client.get(BASE + "new/").content.decode()
    assert '<legend class="field__label">Videreføringer <span class="required">(må fylles ut)</span></legend>' in page
    assert "Ikke skriv inn personopplysninger om barn." in page
    # The shared convention: help text <auto_id>_helptext, named by the group's fieldset and by the textarea.
    assert 'aria-describedby="id_scenario_helptext"' in page and 'id="id_scenario_helptext"' in page
    assert 'aria-describedby="id_note_helptext"' in page and 'id="id_note_helptext"' in page
    response = client.post(BASE + "new/", {"scenario": "strict_pooling", "residual_policy": "largest_remainder",
                                           "base": "decided", "note": "Prøve"})
    assert response.status_code == 302 and response["Location"] == BASE + "1/"
    run = AllocationRun.objects.get()
    assert run.options == {"scenario": "strict_pooling", "residual_policy": "largest_remainder", "use_decided": True}


def test_create_form_errors_in_bokmaal_and_nothing_changes(client, people, pilot) -> None:
    login(client, people["directorate"])
    response = client.post(BASE + "new/", {"scenario": "bogus", "residual_policy": "programme", "base": "decided"})
    html = response.content.decode()
    assert response.status_code == 400 and 'class="error-summary"' in html and 'href="#id_scenario_0"' in html
    assert "Velg et gyldig valg" in html and 'aria-describedby="id_scenario_helptext id_scenario_error"' in html
    assert not AllocationRun.objects.exists()


def test_engine_error_is_shown_on_the_form(client, people, pilot) -> None:
    pilot.budget = 39_310_000
    pilot.save()
    login(client, people["directorate"])
    html = client.post(BASE + "new/", {"scenario": "as_run", "residual_policy": "programme",
                                       "base": "formula"}).content.decode()
    assert "kravet om at ingen skal tape på å delta kan ikke oppfylles" in html and not AllocationRun.objects.exists()


def test_detail_table_matches_table_2_and_links_explanations(client, people, two_runs) -> None:
    html = login(client, people["evaluator"]).get(BASE + "1/").content.decode()
    rows = table_rows(html, "run-table")
    assert rows[-1] == ["Totalt", "39 310 000", "40 529 000", "41 583 000", "121 422 000"]
    elverum = next(r for r in rows if r and r[0] == "Elverum 3420")
    assert elverum[1:4] == ["2 700 000", "2 784 000", "2 856 000"]
    url = "/programmes/pilot-2020/runs/1/explain/3420/2021/"
    assert f'href="{url}"' in html and f'hx-get="{url}"' in html


def test_explanation_fragment_and_page(client, people, two_runs) -> None:
    login(client, people["directorate"])
    fragment = client.get(BASE + "2/explain/5001/2020/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    values = [Fraction(v) for v in re.findall(r'data-part-value="([^"]+)"', fragment)]
    cell = two_runs[1].result["cells"]["5001"]["2020"]
    assert sum(values) == cell["amount"] < cell["programme"]
    page = client.get(BASE + "2/explain/5001/2020/").content.decode()
    assert '<html lang="nb">' in page and 'href="/programmes/pilot-2020/runs/2/"' in page


def test_a_municipality_sees_only_its_own_row_and_explanations(client, people, two_runs) -> None:
    login(client, people["elverum"])
    rows = table_rows(client.get(BASE + "1/").content.decode(), "run-table")
    names = [r[0] for r in rows if r and r[0][-4:].isdigit()]
    assert names == ["Elverum 3420"]
    assert client.get(BASE + "1/explain/3420/2020/").status_code == 200
    assert client.get(BASE + "1/explain/5001/2020/").status_code == 403
    assert client.get(BASE + "1/explain/9999/2020/").status_code == 403


def test_a_county_governor_sees_its_region(client, people, two_runs) -> None:
    login(client, people["governor"])
    html = client.get(BASE + "1/").content.decode()
    assert "Elverum" in html and "Tynset" in html and "Trondheim" not in html and "Horten" not in html


def test_compare_two_runs(client, people, two_runs) -> None:
    as_run, strict = two_runs
    html = login(client, people["directorate"]).get(BASE + "compare/?runs=1&runs=2").content.decode()
    rows = table_rows(html, "compare-table")
    trondheim = next(r for r in rows if r[0] == "Trondheim 5001" and r[1] == "2020")
    a, s = as_run.result["cells"]["5001"]["2020"]["amount"], strict.result["cells"]["5001"]["2020"]["amount"]
    fmt = lambda n: f"{n:,}".replace(",", " ").replace("-", "−")  # noqa: E731
    assert trondheim[2:] == [fmt(a), fmt(s), fmt(s - a)]
    total_2020 = next(r for r in rows if r[0] == "Totalt" and r[1] == "2020")
    assert total_2020[2:] == [fmt(39_310_000), fmt(strict.totals["2020"]), fmt(strict.totals["2020"] - 39_310_000)]
    all_years = next(r for r in rows if r[0] == "Totalt" and r[1] == "Alle år")
    assert all_years[2] == fmt(121_422_000)


def test_compare_needs_two_runs(client, people, two_runs) -> None:
    response = login(client, people["directorate"]).get(BASE + "compare/?runs=1")
    assert response.status_code == 400 and "Velg minst to kjøringer" in response.content.decode()


def test_lock_with_confirmation(client, people, two_runs) -> None:
    login(client, people["directorate"])
    page = client.get(BASE + "1/lock/").content.decode()
    assert "kan aldri endres" in page
    response = client.post(BASE + "1/lock/", {"reason": "Vedtatt"})
    html = response.content.decode()
    assert response.status_code == 400 and "Bekreft" in html
    assert 'href="#id_confirm"' in html and 'id="id_confirm_error"' in html
    assert 'aria-describedby="id_confirm_error" aria-invalid="true"' in html
    assert not AllocationRun.objects.get(number=1).is_locked
    response = client.post(BASE + "1/lock/", {"reason": "Vedtatt av prosjektgruppen", "confirm": "on"})
    assert response.status_code == 302
    run = AllocationRun.objects.get(number=1)
    assert run.is_locked and run.lock_reason == "Vedtatt av prosjektgruppen"
    again = client.post(BASE + "1/lock/", {"reason": "igjen", "confirm": "on"})
    assert again.status_code == 400 and "er låst og kan aldri endres" in again.content.decode()
    assert AllocationRun.objects.get(number=1).lock_reason == "Vedtatt av prosjektgruppen"


def test_the_programme_page_links_runs_and_letters(client, pilot) -> None:
    html = client.get("/programmes/pilot-2020/").content.decode()
    assert 'href="/programmes/pilot-2020/runs/"' in html and 'href="/programmes/pilot-2020/letters/"' in html


def test_english(client, people, two_runs) -> None:
    login(client, people["directorate"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(BASE + "1/").content.decode()
    assert "Allocation run 1" in html and "39,310,000" in html
