"""Evidence beside self-assessment (the evaluator's results pages link here; adapted from helper i10's draft):
each municipality's answers to the reflection form's cooperation items set beside what its follow-up shows in
fact — the sectors in its bodies and in each cooperation step, the steps done, the share of new measures and the
age bands covered — grouped by the answer, so that two municipalities that both answer "4" but differ in fact stand
side by side.

The answers are read through ``samla.evaluation.results`` (the evaluator's full level: individual answers are the
evaluator's alone); the facts through ``samla.followup.selectors``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied

from samla.accounts import access
from samla.core.survey import DK
from samla.evaluation.models import Form, Item
from samla.evaluation.results import ItemInfo, items_of, results_for, waves_of
from samla.followup import selectors
from samla.followup.models import Project
from samla.registry.models import Municipality

DEFAULT_ITEMS = 3
NOT_ALLOWED = "only the evaluator sees individual answers beside the follow-up"


@dataclass(frozen=True)
class EvidenceRow:
    municipality: Municipality
    answers: tuple[Any, ...]  # one per item: 1–5, "dk" or None
    facts: selectors.ProjectFacts | None

    @property
    def key(self) -> tuple[Any, ...]:
        """What the follow-up shows, to tell municipalities with the same answer apart."""
        f = self.facts
        if f is None:
            return ()
        return (f.steering_group, f.working_group, f.steps_done, tuple(sorted(f.step_sectors.items())),
                f.share_new, f.age_bands_covered)


@dataclass(frozen=True)
class AnswerGroup:
    answer: Any  # the answer to the first chosen item
    rows: tuple[EvidenceRow, ...]

    @property
    def differ(self) -> bool:
        """Several municipalities gave this answer, and their follow-up facts are not the same."""
        return len(self.rows) > 1 and len({r.key for r in self.rows}) > 1


@dataclass
class Evidence:
    form: Form
    wave: str | None
    waves: list[str]
    items: list[ItemInfo]
    choices: list[ItemInfo]  # every scale item of the wave, to choose from
    groups: list[AnswerGroup] = field(default_factory=list)

    @property
    def rows(self) -> list[EvidenceRow]:
        return [row for group in self.groups for row in group.rows]


def _answer_order(value: Any) -> tuple[int, int]:
    if isinstance(value, int):
        return (0, -value)
    return (1, 0 if value == DK else 1)


def evidence_for(user, *, form: Form, wave: str | None, item_codes: list[str], language: str) -> Evidence:
    """The municipalities that answered ``form`` in ``wave`` (default: the last wave), their answers to the chosen
    scale items (default: the first three of the form), beside their follow-up facts in the form's programme."""
    if not access.can_read_survey_details(user):
        raise PermissionDenied(NOT_ALLOWED)
    labels = [w.label for w in waves_of(form)]
    chosen_wave = wave if wave in labels else (labels[-1] if labels else None)
    result = Evidence(form=form, wave=chosen_wave, waves=labels, items=[], choices=[])
    if chosen_wave is None:
        return result
    results = results_for(user, form=form, language=language)
    asked = {a.item for a in results.answers if a.wave == chosen_wave}
    infos = items_of([w for w in waves_of(form) if w.label == chosen_wave], language)
    result.choices = [i for code, i in infos.items() if i.type == Item.Type.LIKERT and code in asked]
    wanted = [c for c in item_codes if c in {i.code for i in result.choices}]
    result.items = [infos[c] for c in wanted] or result.choices[:DEFAULT_ITEMS]
    codes = [i.code for i in result.items]
    answers: dict[str, dict[str, Any]] = {}
    for a in results.answers:
        if a.wave == chosen_wave and a.item in codes:
            answers.setdefault(a.municipality, {})[a.item] = a.value
    municipalities = {str(m.pk): m for m in Municipality.objects.filter(pk__in=[int(k) for k in answers])}
    projects = Project.objects.filter(municipality_id__in=[m.pk for m in municipalities.values()])
    if form.programme_id:
        projects = projects.filter(programme_id=form.programme_id)
    facts = {f.project.municipality_id: f for f in selectors.project_facts(projects)}
    rows = [EvidenceRow(m, tuple(answers[key].get(c) for c in codes), facts.get(m.pk))
            for key, m in municipalities.items()]
    rows.sort(key=lambda r: (_answer_order(r.answers[0] if r.answers else None),
                             -(r.facts.steps_done if r.facts else -1), r.municipality.name))
    groups: dict[Any, list[EvidenceRow]] = {}
    for row in rows:
        groups.setdefault(row.answers[0] if row.answers else None, []).append(row)
    result.groups = [AnswerGroup(answer, tuple(members)) for answer, members in groups.items()]
    return result
