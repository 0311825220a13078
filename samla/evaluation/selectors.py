"""Reads for the evaluation module, scoped to the user who asks. A missing object and one out of scope give
the same ``PermissionDenied``, so guessed ids tell nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from samla.accounts import access
from samla.evaluation.models import Form, FormVersion, InterviewDocument, InterviewEntry, Response, Wave
from samla.registry.models import Municipality

NOT_ALLOWED = "you may not see this"


def _deny() -> PermissionDenied:
    return PermissionDenied(NOT_ALLOWED)


# --- Evaluator's objects -------------------------------------------------------------------------------

def forms_for(user) -> QuerySet[Form]:
    if not access.can_manage_evaluation(user):
        raise _deny()
    return Form.objects.prefetch_related(Prefetch("versions", FormVersion.objects.order_by("-number")))


def form_for(user, pk: int) -> Form:
    form = Form.objects.filter(pk=pk).first()
    if form is None or not access.can_manage_evaluation(user):
        raise _deny()
    return form


def version_for(user, pk: int) -> FormVersion:
    version = FormVersion.objects.select_related("form").filter(pk=pk).first()
    if version is None or not access.can_manage_evaluation(user):
        raise _deny()
    return version


def interview_entries_for(user) -> QuerySet[InterviewEntry]:
    if not access.can_read_interview_log(user):
        raise _deny()
    return InterviewEntry.objects.select_related("municipality", "region").prefetch_related("documents")


def interview_entry_for(user, pk: int) -> InterviewEntry:
    entry = InterviewEntry.objects.select_related("municipality", "region").filter(pk=pk).first()
    if entry is None or not access.can_read_interview_log(user):
        raise _deny()
    return entry


def interview_document_for(user, pk: int) -> InterviewDocument:
    document = InterviewDocument.objects.filter(pk=pk).first()
    if document is None or not access.can_read_interview_log(user):
        raise _deny()
    return document


# --- Waves and progress ---------------------------------------------------------------------------------

def waves_with_progress_for(user) -> QuerySet[Wave]:
    """The waves whose progress the user may follow (evaluator and directorate: all; a county governor: those
    with municipalities of its region); none for anyone else."""
    regions = access.reflection_progress_regions(user)
    qs = Wave.objects.select_related("version__form").order_by("-opens_on", "label")
    if regions is None:
        return qs
    return qs.filter(municipalities__region_id__in=regions).distinct()


def wave_for_progress(user, pk: int) -> Wave:
    wave = waves_with_progress_for(user).filter(pk=pk).first()
    if wave is None:
        raise _deny()
    return wave


@dataclass(frozen=True)
class ProgressRow:
    municipality: Municipality
    response: Response | None

    @property
    def state(self) -> str:
        if self.response is None:
            return "not_started"
        return self.response.status


def wave_progress(user, wave: Wave) -> list[ProgressRow]:
    """Every participating municipality the user may follow, with its response (or None: not started)."""
    regions = access.reflection_progress_regions(user)
    municipalities = wave.municipalities.select_related("region").order_by("region__name", "number")
    if regions is not None:
        municipalities = municipalities.filter(region_id__in=regions)
    responses = {r.municipality_id: r for r in Response.objects.filter(wave=wave).select_related("submitted_by")}
    return [ProgressRow(m, responses.get(m.pk)) for m in municipalities]


def progress_counts(rows: list[ProgressRow]) -> dict[str, int]:
    counts = {"submitted": 0, "draft": 0, "not_started": 0}
    for row in rows:
        counts[row.state] += 1
    return counts


# --- A municipality's own forms ---------------------------------------------------------------------------

def waves_to_answer(user) -> list[tuple[Wave, Municipality, Response | None]]:
    """For each municipality the user answers for, its waves and its response in each (None: not started)."""
    scope = access.scope_of(user)
    out = []
    for municipality in Municipality.objects.filter(pk__in=scope.municipalities).order_by("number"):
        waves = Wave.objects.filter(municipalities=municipality).select_related("version__form").order_by(
            "-opens_on")
        responses = {r.wave_id: r for r in Response.objects.filter(municipality=municipality)}
        out.extend((wave, municipality, responses.get(wave.pk)) for wave in waves)
    return out


def answerable_wave(user, wave_pk: int, municipality_pk: int) -> tuple[Wave, Municipality]:
    wave = Wave.objects.select_related("version__form").filter(pk=wave_pk).first()
    municipality = Municipality.objects.filter(pk=municipality_pk).first()
    if (wave is None or municipality is None or not access.can_answer_reflection(user, municipality)
            or not wave.municipalities.filter(pk=municipality.pk).exists()):
        raise _deny()
    return wave, municipality


def response_for(user, pk: int) -> Response:
    response = Response.objects.select_related("wave__version__form", "municipality").filter(pk=pk).first()
    if response is None or not access.can_read_reflection_response(user, response):
        raise _deny()
    return response


def is_open_now(wave: Wave) -> bool:
    return wave.is_open_on(timezone.localdate())
