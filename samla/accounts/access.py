"""Who may see what. Every view, export and API call asks these helpers about the object at hand."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from samla.accounts.models import Role, RoleAssignment
from samla.registry.models import Municipality, Region


@dataclass(frozen=True)
class Scope:
    """The roles a user holds and where: national roles, region ids per role, municipality ids."""

    national: frozenset[str] = frozenset()
    regions: dict[str, frozenset[int]] = field(default_factory=dict)
    municipalities: frozenset[int] = frozenset()

    def has(self, role: Role) -> bool:
        return role in self.national or bool(self.regions.get(role)) or (
            role == Role.MUNICIPALITY and bool(self.municipalities))


def scope_of(user: AbstractBaseUser | AnonymousUser) -> Scope:
    if not user.is_authenticated:
        return Scope()
    cached = getattr(user, "_samla_scope", None)
    if cached is not None:
        return cached
    national: set[str] = set()
    regions: dict[str, set[int]] = {}
    municipalities: set[int] = set()
    for role, region_id, municipality_id in RoleAssignment.objects.filter(user=user).values_list(
            "role", "region_id", "municipality_id"):
        if municipality_id:
            municipalities.add(municipality_id)
        elif region_id:
            regions.setdefault(role, set()).add(region_id)
        else:
            national.add(role)
    if user.is_superuser:
        national.add(Role.SYSTEM_ADMIN)
    scope = Scope(frozenset(national), {k: frozenset(v) for k, v in regions.items()}, frozenset(municipalities))
    user._samla_scope = scope  # type: ignore[attr-defined]
    return scope


def can_read_region(user, region: Region) -> bool:
    """Directorate, evaluator and admins read every region; regional roles their own."""
    scope = scope_of(user)
    if scope.national:
        return True
    return any(region.pk in ids for ids in scope.regions.values())


def can_read_municipality(user, municipality: Municipality) -> bool:
    """A municipality reads only itself; regional roles their region's municipalities; national roles all."""
    scope = scope_of(user)
    if scope.national or municipality.pk in scope.municipalities:
        return True
    return any(municipality.region_id in ids for ids in scope.regions.values())


# --- Calls, applications, assessment and selection (samla.calls). The objects are duck-typed: an
# application has ``municipality_id`` and ``call.region_id``; a call has ``region_id``.

def _holds_in_region(user, role: Role, region_id: int | None) -> bool:
    return region_id is not None and region_id in scope_of(user).regions.get(role, frozenset())


def can_manage_programme_round(user) -> bool:
    """Only the directorate opens and closes a programme for applications."""
    return Role.DIRECTORATE in scope_of(user).national


def can_publish_call(user, region: Region) -> bool:
    """The county governor of the region."""
    return _holds_in_region(user, Role.COUNTY_GOVERNOR, region.pk)


def can_govern_call(user, call) -> bool:
    """The county governor of the call's region: extensions, reopenings, the ranked recommendation."""
    return _holds_in_region(user, Role.COUNTY_GOVERNOR, call.region_id)


def can_edit_application(user, application) -> bool:
    """Only the applying municipality's own users write its application."""
    return application.municipality_id in scope_of(user).municipalities


def can_apply(user, municipality: Municipality) -> bool:
    return municipality.pk in scope_of(user).municipalities


def can_read_application(user, application) -> bool:
    """The municipality itself, the region's county governor and resource group, and the directorate."""
    scope = scope_of(user)
    region_id = application.call.region_id
    return (Role.DIRECTORATE in scope.national or application.municipality_id in scope.municipalities
            or _holds_in_region(user, Role.COUNTY_GOVERNOR, region_id)
            or _holds_in_region(user, Role.RESOURCE_GROUP, region_id))


def can_assess(user, application) -> bool:
    """Resource-group members of the application's region."""
    return _holds_in_region(user, Role.RESOURCE_GROUP, application.call.region_id)


def can_read_all_assessments(user, application) -> bool:
    """Those who weigh the advice without giving it: the region's county governor and the directorate."""
    return (Role.DIRECTORATE in scope_of(user).national
            or _holds_in_region(user, Role.COUNTY_GOVERNOR, application.call.region_id))


def can_decide_selection(user) -> bool:
    """Only the directorate decides participation."""
    return Role.DIRECTORATE in scope_of(user).national


# --- Programme, call and application pages (samla.calls.views) ------------------------------------------

def can_list_programme_rounds(user) -> bool:
    """The rounds list: national roles (directorate, evaluator, administrators) and county governors."""
    scope = scope_of(user)
    return bool(scope.national) or bool(scope.regions.get(Role.COUNTY_GOVERNOR))


def can_read_programme_round(user, programme_round) -> bool:
    """National roles read every round; a county governor the rounds that include its region."""
    scope = scope_of(user)
    if scope.national:
        return True
    governed = scope.regions.get(Role.COUNTY_GOVERNOR, frozenset())
    return bool(governed) and programme_round.regions.filter(pk__in=governed).exists()


def can_read_call(user, call) -> bool:
    """Everyone with access to the call's region, and the municipalities of that region."""
    scope = scope_of(user)
    if scope.national or any(call.region_id in ids for ids in scope.regions.values()):
        return True
    return Municipality.objects.filter(pk__in=scope.municipalities, region_id=call.region_id).exists()


def can_open_work(user) -> bool:
    """"My work" (the calls dashboard): every signed-in user. A user without a role is told how to get one."""
    return bool(user.is_authenticated)


def can_read_published_allocation(user) -> bool:
    """The programmes and their decided allocation are public: everyone, signed in or not."""
    return True


def can_use_django_admin(user) -> bool:
    """Django's own admin: active staff accounts (set outside Samla's roles)."""
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False))


def can_list_applications(user) -> bool:
    """The applications list (municipality, call, status, political decision present; no text) is for everyone
    with a role, each within their scope (``calls.selectors.applications_visible_to``): the evaluator and the
    competence centres follow the programme through it. Reading an application's text is for fewer:
    ``can_read_application``."""
    scope = scope_of(user)
    return bool(scope.national or any(scope.regions.values()) or scope.municipalities)


def can_open_evaluation(user) -> bool:
    """The evaluation section: the evaluator and the directorate, municipalities (their reflection forms) and
    county governors (their region's progress)."""
    scope = scope_of(user)
    return (Role.EVALUATOR in scope.national or Role.DIRECTORATE in scope.national or bool(scope.municipalities)
            or bool(scope.regions.get(Role.COUNTY_GOVERNOR)))


# --- Evaluation: reflection forms, waves, responses, interview log (samla.evaluation). A response has
# ``municipality_id``; a wave is only a list of municipalities. The evaluator runs the module; a
# municipality answers for itself only; the directorate follows every wave's progress (who has answered) and
# sees aggregate results only (``can_read_survey_results``); a county governor sees its region's progress.
# Individual answers: the evaluator and the answering municipality.

def can_manage_evaluation(user) -> bool:
    """Only the evaluator edits forms and waves and reopens responses."""
    return Role.EVALUATOR in scope_of(user).national


def can_read_interview_log(user) -> bool:
    """The interview and workshop log is the evaluator's alone."""
    return Role.EVALUATOR in scope_of(user).national


def can_answer_reflection(user, municipality: Municipality) -> bool:
    """A municipality's own users fill in its reflection form."""
    return municipality.pk in scope_of(user).municipalities


def can_read_reflection_response(user, response) -> bool:
    """One municipality's individual answers: that municipality and the evaluator."""
    scope = scope_of(user)
    return Role.EVALUATOR in scope.national or response.municipality_id in scope.municipalities


def reflection_progress_regions(user) -> frozenset[int] | None:
    """Whose progress (submitted / draft / not started) a user may see: ``None`` for every municipality
    (evaluator, directorate), else the ids of the regions the user governs (possibly empty: nothing)."""
    scope = scope_of(user)
    if Role.EVALUATOR in scope.national or Role.DIRECTORATE in scope.national:
        return None
    return scope.regions.get(Role.COUNTY_GOVERNOR, frozenset())


# --- Allocation runs and award letters (samla.allocation). A run's rows and a letter are duck-typed: they
# carry ``municipality_id`` and ``region_id`` (a letter: ``municipality.region_id``).

def can_manage_allocation(user) -> bool:
    """Only the directorate makes and locks allocation runs and generates award letters."""
    return Role.DIRECTORATE in scope_of(user).national


def can_read_allocation_runs(user) -> bool:
    """Everyone with a role reads runs; which rows they see is decided per row (``can_read_allocation_row``)."""
    scope = scope_of(user)
    return bool(scope.national or any(scope.regions.values()) or scope.municipalities)


def can_read_allocation_row(user, municipality_id: int, region_id: int | None) -> bool:
    """National roles every municipality; regional roles their region's; a municipality itself."""
    scope = scope_of(user)
    if scope.national or municipality_id in scope.municipalities:
        return True
    return any(region_id in ids for ids in scope.regions.values())


def can_list_award_letters(user) -> bool:
    """Directorate, evaluator, admins, county governors and municipalities (each sees its own letters)."""
    scope = scope_of(user)
    return bool(scope.national or scope.regions.get(Role.COUNTY_GOVERNOR) or scope.municipalities)


def can_read_award_letter(user, letter) -> bool:
    """The municipality its own letter; the county governor its region's; national roles all."""
    scope = scope_of(user)
    return (bool(scope.national) or letter.municipality_id in scope.municipalities
            or _holds_in_region(user, Role.COUNTY_GOVERNOR, letter.municipality.region_id))


# --- REST API (samla.api) ----------------------------------------------------------------------------------

def can_see_application(user, application) -> bool:
    """Who may know an application exists, its status, dates and whether a political decision is recorded:
    national roles (directorate, evaluator, administrators), every regional role of the call's region and
    the applying municipality. The text itself is for fewer: ``can_read_application_text``."""
    scope = scope_of(user)
    return (bool(scope.national) or application.municipality_id in scope.municipalities
            or any(application.call.region_id in ids for ids in scope.regions.values()))


def can_read_application_text(user, application) -> bool:
    """The free text, contacts, version and political decision of an application: the municipality itself, the
    region's county governor and resource group, and the directorate (not the evaluator, not competence
    centres)."""
    return can_read_application(user, application)


def can_read_selection(user, programme_round) -> bool:
    """The directorate's selection decision (with overrides and reasons) and its draws: national roles, and
    the county governors and resource groups of the round's regions."""
    scope = scope_of(user)
    if scope.national:
        return True
    regions = scope.regions.get(Role.COUNTY_GOVERNOR, frozenset()) | scope.regions.get(
        Role.RESOURCE_GROUP, frozenset())
    return bool(regions) and programme_round.regions.filter(pk__in=regions).exists()


# --- Assessment, recommendation and decision pages (samla.calls.views.assessment / .selection) ---------------

def can_read_recommendation(user, call) -> bool:
    """The county governor's ranked recommendation for a call: that county governor and the directorate."""
    return can_govern_call(user, call) or can_decide_selection(user)


def can_read_assessments(user, application) -> bool:
    """The assessment page of an application: the region's resource-group members (who write one) and those
    who read all assessments (the region's county governor, the directorate)."""
    return can_assess(user, application) or can_read_all_assessments(user, application)


# --- Audit log (samla.audit).

def can_read_audit_log(user) -> bool:
    """The directorate and system administrators (superusers count as system administrators)."""
    national = scope_of(user).national
    return Role.DIRECTORATE in national or Role.SYSTEM_ADMIN in national


def can_list_assessments(user) -> bool:
    """The resource group's work list of applications to assess: members of a region's resource group."""
    return bool(scope_of(user).regions.get(Role.RESOURCE_GROUP))


# --- Evaluation results: statistics, charts, exports and the PDF report (samla.evaluation.views_results) ---

def can_read_survey_results(user) -> bool:
    """Aggregate results of the reflection forms: the evaluator (in full) and the directorate (suppressed
    below the minimum group size, no free text, no raw answers)."""
    scope = scope_of(user)
    return Role.EVALUATOR in scope.national or Role.DIRECTORATE in scope.national


def can_read_survey_details(user) -> bool:
    """Raw answers per municipality, free text and unsuppressed small groups: the evaluator only."""
    return Role.EVALUATOR in scope_of(user).national


def can_open_own_survey_results(user) -> bool:
    """The page "Our results": users of a municipality (each sees only its own)."""
    return bool(scope_of(user).municipalities)


def can_read_own_survey_results(user, municipality: Municipality) -> bool:
    """A municipality's own answers over time beside the (suppressed) group figures: its own users only."""
    return municipality.pk in scope_of(user).municipalities


# --- Users and roles (samla.accounts.views_users) -------------------------------------------------------------

def can_manage_users(user) -> bool:
    """Creating accounts, granting and revoking roles, deactivating and reactivating accounts: active system
    administrators (superusers count as system administrators). Nobody else, not even the directorate."""
    return bool(getattr(user, "is_active", False)) and Role.SYSTEM_ADMIN in scope_of(user).national


# --- Follow-up (samla.followup). A project has ``municipality_id`` and ``municipality.region_id``. ----------------
# The municipality runs its project; its county governor follows and reviews it; the region's competence centre
# reads and comments (its support role); the directorate reads every project and the evaluator reads them all.

def _project_region(project) -> int | None:
    return project.municipality.region_id


def can_open_followup(user) -> bool:
    """The follow-up section: those who run, review, support or read projects."""
    scope = scope_of(user)
    return bool(scope.municipalities or scope.regions.get(Role.COUNTY_GOVERNOR)
                or scope.regions.get(Role.COMPETENCE_CENTRE)
                or Role.DIRECTORATE in scope.national or Role.EVALUATOR in scope.national)


def can_read_project(user, project) -> bool:
    scope = scope_of(user)
    region_id = _project_region(project)
    return (project.municipality_id in scope.municipalities
            or Role.DIRECTORATE in scope.national or Role.EVALUATOR in scope.national
            or _holds_in_region(user, Role.COUNTY_GOVERNOR, region_id)
            or _holds_in_region(user, Role.COMPETENCE_CENTRE, region_id))


def can_edit_project(user, project) -> bool:
    """Only the municipality's own users write its organisation, baseline, measures, steps and reports."""
    return project.municipality_id in scope_of(user).municipalities


def can_comment_project(user, project) -> bool:
    """The region's competence centre (supporting the analysis and the measures) and its county governor."""
    region_id = _project_region(project)
    return (_holds_in_region(user, Role.COMPETENCE_CENTRE, region_id)
            or _holds_in_region(user, Role.COUNTY_GOVERNOR, region_id))


def can_review_report(user, project) -> bool:
    """The county governor administers the programme money of its region: it approves or sends back a yearly
    report, reopens one, decides a claw-back and sends reminders."""
    return _holds_in_region(user, Role.COUNTY_GOVERNOR, _project_region(project))


def can_read_followup_overview(user) -> bool:
    """The overviews across municipalities: directorate and evaluator (all), county governors and competence
    centres (their region). A municipality sees its own figures beside the anonymised group instead."""
    scope = scope_of(user)
    return bool(Role.DIRECTORATE in scope.national or Role.EVALUATOR in scope.national
                or scope.regions.get(Role.COUNTY_GOVERNOR) or scope.regions.get(Role.COMPETENCE_CENTRE))


def followup_regions(user) -> frozenset[int] | None:
    """The regions whose projects the user reads in the overviews: None for all (directorate, evaluator)."""
    scope = scope_of(user)
    if Role.DIRECTORATE in scope.national or Role.EVALUATOR in scope.national:
        return None
    return scope.regions.get(Role.COUNTY_GOVERNOR, frozenset()) | scope.regions.get(Role.COMPETENCE_CENTRE,
                                                                                      frozenset())


def can_record_network_meeting(user, region_id: int) -> bool:
    """The county governor holds the region's network meetings."""
    return _holds_in_region(user, Role.COUNTY_GOVERNOR, region_id)


def can_read_network_meeting(user, meeting) -> bool:
    """Those of the meeting's scope: its region's roles, its municipalities, the directorate and the evaluator."""
    scope = scope_of(user)
    if Role.DIRECTORATE in scope.national or Role.EVALUATOR in scope.national:
        return True
    if any(meeting.region_id in ids for role, ids in scope.regions.items()
           if role in (Role.COUNTY_GOVERNOR, Role.COMPETENCE_CENTRE)):
        return True
    return bool(scope.municipalities & {m.pk for m in meeting.municipalities.all()})
