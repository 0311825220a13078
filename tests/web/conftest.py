"""The whole demo (``samla demo load``) built ONCE per test module, plus what the matrix needs on top of it.

The world lives inside one outer transaction that is rolled back when the module ends; each test runs in its
own savepoint (pytest-django's ``db``), so a POST that succeeds changes nothing for the next test.

Personas (the objects under test belong to Innlandet and to Elverum):

=========  ======================================================  ==========================
key        who                                                     user
=========  ======================================================  ==========================
dir        directorate                                             direktorat
gov        county governor, own region (Innlandet)                 statsforvalter-innlandet
gov2       county governor, other region (Trøndelag)               demo-statsforvalter-trondelag
rg         resource-group member, own region (Innlandet)           ressursgruppe-innlandet
rg2        resource-group member, other region (Trøndelag)         demo-ressursgruppe-trondelag
cc         competence centre (Innlandet)                           kompetanse-innlandet
mun        municipality, own (Elverum 3420)                        elverum
mun2       municipality, other (Tynset 3427, same region)          demo-kommune-3427
eva        evaluator                                               evaluator
adm        system administrator                                    systemadmin
anon       not signed in                                           –
=========  ======================================================  ==========================
"""

from __future__ import annotations

import datetime
import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from tests.conftest import rolled_back
from tests.pdf import MINIMAL_PDF

PERSONAS = ["dir", "gov", "gov2", "rg", "rg2", "cc", "mun", "mun2", "eva", "adm", "anon"]
USERNAMES = {
    "dir": "direktorat", "gov": "statsforvalter-innlandet", "gov2": "demo-statsforvalter-trondelag",
    "rg": "ressursgruppe-innlandet", "rg2": "demo-ressursgruppe-trondelag", "cc": "kompetanse-innlandet",
    "mun": "elverum", "mun2": "demo-kommune-3427", "eva": "evaluator", "adm": "systemadmin",
}
PDF = MINIMAL_PDF
MISSING = 987_654  # an id that no object has


def _build(tmp_media) -> SimpleNamespace:
    from samla.accounts.models import RoleAssignment
    from samla.allocation.models import AllocationRun, AwardLetter, Programme
    from samla.api.services import api_token_create
    from samla.audit.models import AuditEvent
    from samla.calls import services
    from samla.calls.models import Application, Call, PoliticalDecision, ProgrammeRound
    from samla.evaluation.models import Form, Response, Wave
    from samla.evaluation.services import interview_document_add, interview_entry_create, wave_create
    from samla.registry.models import Municipality, Region

    call_command("load_demo", stdout=io.StringIO(), verbosity=0)
    User = get_user_model()
    users = {key: User.objects.get(username=name) for key, name in USERNAMES.items()}
    pilot = Programme.objects.get(slug="pilot-2020")
    open_programme = Programme.objects.get(slug="demo-2027")
    pilot_round = ProgrammeRound.objects.get(programme=pilot)
    open_round = ProgrammeRound.objects.get(programme=open_programme)
    innlandet = Region.objects.get(pk=pilot_round.calls.get(case_number="Sak 2019/10445").region_id)
    pilot_call = Call.objects.get(programme_round=pilot_round, region=innlandet)
    pilot_call_other = Call.objects.filter(programme_round=pilot_round).exclude(region=innlandet).order_by("pk")[0]
    open_call = Call.objects.get(programme_round=open_round)
    elverum = Municipality.objects.get(pk=RoleAssignment.objects.get(user=users["mun"]).municipality_id)
    tynset = Municipality.objects.get(pk=RoleAssignment.objects.get(user=users["mun2"]).municipality_id)

    # Elverum's draft in the open round (the demo leaves Elverum out of it).
    draft = services.application_create(actor=users["mun"], call=open_call, municipality=elverum)
    draft = services.application_save(
        actor=users["mun"], application=draft, expected_version=draft.version,
        development_work="Elverum samler tjenestene for utsatte barn og unge.", measures="ELVERUM-TILTAK-HEMMELIG",
        challenge_picture="Siloer.", self_assessment="Vi har startet.",
        contacts=[services.Contact(name="Elverum Prosjektleder", role="Prosjektleder", email="p@elverum.example")])
    pilot_app = Application.objects.get(call=pilot_call, municipality=elverum)
    tynset_pilot_app = Application.objects.get(call=pilot_call, municipality=tynset)
    tynset_open_app = Application.objects.get(call=open_call, municipality=tynset)
    with override_settings(MEDIA_ROOT=tmp_media):
        decisions = {}
        for key, application in (("elverum", pilot_app), ("tynset", tynset_pilot_app)):
            decision = PoliticalDecision.objects.get(application=application)
            decision.document.save(f"vedtak-{key}.pdf", ContentFile(PDF), save=True)
            decisions[key] = decision
        entry = interview_entry_create(actor=users["eva"], held_on=datetime.date(2021, 3, 4), kind="interview",
                                       participant_roles="Prosjektleder", municipality=elverum,
                                       themes="INTERVJU-TEMA-HEMMELIG")
        document = interview_document_add(actor=users["eva"], entry=entry, title="Referat",
                                          file=ContentFile(PDF, name="referat.pdf"))
    from samla.allocation.services import allocation_run_create

    allocation_run_create(actor=users["dir"], programme=pilot, note="Second run, to compare.")
    draw = services.stratified_draw_record(actor=users["dir"], programme_round=open_round, per_stratum=1, seed=7)
    _token, token_text = api_token_create(actor=users["mun"], name="matrise")
    other_token, _ = api_token_create(actor=users["mun2"], name="tynset")
    wave = Wave.objects.filter(municipalities=elverum).order_by("-opens_on")[0]
    form = Form.objects.order_by("pk")[0]
    version = form.versions.order_by("number")[0]
    today = timezone.localdate()
    open_wave = wave_create(actor=users["eva"], label="Åpen", version=version, opens_on=today,
                            closes_on=today + datetime.timedelta(days=30), municipalities=[elverum, tynset])
    letters = {m: AwardLetter.objects.get(programme=pilot, municipality=m) for m in (elverum, tynset)}
    from samla.followup.models import CooperationStep, Project, YearlyReport

    project = Project.objects.get(programme=pilot, municipality=elverum)
    step = CooperationStep.objects.get(project=project, step="needs")
    with override_settings(MEDIA_ROOT=tmp_media):
        step.document.save("kartlegging.pdf", ContentFile(PDF), save=True)
    return SimpleNamespace(
        users=users, pilot=pilot, open_programme=open_programme, pilot_round=pilot_round, open_round=open_round,
        innlandet=innlandet, elverum=elverum, tynset=tynset, pilot_call=pilot_call,
        pilot_call_other=pilot_call_other, open_call=open_call, draft=draft, pilot_app=pilot_app,
        tynset_pilot_app=tynset_pilot_app, tynset_open_app=tynset_open_app, decisions=decisions,
        letters=letters, run=AllocationRun.objects.get(programme=pilot, number=1), draw=draw,
        interview=entry, interview_document=document, token=_token, token_text=token_text,
        other_token=other_token, wave=wave, open_wave=open_wave, form=form, version=version,
        item=version.items.order_by("pk")[0],
        response=Response.objects.get(wave=wave, municipality=elverum),
        tynset_response=Response.objects.get(wave=wave, municipality=tynset),
        event=AuditEvent.objects.order_by("pk")[0],
        media=tmp_media, project=project, step=step, measure=project.measures.order_by("pk")[0],
        member=project.members.order_by("pk")[0], report22=YearlyReport.objects.get(project=project, year=2022),
        report21=YearlyReport.objects.get(project=project, year=2021),
    )


@pytest.fixture(scope="module")
def web(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo world, once per module, rolled back afterwards."""
    media = tmp_path_factory.mktemp("media")
    with rolled_back(django_db_blocker), override_settings(MEDIA_ROOT=media):
        yield _build(media)


@pytest.fixture
def media_root(web, settings):
    settings.MEDIA_ROOT = web.media
    return web.media


@pytest.fixture
def client_for(web, db, media_root):
    """``client_for("mun")``: a Django test client signed in as that persona (``anon``: signed out)."""
    made: dict[str, Client] = {}

    def make(persona: str) -> Client:
        if persona not in made:
            client = Client()
            if persona != "anon":
                client.force_login(web.users[persona])
            made[persona] = client
        return made[persona]
    return make


def fingerprint() -> dict:
    """Row counts of every Samla model (audit events included) and the mutable fields that matter: enough to
    see that a refused POST changed nothing."""
    from samla.allocation.models import AllocationRun
    from samla.calls.models import Application, ProgrammeRound
    from samla.evaluation.models import FormVersion, Response

    counts = {m._meta.label: m.objects.count() for m in apps.get_models()
              if m.__module__.startswith("samla.") or m._meta.label in ("auth.User", "api.ApiToken")}
    counts["applications"] = sorted(Application.objects.values_list("pk", "version", "status", "measures"))
    counts["rounds"] = sorted(ProgrammeRound.objects.values_list("pk", "status"))
    counts["runs"] = sorted(AllocationRun.objects.values_list("pk", "locked_at"))
    counts["responses"] = sorted(Response.objects.values_list("pk", "status", "version"))
    counts["versions"] = sorted(FormVersion.objects.values_list("pk", "published_at"))
    from samla.api.models import ApiToken
    counts["tokens"] = sorted(ApiToken.objects.values_list("pk", "revoked_at"))
    from samla.accounts.models import RoleAssignment
    counts["roles"] = sorted(RoleAssignment.objects.values_list("pk", "user_id", "role", "region_id",
                                                                "municipality_id"))
    counts["accounts"] = sorted(get_user_model().objects.values_list("pk", "username", "email", "is_active"))
    from samla.followup.models import Measure, YearlyReport
    counts["measures"] = sorted(Measure.objects.values_list("pk", "version", "title"))
    counts["reports"] = sorted(YearlyReport.objects.values_list("pk", "status", "version", "carry_out"))
    return counts


def now() -> datetime.datetime:
    return timezone.now()
