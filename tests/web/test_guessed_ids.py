"""Guessed ids tell nothing: asking for another's object and for an id that does not exist give the same
answer, and no page or export shows anything of the other municipality (or region).

A is Elverum (``mun``); B is Tynset (same region). For region-scoped objects the asker is the county
governor of Trøndelag (``gov2``) and the object Innlandet's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest

from tests.web.conftest import MISSING, fingerprint

TYNSET = ("Tynset", "3427", "kompetanseteam for barnehage")  # its name, number and words of its application


@dataclass(frozen=True)
class Guess:
    label: str
    persona: str
    method: str
    url: str  # with {id}
    theirs: Any  # world -> the other's id
    secrets: tuple[str, ...] = TYNSET
    data: Any = None
    json: bool = False


def _tynset_app(w):
    return w.tynset_pilot_app.pk


GUESSES = [
    # Applications and everything hanging off one (B = Tynset's submitted pilot application).
    Guess("application", "mun", "GET", "/work/applications/{id}/", _tynset_app),
    Guess("application edit", "mun", "GET", "/work/applications/{id}/edit/", _tynset_app),
    Guess("application save", "mun", "POST", "/work/applications/{id}/edit/", _tynset_app,
          data={"version": "1", "measures": "x"}),
    Guess("contact row", "mun", "GET", "/work/applications/{id}/contacts/row/", _tynset_app),
    Guess("application submit", "mun", "POST", "/work/applications/{id}/submit/", _tynset_app,
          data={"version": "1"}),
    Guess("application reopen", "mun", "POST", "/work/applications/{id}/reopen/", _tynset_app,
          data={"reason": "x"}),
    Guess("political decision form", "mun", "GET", "/work/applications/{id}/political-decision/", _tynset_app),
    Guess("assessment page", "mun", "GET", "/work/applications/{id}/assess/", _tynset_app),
    Guess("political decision document", "mun", "GET", "/work/political-decisions/{id}/document/",
          lambda w: w.decisions["tynset"].pk),
    Guess("award letter", "mun", "GET", "/letters/{id}/", lambda w: w.letters[w.tynset].pk),
    Guess("run explanation", "mun", "GET", "/programmes/pilot-2020/runs/1/explain/{id}/2021/", lambda w: "3427"),
    Guess("reflection response", "mun", "GET", "/evaluation/responses/{id}/", lambda w: w.tynset_response.pk),
    Guess("reflection response reopen", "mun", "POST", "/evaluation/responses/{id}/reopen/",
          lambda w: w.tynset_response.pk, data={"reason": "x"}),
    Guess("reflection form of a municipality", "mun", "GET", "/evaluation/waves/{wave}/municipalities/{id}/",
          lambda w: w.tynset.pk),
    Guess("own results of a municipality", "mun", "GET", "/evaluation/results/mine/?municipality={id}",
          lambda w: w.tynset.pk),
    Guess("API token revoke", "mun", "POST", "/api/tokens/{id}/revoke/", lambda w: w.other_token.pk),
    Guess("API application", "mun", "GET", "/api/applications/{id}", _tynset_app),
    Guess("API application save", "mun", "PATCH", "/api/applications/{id}", _tynset_app,
          data={"version": 1, "measures": "x"}, json=True),
    Guess("API application submit", "mun", "POST", "/api/applications/{id}/submit", _tynset_app,
          data={"version": 1}, json=True),
    # The follow-up: Tynset (mun2) asking for Elverum's project, measures, steps and reports.
    *(Guess(f"follow-up {label}", "mun2", method, url, theirs, secrets=("Elverum", "3420"), data=data, json=js)
      for label, method, url, theirs, data, js in (
          ("project", "GET", "/followup/projects/{id}/", lambda w: w.project.pk, None, False),
          ("add a member", "POST", "/followup/projects/{id}/members/", lambda w: w.project.pk,
           {"member-body": "steering_group", "member-sector": "school"}, False),
          ("new measure form", "GET", "/followup/projects/{id}/measures/new/", lambda w: w.project.pk, None, False),
          ("measure", "GET", "/followup/measures/{id}/", lambda w: w.measure.pk, None, False),
          ("remove a member", "POST", "/followup/members/{id}/remove/", lambda w: w.member.pk, {}, False),
          ("step document", "GET", "/followup/steps/{id}/document/", lambda w: w.step.pk, None, False),
          ("review a report", "POST", "/followup/reports/{id}/review/", lambda w: w.report22.pk,
           {"review-decision": "approve"}, False),
          ("API project", "GET", "/api/followup/projects/{id}", lambda w: w.project.pk, None, False),
          ("API reports", "GET", "/api/followup/projects/{id}/reports", lambda w: w.project.pk, None, False),
          ("API report save", "PUT", "/api/followup/reports/{id}", lambda w: w.report21.pk,
           {"version": 1, "reflections": "x", "spending": {}, "carry_out": 0}, True),
      )),
    # Objects a municipality never reads: the same answer for real and missing ids.
    Guess("programme round", "mun", "GET", "/work/rounds/{id}/", lambda w: w.open_round.pk),
    Guess("recommendation", "mun", "GET", "/work/calls/{id}/recommendation/", lambda w: w.open_call.pk),
    Guess("decision", "mun", "GET", "/work/rounds/{id}/decision/", lambda w: w.open_round.pk),
    Guess("draw", "mun", "GET", "/work/draws/{id}/", lambda w: w.draw.pk),
    Guess("wave progress", "mun", "GET", "/evaluation/waves/{id}/", lambda w: w.wave.pk),
    Guess("interview", "mun", "GET", "/evaluation/interviews/{id}/", lambda w: w.interview.pk,
          secrets=("INTERVJU-TEMA-HEMMELIG",)),
    Guess("interview document", "mun", "GET", "/evaluation/interviews/documents/{id}/",
          lambda w: w.interview_document.pk, secrets=("%PDF",)),
    Guess("form version", "mun", "GET", "/evaluation/versions/{id}/", lambda w: w.version.pk),
    Guess("audit event", "mun", "GET", "/audit/{id}/", lambda w: w.event.pk),
    Guess("user account", "mun", "GET", "/users/{id}/", lambda w: w.users["mun2"].pk,
          secrets=("demo-kommune-3427",)),
    Guess("grant a role", "mun", "POST", "/users/{id}/roles/", lambda w: w.users["mun2"].pk,
          secrets=("demo-kommune-3427",), data={"grant-role": "directorate"}),
    Guess("deactivate an account", "mun", "POST", "/users/{id}/deactivate/", lambda w: w.users["mun2"].pk,
          secrets=("demo-kommune-3427",), data={"status-reason": "x"}),
    Guess("set-password e-mail", "mun", "POST", "/users/{id}/invite/", lambda w: w.users["mun2"].pk,
          secrets=("demo-kommune-3427",)),
    # Region-scoped objects asked for from the other region (Trøndelag's county governor, Innlandet's objects).
    Guess("call of another region", "gov2", "GET", "/work/calls/{id}/", lambda w: w.open_call.pk,
          secrets=("Sak ",)),
    Guess("API call of another region", "gov2", "GET", "/api/calls/{id}", lambda w: w.open_call.pk,
          secrets=("Sak ",)),
    Guess("application of another region", "gov2", "GET", "/work/applications/{id}/", lambda w: w.pilot_app.pk,
          secrets=("Elverum", "3420")),
    Guess("API application of another region", "gov2", "GET", "/api/applications/{id}", lambda w: w.pilot_app.pk,
          secrets=("Elverum", "3420")),
    Guess("award letter of another region", "gov2", "GET", "/letters/{id}/", lambda w: w.letters[w.elverum].pk,
          secrets=("%PDF", "Elverum")),
    Guess("political decision of another region", "gov2", "GET", "/work/political-decisions/{id}/document/",
          lambda w: w.decisions["elverum"].pk, secrets=("%PDF",)),
    Guess("run explanation of another region", "gov2", "GET",
          "/programmes/pilot-2020/runs/1/explain/{id}/2021/", lambda w: "3420", secrets=("Elverum",)),
    Guess("deadline extension form of another region", "gov2", "GET", "/work/calls/{id}/extensions/new/",
          lambda w: w.open_call.pk, secrets=("Sak ",)),
    Guess("reopen of another region", "gov2", "POST", "/work/applications/{id}/reopen/", lambda w: w.pilot_app.pk,
          secrets=("Elverum",), data={"reason": "x"}),
    Guess("assessment of another region", "rg2", "GET", "/work/applications/{id}/assess/",
          lambda w: w.tynset_open_app.pk, secrets=("Tynset",)),
    Guess("API selection decision (competence centre)", "cc", "GET", "/api/selection-decisions/{id}",
          lambda w: w.pilot_round.decision.pk, secrets=("Elverum",)),
]

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def _ask(client, guess: Guess, url: str):
    method = guess.method.lower()
    if guess.json:
        return getattr(client, method)(url, json.dumps(guess.data), content_type="application/json")
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, guess.data or {})


def _body(response, url: str = "") -> bytes:
    """The answer without its CSRF token, and with the address asked for (which the page repeats, e.g. for the
    language switch to come back to) as a placeholder: the asker typed it, so it reveals nothing."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    content = CSRF.sub(b"", content)
    return content.replace(url.encode(), b"{asked}") if url else content


@pytest.mark.parametrize("guess", GUESSES, ids=lambda g: f"{g.persona}: {g.label}")
def test_theirs_and_missing_give_the_same_answer(web, client_for, guess: Guess) -> None:
    client = client_for(guess.persona)
    theirs = guess.theirs(web)
    missing = "9999" if isinstance(theirs, str) else MISSING
    before = fingerprint()
    extra = {"wave": web.open_wave.pk}
    theirs_url, missing_url = guess.url.format(id=theirs, **extra), guess.url.format(id=missing, **extra)
    answer = _ask(client, guess, theirs_url)
    nothing = _ask(client, guess, missing_url)
    assert fingerprint() == before
    assert answer.status_code == nothing.status_code, (answer.status_code, nothing.status_code)
    assert answer.status_code in (403, 404)
    body = _body(answer, theirs_url)
    assert body == _body(nothing, missing_url)
    for secret in guess.secrets:
        assert secret.encode() not in body


# Lists and exports a municipality may open: only its own rows, nothing of Tynset's.
OWN_LISTS = [
    "/work/", "/work/applications/", "/work/applications/?export=csv", "/work/calls/{open_call}/",
    "/programmes/pilot-2020/runs/1/", "/programmes/pilot-2020/runs/?export=csv",
    "/programmes/pilot-2020/runs/compare/?runs=1&runs=2", "/programmes/pilot-2020/letters/",
    "/programmes/pilot-2020/letters/?export=csv", "/evaluation/", "/evaluation/results/mine/",
    "/api/applications", "/api/programmes/pilot-2020/allocation", "/api/selection-decisions", "/api/draws",
    "/accounts/me/", "/api/tokens/",
]
SHOWS_NO_MUNICIPALITY = {"/programmes/pilot-2020/runs/?export=csv", "/api/selection-decisions", "/api/draws",
                         "/api/tokens/"}


@pytest.mark.parametrize("url", OWN_LISTS)
def test_a_municipality_sees_nothing_of_another(web, client_for, url: str) -> None:
    response = client_for("mun").get(url.format(open_call=web.open_call.pk))
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    if url not in SHOWS_NO_MUNICIPALITY:
        assert "Elverum" in body  # the page has content: its own rows
    for secret in TYNSET:
        assert secret not in body, f"{url} shows {secret!r} to Elverum"


# The county governor of Trøndelag: lists hold nothing of Innlandet's municipalities.
INNLANDET = ("Elverum", "Tynset", "Vestre Toten", "Nordre Land")
REGION_LISTS = [
    "/work/", "/work/applications/", "/work/applications/?export=csv", "/programmes/pilot-2020/runs/1/",
    "/programmes/pilot-2020/letters/", "/programmes/pilot-2020/letters/?export=csv", "/evaluation/waves/{wave}/",
    "/evaluation/waves/{wave}/?export=csv", "/api/applications", "/api/programmes/pilot-2020/allocation",
    "/api/calls",
]


@pytest.mark.parametrize("url", REGION_LISTS)
def test_another_regions_governor_sees_nothing_of_innlandet(web, client_for, url: str) -> None:
    response = client_for("gov2").get(url.format(wave=web.wave.pk))
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    if url not in ("/work/", "/api/calls"):
        assert "Trondheim" in body  # the page has content: the governor's own region
    for secret in INNLANDET:
        assert secret not in body, f"{url} shows {secret!r} to Trøndelag's county governor"
