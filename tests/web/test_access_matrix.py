"""The access policy as one table: every web page, form and API endpoint, tried by every persona.

Each row is one object type × action (a URL and a method); its expected outcome is written out per persona in
the column order below, so a reader sees the policy. One pytest case per row × persona.

Outcomes: ``200``/``302``/``400`` allowed (page, redirect after a successful or refused-by-rule POST, form
errors), ``403`` forbidden, ``404`` (API only: missing or out of scope), ``L`` anonymous sent to the sign-in
page, ``401`` anonymous at the API. For every forbidden POST/PATCH (403, 404, 401, L) the test also asserts that
nothing changed: the row count of every Samla model (audit events included) and the mutable fields of
applications, rounds, runs, responses, form versions, tokens, role assignments and accounts (active or not).

The personas are described in tests/web/conftest.py. The objects belong to Innlandet and, where a
municipality owns them, to Elverum (``mun``); ``mun2`` is Tynset in the same region, ``gov2``/``rg2`` sit in
Trøndelag. Exceptions are named in the row's label (e.g. Tynset's submitted application for assessment).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest

from tests.web.conftest import PERSONAS, fingerprint

JSON = "application/json"


@dataclass(frozen=True)
class Row:
    label: str
    method: str
    url: str
    expected: str  # one outcome per persona, in PERSONAS order
    data: Any = None  # dict, or a callable (world -> dict)
    content_type: str | None = None


def ids(w) -> dict[str, Any]:
    return {
        "pilot": w.pilot.slug, "open_round": w.open_round.pk, "pilot_round": w.pilot_round.pk,
        "open_call": w.open_call.pk, "pilot_call": w.pilot_call.pk, "draft": w.draft.pk, "pilot_app": w.pilot_app.pk,
        "tynset_open_app": w.tynset_open_app.pk, "decision_doc": w.decisions["elverum"].pk,
        "letter": w.letters[w.elverum].pk, "run": w.run.number, "draw": w.draw.pk, "event": w.event.pk,
        "form": w.form.pk, "version": w.version.pk, "item": w.item.pk, "item_code": w.item.item_code,
        "wave": w.wave.pk, "open_wave": w.open_wave.pk, "elverum": w.elverum.pk, "response": w.response.pk,
        "interview": w.interview.pk, "interview_doc": w.interview_document.pk, "token": w.token.pk,
        "selection": w.pilot_round.decision.pk, "continuation": w.pilot.continuations.order_by("pk")[0].pk,
        "pilot_id": w.pilot.pk, "tynset_user": w.users["mun2"].pk,
        "tynset_role": w.users["mun2"].role_assignments.get().pk,
        "admin_user": w.users["adm"].pk, "admin_role": w.users["adm"].role_assignments.get().pk,
        "project": w.project.pk, "measure": w.measure.pk, "step": w.step.pk, "report22": w.report22.pk,
        "report21": w.report21.pk, "member": w.member.pk, "elverum_id": w.elverum.pk,
    }


def draft_data(w) -> dict:
    return {"version": w.draft.version, "development_work": "Ny tekst.", "measures": "ENDRET",
            "challenge_picture": "Siloer.", "self_assessment": "Startet.",
            "contacts-TOTAL_FORMS": "1", "contacts-INITIAL_FORMS": "0", "contacts-MIN_NUM_FORMS": "0",
            "contacts-MAX_NUM_FORMS": "20", "contacts-0-name": "Kari", "contacts-0-role": "Leder",
            "contacts-0-email": "kari@elverum.example"}


def assessment_data(w) -> dict:
    criteria = w.tynset_open_app.call.criteria_items.all()
    return {"recommendation": "yes", "comment": "Bra.", **{f"score_{c.pk}": "4" for c in criteria}}


# Columns:            dir gov gov2 rg rg2 cc mun mun2 eva adm anon
ROWS = [
    # --- Public allocation pages (the published allocation) ----------------------------------------------
    Row("first page", "GET", "/",
        "200 200 200 200 200 200 200 200 200 200 200"),
    Row("programmes (the allocation entry)", "GET", "/programmes/",
        "200 200 200 200 200 200 200 200 200 200 200"),
    Row("programme page", "GET", "/programmes/{pilot}/",
        "200 200 200 200 200 200 200 200 200 200 200"),
    Row("programme amount explained", "GET", "/programmes/{pilot}/explain/3420/2021/",
        "200 200 200 200 200 200 200 200 200 200 200"),
    Row("programme draft amount explained (beside the locked run: readers of runs only)", "GET",
        "/programmes/{pilot}/explain/3420/2021/?draft=1",
        "200 200 200 200 200 200 200 200 200 200 404"),
    # --- Accounts ------------------------------------------------------------------------------------------
    Row("sign-in page", "GET", "/accounts/login/",
        "302 302 302 302 302 302 302 302 302 302 200"),
    Row("own account page", "GET", "/accounts/me/",
        "200 200 200 200 200 200 200 200 200 200 L"),
    Row("password change", "GET", "/accounts/password/change/",
        "200 200 200 200 200 200 200 200 200 200 L"),
    Row("password reset (public)", "GET", "/accounts/password/reset/",
        "200 200 200 200 200 200 200 200 200 200 200"),
    # --- Audit log -----------------------------------------------------------------------------------------
    Row("audit log", "GET", "/audit/",
        "200 403 403 403 403 403 403 403 403 200 L"),
    Row("audit log export", "GET", "/audit/?export=csv",
        "200 403 403 403 403 403 403 403 403 200 L"),
    Row("audit event", "GET", "/audit/{event}/",
        "200 403 403 403 403 403 403 403 403 200 L"),
    # --- Users and roles (system administrators; the target is Tynset's municipality user) -------------------
    Row("user list", "GET", "/users/",
        "403 403 403 403 403 403 403 403 403 200 L"),
    Row("user list export", "GET", "/users/?export=csv",
        "403 403 403 403 403 403 403 403 403 200 L"),
    Row("user list export (XLSX)", "GET", "/users/?export=xlsx",
        "403 403 403 403 403 403 403 403 403 200 L"),
    Row("new user form", "GET", "/users/new/",
        "403 403 403 403 403 403 403 403 403 200 L"),
    Row("new user (empty form)", "POST", "/users/new/",
        "403 403 403 403 403 403 403 403 403 200 L", data={}),
    Row("new user", "POST", "/users/new/",
        "403 403 403 403 403 403 403 403 403 302 L",
        data={"username": "matrise", "first_name": "Ny", "last_name": "Bruker", "email": "matrise@samla.example"}),
    Row("user account", "GET", "/users/{tynset_user}/",
        "403 403 403 403 403 403 403 403 403 200 L"),
    Row("grant a role", "POST", "/users/{tynset_user}/roles/",
        "403 403 403 403 403 403 403 403 403 302 L", data={"grant-role": "evaluator"}),
    Row("grant a role (no municipality: refused, the form says why)", "POST", "/users/{tynset_user}/roles/",
        "403 403 403 403 403 403 403 403 403 400 L", data={"grant-role": "municipality"}),
    Row("revoke form", "GET", "/users/{tynset_user}/roles/{tynset_role}/revoke/",
        "403 403 403 403 403 403 403 403 403 200 L"),
    Row("revoke a role", "POST", "/users/{tynset_user}/roles/{tynset_role}/revoke/",
        "403 403 403 403 403 403 403 403 403 302 L", data={"revoke-reason": "Sluttet."}),
    Row("revoke own system-administrator role (refused, the form says why)", "POST",
        "/users/{admin_user}/roles/{admin_role}/revoke/",
        "403 403 403 403 403 403 403 403 403 400 L", data={"revoke-reason": "Sluttet."}),
    Row("deactivate an account", "POST", "/users/{tynset_user}/deactivate/",
        "403 403 403 403 403 403 403 403 403 302 L", data={"status-reason": "Sluttet."}),
    Row("deactivate own account (refused, the form says why)", "POST", "/users/{admin_user}/deactivate/",
        "403 403 403 403 403 403 403 403 403 400 L", data={"status-reason": "Ferie."}),
    Row("reactivate (an active account: refused, the form says why)", "POST", "/users/{tynset_user}/reactivate/",
        "403 403 403 403 403 403 403 403 403 400 L", data={"status-reason": "Tilbake."}),
    Row("set-password e-mail again", "POST", "/users/{tynset_user}/invite/",
        "403 403 403 403 403 403 403 403 403 302 L", data={}),
    Row("reset a second factor (the account has none: refused, the form says why)", "POST",
        "/users/{tynset_user}/two-factor/reset/",
        "403 403 403 403 403 403 403 403 403 400 L", data={"reset-reason": "Mistet telefonen."}),
    # --- The second sign-in factor: each person's own (nobody in the demo has one; the setting is off) ------
    Row("second factor: own status", "GET", "/accounts/two-factor/",
        "200 200 200 200 200 200 200 200 200 200 L"),
    Row("second factor: set up (a new key and QR code)", "GET", "/accounts/two-factor/setup/",
        "200 200 200 200 200 200 200 200 200 200 L"),
    Row("second factor: set up with a wrong code", "POST", "/accounts/two-factor/setup/",
        "400 400 400 400 400 400 400 400 400 400 L", data={"code": "000000"}),
    Row("second factor: code page (no code owed: on to the landing page)", "GET", "/accounts/two-factor/verify/",
        "302 302 302 302 302 302 302 302 302 302 L"),
    Row("second factor: new recovery codes (none set up: back to the status)", "POST",
        "/accounts/two-factor/recovery-codes/", "302 302 302 302 302 302 302 302 302 302 L", data={}),
    Row("second factor: turn off (none set up: back to the status)", "POST", "/accounts/two-factor/turn-off/",
        "302 302 302 302 302 302 302 302 302 302 L", data={}),
    # --- Work dashboard and programme rounds ---------------------------------------------------------------
    Row("work dashboard", "GET", "/work/",
        "200 200 200 200 200 200 200 200 200 200 L"),
    Row("round list", "GET", "/work/rounds/",
        "200 200 200 403 403 403 403 403 200 200 L"),
    Row("round list export", "GET", "/work/rounds/?export=xlsx",
        "200 200 200 403 403 403 403 403 200 200 L"),
    Row("round create form", "GET", "/work/rounds/new/",
        "200 403 403 403 403 403 403 403 403 403 L"),
    Row("round create", "POST", "/work/rounds/new/",
        "200 403 403 403 403 403 403 403 403 403 L", data={}),
    Row("open round (Innlandet only)", "GET", "/work/rounds/{open_round}/",
        "200 200 403 403 403 403 403 403 200 200 L"),
    Row("open round: close", "POST", "/work/rounds/{open_round}/close/",
        "302 403 403 403 403 403 403 403 403 403 L", data={}),
    Row("open round: open", "POST", "/work/rounds/{open_round}/open/",
        "302 403 403 403 403 403 403 403 403 403 L", data={}),
    Row("call create form (region has its call)", "GET", "/work/rounds/{open_round}/calls/new/",
        "403 302 403 403 403 403 403 403 403 403 L"),
    Row("call create", "POST", "/work/rounds/{open_round}/calls/new/",
        "403 302 403 403 403 403 403 403 403 403 L", data={}),
    # --- Calls -----------------------------------------------------------------------------------------------
    Row("call", "GET", "/work/calls/{open_call}/",
        "200 200 403 200 403 200 200 200 200 200 L"),
    Row("deadline extension form", "GET", "/work/calls/{open_call}/extensions/new/",
        "403 200 403 403 403 403 403 403 403 403 L"),
    Row("deadline extension", "POST", "/work/calls/{open_call}/extensions/new/",
        "403 200 403 403 403 403 403 403 403 403 L", data={}),
    Row("start application", "POST", "/work/calls/{open_call}/apply/",
        "403 403 403 403 403 403 302 302 403 403 L", data={}),
    # --- Applications ----------------------------------------------------------------------------------------
    Row("application list (status for every role in scope; text links only where readable)", "GET",
        "/work/applications/", "200 200 200 200 200 200 200 200 200 200 L"),
    Row("application list export (no text columns)", "GET", "/work/applications/?export=csv",
        "200 200 200 200 200 200 200 200 200 200 L"),
    Row("Elverum's draft", "GET", "/work/applications/{draft}/",
        "200 200 403 200 403 403 200 403 403 403 L"),
    Row("Elverum's submitted application", "GET", "/work/applications/{pilot_app}/",
        "200 200 403 200 403 403 200 403 403 403 L"),
    Row("draft edit form", "GET", "/work/applications/{draft}/edit/",
        "403 403 403 403 403 403 200 403 403 403 L"),
    Row("draft save", "POST", "/work/applications/{draft}/edit/",
        "403 403 403 403 403 403 302 403 403 403 L", data=draft_data),
    Row("draft: one more contact row (htmx)", "GET", "/work/applications/{draft}/contacts/row/",
        "403 403 403 403 403 403 200 403 403 403 L"),
    Row("draft submit", "POST", "/work/applications/{draft}/submit/",
        "403 403 403 403 403 403 302 403 403 403 L", data=lambda w: {"version": w.draft.version}),
    Row("political decision form", "GET", "/work/applications/{draft}/political-decision/",
        "403 403 403 403 403 403 200 403 403 403 L"),
    Row("political decision record", "POST", "/work/applications/{draft}/political-decision/",
        "403 403 403 403 403 403 302 403 403 403 L",
        data={"body": "Kommunestyret", "decided_on": "2025-01-15", "case_reference": "PS 1/25"}),
    Row("political decision document", "GET", "/work/political-decisions/{decision_doc}/document/",
        "200 200 403 200 403 403 200 403 403 403 L"),
    Row("reopen Tynset's submitted application", "POST", "/work/applications/{tynset_open_app}/reopen/",
        "403 302 403 403 403 403 403 403 403 403 L", data={"reason": "Mangler vedlegg."}),
    # --- Assessment ------------------------------------------------------------------------------------------
    Row("assessment list", "GET", "/work/assessment/",
        "403 403 403 200 200 403 403 403 403 403 L"),
    Row("assessment list export", "GET", "/work/assessment/?export=xlsx",
        "403 403 403 200 200 403 403 403 403 403 L"),
    Row("assessment of Tynset's application", "GET", "/work/applications/{tynset_open_app}/assess/",
        "200 200 403 200 403 403 403 403 403 403 L"),
    Row("assess Tynset's application", "POST", "/work/applications/{tynset_open_app}/assess/",
        "403 403 403 302 403 403 403 403 403 403 L", data=assessment_data),
    # --- Recommendation, decision, draw ----------------------------------------------------------------------
    Row("recommendation (not yet forwarded)", "GET", "/work/calls/{open_call}/recommendation/",
        "200 200 403 403 403 403 403 403 403 403 L"),
    Row("recommendation forward", "POST", "/work/calls/{open_call}/recommendation/",
        "403 200 403 403 403 403 403 403 403 403 L", data={}),
    Row("recommendation (forwarded, pilot)", "GET", "/work/calls/{pilot_call}/recommendation/",
        "200 200 403 403 403 403 403 403 403 403 L"),
    Row("decision (open round)", "GET", "/work/rounds/{open_round}/decision/",
        "200 403 403 403 403 403 403 403 403 403 L"),
    Row("decision (decided pilot)", "GET", "/work/rounds/{pilot_round}/decision/",
        "200 403 403 403 403 403 403 403 403 403 L"),
    Row("decide (nothing ticked: refused, the form says why)", "POST", "/work/rounds/{open_round}/decision/",
        "200 403 403 403 403 403 403 403 403 403 L", data={"action": "decide"}),
    Row("decision rule check (htmx)", "POST", "/work/rounds/{open_round}/decision/check/",
        "200 403 403 403 403 403 403 403 403 403 L", data={}),
    Row("draw form", "GET", "/work/rounds/{open_round}/draw/",
        "200 403 403 403 403 403 403 403 403 403 L"),
    Row("draw", "POST", "/work/rounds/{open_round}/draw/",
        "302 403 403 403 403 403 403 403 403 403 L", data={"per_stratum": "1"}),
    Row("recorded draw", "GET", "/work/draws/{draw}/",
        "200 403 403 403 403 403 403 403 403 403 L"),
    # --- Allocation runs and award letters -------------------------------------------------------------------
    Row("run list", "GET", "/programmes/{pilot}/runs/",
        "200 200 200 200 200 200 200 200 200 200 L"),
    Row("run list export", "GET", "/programmes/{pilot}/runs/?export=csv",
        "200 200 200 200 200 200 200 200 200 200 L"),
    Row("new run form", "GET", "/programmes/{pilot}/runs/new/",
        "200 403 403 403 403 403 403 403 403 403 L"),
    Row("new run", "POST", "/programmes/{pilot}/runs/new/",
        "302 403 403 403 403 403 403 403 403 403 L",
        data={"scenario": "as_run", "residual_policy": "programme", "base": "decided", "note": ""}),
    Row("run comparison", "GET", "/programmes/{pilot}/runs/compare/",
        "200 200 200 200 200 200 200 200 200 200 L"),
    Row("locked run (rows filtered per reader)", "GET", "/programmes/{pilot}/runs/{run}/",
        "200 200 200 200 200 200 200 200 200 200 L"),
    Row("run: Elverum's amount explained", "GET", "/programmes/{pilot}/runs/{run}/explain/3420/2021/",
        "200 200 403 200 403 200 200 403 200 200 L"),
    Row("lock form", "GET", "/programmes/{pilot}/runs/{run}/lock/",
        "200 403 403 403 403 403 403 403 403 403 L"),
    Row("lock (already locked)", "POST", "/programmes/{pilot}/runs/{run}/lock/",
        "400 403 403 403 403 403 403 403 403 403 L", data={"reason": "Vedtatt.", "confirm": "on"}),
    Row("award letter list", "GET", "/programmes/{pilot}/letters/",
        "200 200 200 403 403 403 200 200 200 200 L"),
    Row("award letter list export", "GET", "/programmes/{pilot}/letters/?export=csv",
        "200 200 200 403 403 403 200 200 200 200 L"),
    Row("generate award letters", "POST", "/programmes/{pilot}/letters/generate/",
        "302 403 403 403 403 403 403 403 403 403 L", data={}),
    Row("Elverum's award letter (PDF)", "GET", "/letters/{letter}/",
        "200 200 403 403 403 403 200 403 200 200 L"),
    Row("allocation rules", "GET", "/programmes/{pilot}/rules/",
        "200 403 403 403 403 403 403 403 403 403 L"),
    Row("allocation rules save (empty form)", "POST", "/programmes/{pilot}/rules/",
        "400 403 403 403 403 403 403 403 403 403 L", data={}),
    Row("continuations", "GET", "/programmes/{pilot}/rules/continuations/",
        "200 403 403 403 403 403 403 403 403 403 L"),
    Row("continuations export", "GET", "/programmes/{pilot}/rules/continuations/?export=csv",
        "200 403 403 403 403 403 403 403 403 403 L"),
    Row("continuation add (empty form)", "POST", "/programmes/{pilot}/rules/continuations/",
        "400 403 403 403 403 403 403 403 403 403 L", data={"year": ""}),
    Row("continuation remove form", "GET", "/programmes/{pilot}/rules/continuations/{continuation}/remove/",
        "200 403 403 403 403 403 403 403 403 403 L"),
    Row("continuation remove (no reason)", "POST", "/programmes/{pilot}/rules/continuations/{continuation}/remove/",
        "400 403 403 403 403 403 403 403 403 403 L", data={"reason": ""}),
    # --- Evaluation ------------------------------------------------------------------------------------------
    Row("evaluation dashboard", "GET", "/evaluation/",
        "200 200 200 403 403 403 200 200 200 403 L"),
    Row("reflection forms", "GET", "/evaluation/forms/",
        "403 403 403 403 403 403 403 403 200 403 L"),
    Row("new reflection form", "POST", "/evaluation/forms/",
        "403 403 403 403 403 403 403 403 302 403 L", data={"new-name": "Nytt skjema", "new-description": ""}),
    Row("XLSForm upload (no file)", "POST", "/evaluation/forms/{form}/xlsform/",
        "403 403 403 403 403 403 403 403 400 403 L", data={}),
    Row("form version", "GET", "/evaluation/versions/{version}/",
        "403 403 403 403 403 403 403 403 200 403 L"),
    Row("publish version (already published)", "POST", "/evaluation/versions/{version}/publish/",
        "403 403 403 403 403 403 403 403 302 403 L", data={}),
    Row("new draft version", "POST", "/evaluation/versions/{version}/new-version/",
        "403 403 403 403 403 403 403 403 302 403 L", data={}),
    Row("version as XLSForm", "GET", "/evaluation/versions/{version}/xlsform.xlsx",
        "403 403 403 403 403 403 403 403 200 403 L"),
    Row("new question (published version)", "GET", "/evaluation/versions/{version}/items/new/",
        "403 403 403 403 403 403 403 403 302 403 L"),
    Row("question edit (published version)", "GET", "/evaluation/versions/{version}/items/{item}/",
        "403 403 403 403 403 403 403 403 302 403 L"),
    Row("question delete (published version)", "POST", "/evaluation/versions/{version}/items/{item}/delete/",
        "403 403 403 403 403 403 403 403 302 403 L", data={}),
    Row("new wave form", "GET", "/evaluation/waves/new/",
        "403 403 403 403 403 403 403 403 200 403 L"),
    Row("new wave", "POST", "/evaluation/waves/new/",
        "403 403 403 403 403 403 403 403 200 403 L", data={}),
    Row("wave progress", "GET", "/evaluation/waves/{wave}/",
        "200 200 200 403 403 403 403 403 200 403 L"),
    Row("wave progress export", "GET", "/evaluation/waves/{wave}/?export=csv",
        "200 200 200 403 403 403 403 403 200 403 L"),
    Row("Elverum's reflection form (open wave)", "GET", "/evaluation/waves/{open_wave}/municipalities/{elverum}/",
        "403 403 403 403 403 403 200 403 403 403 L"),
    Row("Elverum's reflection form save", "POST", "/evaluation/waves/{open_wave}/municipalities/{elverum}/",
        "403 403 403 403 403 403 400 403 403 403 L", data={}),
    Row("Elverum's submitted response", "GET", "/evaluation/responses/{response}/",
        "403 403 403 403 403 403 200 403 200 403 L"),
    Row("reopen Elverum's response", "POST", "/evaluation/responses/{response}/reopen/",
        "403 403 403 403 403 403 403 403 302 403 L", data={"reason": "Feil i svar."}),
    Row("interview log", "GET", "/evaluation/interviews/",
        "403 403 403 403 403 403 403 403 200 403 L"),
    Row("interview log export", "GET", "/evaluation/interviews/?export=csv",
        "403 403 403 403 403 403 403 403 200 403 L"),
    Row("new interview form", "GET", "/evaluation/interviews/new/",
        "403 403 403 403 403 403 403 403 200 403 L"),
    Row("new interview", "POST", "/evaluation/interviews/new/",
        "403 403 403 403 403 403 403 403 302 403 L",
        data={"held_on": "2021-05-01", "kind": "interview", "participant_roles": "Rektor"}),
    Row("interview entry", "GET", "/evaluation/interviews/{interview}/",
        "403 403 403 403 403 403 403 403 200 403 L"),
    Row("interview entry: attach (no file)", "POST", "/evaluation/interviews/{interview}/",
        "403 403 403 403 403 403 403 403 400 403 L", data={"title": "Referat"}),
    Row("interview document", "GET", "/evaluation/interviews/documents/{interview_doc}/",
        "403 403 403 403 403 403 403 403 200 403 L"),
    Row("results", "GET", "/evaluation/results/?form={form}",
        "200 403 403 403 403 403 403 403 200 403 L"),
    Row("own results", "GET", "/evaluation/results/mine/",
        "403 403 403 403 403 403 200 200 403 403 L"),
    Row("results CSV (statistics)", "GET", "/evaluation/results/export.csv?form={form}",
        "200 403 403 403 403 403 403 403 200 403 L"),
    Row("results CSV (raw answers)", "GET", "/evaluation/results/export.csv?form={form}&kind=raw",
        "403 403 403 403 403 403 403 403 200 403 L"),
    Row("results XLSX", "GET", "/evaluation/results/export.xlsx?form={form}",
        "200 403 403 403 403 403 403 403 200 403 L"),
    Row("results chart", "GET", "/evaluation/results/charts/{item_code}.svg?form={form}",
        "200 403 403 403 403 403 403 403 200 403 L"),
    Row("results PDF report", "GET", "/evaluation/results/report.pdf?form={form}",
        "200 403 403 403 403 403 403 403 200 403 L"),
    # --- Personal API tokens (web pages) -----------------------------------------------------------------------
    Row("token page", "GET", "/api/tokens/",
        "200 200 200 200 200 200 200 200 200 200 L"),
    Row("token create", "POST", "/api/tokens/",
        "200 200 200 200 200 200 200 200 200 200 L", data={"name": "Skript"}),
    Row("revoke Elverum's token", "POST", "/api/tokens/{token}/revoke/",
        "403 403 403 403 403 403 302 403 403 403 L", data={}),
    # --- REST API (session authentication; anonymous: 401; out of scope: 404 like missing) ---------------------
    # --- Follow-up (samla.followup): Elverum's project; Tynset (mun2) is another municipality of the region ----
    Row("follow-up start page", "GET", "/followup/",
        "200 200 200 403 403 200 200 200 200 403 L"),
    Row("follow-up: start a project (already started: refused with a message)", "POST",
        "/followup/start/{pilot_id}/{elverum_id}/",
        "403 403 403 403 403 403 302 403 403 403 L"),
    Row("follow-up project", "GET", "/followup/projects/{project}/",
        "200 200 403 403 403 200 200 403 200 403 L"),
    Row("follow-up: add a member", "POST", "/followup/projects/{project}/members/",
        "403 403 403 403 403 403 302 403 403 403 L",
        data={"member-body": "working_group", "member-sector": "culture", "member-function": "Kulturkonsulent"}),
    Row("follow-up: remove a member", "POST", "/followup/members/{member}/remove/",
        "403 403 403 403 403 403 302 403 403 403 L"),
    Row("follow-up: add a challenge", "POST", "/followup/projects/{project}/challenges/",
        "403 403 403 403 403 403 302 403 403 403 L", data={"challenge-sector": "", "challenge-text": "Siloer."}),
    Row("follow-up: add a baseline indicator", "POST", "/followup/projects/{project}/indicators/",
        "403 403 403 403 403 403 302 403 403 403 L",
        data={"indicator-name": "Fravær", "indicator-baseline_value": "5,2", "indicator-baseline_year": "2019",
              "indicator-source": "Skolen"}),
    Row("follow-up: comment (competence centre, county governor)", "POST", "/followup/projects/{project}/comments/",
        "403 302 403 403 403 302 403 403 403 403 L", data={"comment-text": "Se veilederen."}),
    Row("follow-up: new measure form", "GET", "/followup/projects/{project}/measures/new/",
        "403 403 403 403 403 403 200 403 403 403 L"),
    Row("follow-up: new measure", "POST", "/followup/projects/{project}/measures/new/",
        "403 403 403 403 403 403 302 403 403 403 L",
        data={"title": "Ung Arena", "description": "Lavterskel.", "age_bands": ["13-18"],
              "prevention_level": "selective", "sectors_responsible": ["health"], "novelty": "new",
              "innovation": "local", "status": "planned", "planned_start": "2020-03-01",
              "planned_end": "2022-12-31"}),
    Row("follow-up: a measure", "GET", "/followup/measures/{measure}/",
        "200 200 403 403 403 200 200 403 200 403 L"),
    Row("follow-up: edit a measure", "POST", "/followup/measures/{measure}/",
        "403 403 403 403 403 403 302 403 403 403 L",
        data=lambda w: {"version": w.measure.version, "title": "BTI", "description": "BTI.",
                        "age_bands": ["0-5"], "prevention_level": "selective", "sectors_responsible": ["health"],
                        "novelty": "new", "innovation": "local", "status": "running",
                        "planned_start": "2020-01-01", "planned_end": "2022-12-31"}),
    Row("follow-up: a recorded cooperation step", "GET", "/followup/projects/{project}/steps/needs/",
        "200 200 403 403 403 200 200 403 200 403 L"),
    Row("follow-up: record a cooperation step", "POST", "/followup/projects/{project}/steps/arenas/",
        "403 403 403 403 403 403 302 403 403 403 L",
        data={"held_on": "2021-02-02", "sectors": ["health", "school"], "summary": "Faste møter."}),
    Row("follow-up: a step's document", "GET", "/followup/steps/{step}/document/",
        "200 200 403 403 403 200 200 403 200 403 L"),
    Row("follow-up: the 2022 report (submitted)", "GET", "/followup/projects/{project}/reports/2022/",
        "200 200 403 403 403 200 200 403 200 403 L"),
    Row("follow-up: save the 2022 report (submitted: refused)", "POST", "/followup/projects/{project}/reports/2022/",
        "403 403 403 403 403 403 400 403 403 403 L",
        data=lambda w: {"version": w.report22.version, "carry_out": "0", "reflections": "Endret."}),
    Row("follow-up: review a submitted report", "POST", "/followup/reports/{report22}/review/",
        "403 302 403 403 403 403 403 403 403 403 L", data={"review-decision": "approve", "review-comment": ""}),
    Row("follow-up: reopen an approved report", "POST", "/followup/reports/{report21}/reopen/",
        "403 302 403 403 403 403 403 403 403 403 L", data={"reopen-reason": "Feil i tallene."}),
    Row("follow-up: decide a claw-back", "POST", "/followup/reports/{report21}/clawback/",
        "403 302 403 403 403 403 403 403 403 403 L",
        data={"clawback-amount": "1 000", "clawback-reason": "Ubrukt.", "clawback-legal_basis": "Tilsagnsbrevet"}),
    Row("follow-up overview (rows within the reader's regions)", "GET", "/followup/programmes/{pilot}/overview/",
        "200 200 200 403 403 200 403 403 200 403 L"),
    Row("follow-up overview export", "GET", "/followup/programmes/{pilot}/overview/?export=xlsx",
        "200 200 200 403 403 200 403 403 200 403 L"),
    Row("follow-up: send reminders (the county governors, their region)", "POST",
        "/followup/programmes/{pilot}/remind/",
        "403 302 302 403 403 403 403 403 403 403 L"),
    Row("follow-up: network meetings", "GET", "/followup/programmes/{pilot}/meetings/",
        "200 200 200 403 403 200 200 200 200 403 L"),
    Row("follow-up: record a network meeting (Elverum is not of Trøndelag)", "POST",
        "/followup/programmes/{pilot}/meetings/",
        "403 302 400 403 403 403 403 403 403 403 L",
        data=lambda w: {"held_on": "2021-05-04", "theme": "Nettverk", "municipalities": [w.elverum.pk],
                        "sectors": ["health"]}),
    Row("follow-up: our figures beside the group", "GET", "/followup/programmes/{pilot}/mine/",
        "403 403 403 403 403 403 200 200 403 403 L"),
    Row("follow-up: answers beside follow-up facts (individual answers: the evaluator)", "GET", "/followup/evidence/",
        "403 403 403 403 403 403 403 403 200 403 L"),
    Row("API: me", "GET", "/api/me",
        "200 200 200 200 200 200 200 200 200 200 401"),
    Row("API: schema (public)", "GET", "/api/openapi.json",
        "200 200 200 200 200 200 200 200 200 200 200"),
    Row("API: programmes", "GET", "/api/programmes",
        "200 200 200 200 200 200 200 200 200 200 401"),
    Row("API: programme", "GET", "/api/programmes/{pilot}",
        "200 200 200 200 200 200 200 200 200 200 401"),
    Row("API: allocation (rows filtered)", "GET", "/api/programmes/{pilot}/allocation",
        "200 200 200 200 200 200 200 200 200 200 401"),
    Row("API: calls", "GET", "/api/calls",
        "200 200 200 200 200 200 200 200 200 200 401"),
    Row("API: open call", "GET", "/api/calls/{open_call}",
        "200 200 404 200 404 200 200 200 200 200 401"),
    Row("API: applications", "GET", "/api/applications",
        "200 200 200 200 200 200 200 200 200 200 401"),
    Row("API: Elverum's draft", "GET", "/api/applications/{draft}",
        "200 200 404 200 404 200 200 404 200 200 401"),
    Row("API: draft save", "PATCH", "/api/applications/{draft}",
        "403 403 404 403 404 403 200 404 403 403 401",
        data=lambda w: {"version": w.draft.version, "measures": "ENDRET"}, content_type=JSON),
    Row("API: draft submit", "POST", "/api/applications/{draft}/submit",
        "403 403 404 403 404 403 200 404 403 403 401",
        data=lambda w: {"version": w.draft.version}, content_type=JSON),
    Row("API: start application (Elverum has one)", "POST", "/api/applications",
        "403 403 404 403 404 403 422 422 403 403 401",
        data=lambda w: {"call": w.open_call.pk}, content_type=JSON),
    Row("API: follow-up projects (rows within scope)", "GET", "/api/followup/projects",
        "200 200 200 200 200 200 200 200 200 200 401"),
    Row("API: Elverum's follow-up project", "GET", "/api/followup/projects/{project}",
        "200 200 404 404 404 200 200 404 200 404 401"),
    Row("API: Elverum's yearly reports", "GET", "/api/followup/projects/{project}/reports",
        "200 200 404 404 404 200 200 404 200 404 401"),
    Row("API: save Elverum's 2022 report (submitted: refused)", "PUT", "/api/followup/reports/{report22}",
        "403 403 404 404 404 403 422 404 403 404 401",
        data=lambda w: {"version": w.report22.version, "spending": {}, "carry_out": 0}, content_type=JSON),
    Row("API: selection decisions", "GET", "/api/selection-decisions",
        "200 200 200 200 200 200 200 200 200 200 401"),
    Row("API: pilot selection decision", "GET", "/api/selection-decisions/{selection}",
        "200 200 200 200 200 404 404 404 200 200 401"),
    Row("API: draws", "GET", "/api/draws",
        "200 200 200 200 200 200 200 200 200 200 401"),
]

FORBIDDEN = {"403", "404", "401", "L"}
CASES = [pytest.param(row, persona, expected, id=f"{row.method} {row.label} [{persona}]")
         for row in ROWS for persona, expected in zip(PERSONAS, row.expected.split(), strict=True)]


def test_every_row_names_every_persona() -> None:
    for row in ROWS:
        assert len(row.expected.split()) == len(PERSONAS), row.label


def test_every_url_pattern_is_in_the_matrix() -> None:
    """A page added later without a row here fails this test (the Django admin and i18n are left out)."""
    from django.urls import get_resolver

    def walk(resolver, prefix=""):
        for p in resolver.url_patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    covered = {row.url.split("?")[0] for row in ROWS}
    # Pages with no object and no access question: sign-out, reset steps by token, the docs page.
    not_in_matrix = {"accounts/logout/", "accounts/password/change/done/", "accounts/password/reset/sent/",
                     "accounts/password/reset/<uidb64>/<token>/", "accounts/password/reset/done/", "api/docs",
                     "api/", "i18n/setlang/"}
    missing = []
    for pattern in walk(get_resolver()):
        if pattern.startswith("admin/") or pattern in not_in_matrix:
            continue
        regex = "^/" + re.sub(r"<(?:\w+:)?\w+>", "[^/]+", pattern) + "$"
        if not any(re.match(regex, url) for url in covered):
            missing.append(pattern)
    assert missing == []


def _request(client, row: Row, url: str, data):
    method = row.method.lower()
    if row.content_type:
        return getattr(client, method)(url, json.dumps(data or {}), content_type=row.content_type)
    if method == "get":
        return client.get(url)
    if method == "patch":
        return client.patch(url, data or {})
    return client.post(url, data or {})


@pytest.mark.parametrize(("row", "persona", "expected"), CASES)
def test_access(web, client_for, row: Row, persona: str, expected: str) -> None:
    url = row.url.format(**ids(web))
    data = row.data(web) if callable(row.data) else row.data
    writes = row.method != "GET"
    before = fingerprint() if writes and expected in FORBIDDEN else None
    response = _request(client_for(persona), row, url, data)
    if expected == "L":
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith("/accounts/login/"), response["Location"]
    else:
        assert response.status_code == int(expected), (url, persona, response.status_code,
                                                       response.content[:300])
    if before is not None:
        assert fingerprint() == before, f"{row.method} {url} as {persona} was refused but changed data"
