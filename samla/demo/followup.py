"""The pilot's follow-up for the demo: the 12 municipalities' projects, organisation, measures, cooperation steps
and yearly reports 2020–2022, written through the services (so every row is audited and checked).

What comes from the final evaluation report (the appendix "Kommunene som deltar i piloten", and section 5 on the
project leaders' network): each municipality's bodies and sectors, and the measures it names (project-leader
posts, BTI with the «stafettlogg», competence teams, the family coordinator, «Ung Arena», Circle of Security, the
one-door service office, inclusion in leisure). The report gives no per-municipality age bands, budgets, dates,
spending or steps: those are ILLUSTRATIVE (measures and reports are marked so, and the pages say it). The pots
of the reports are the decided amounts of the pilot's locked allocation run (Table 2).

Needs the pilot's locked run (``samla demo load`` makes it first) and the municipalities' demo users; idempotent.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db import transaction

from samla.accounts.models import Role, RoleAssignment
from samla.allocation.models import Participant, Programme
from samla.allocation.selectors import locked_allocation
from samla.followup import services
from samla.followup.models import Project, YearlyReport
from samla.followup.services import MeasureInput, PriorityInput

SLUG = "pilot-2020"
START, END = datetime.date(2020, 1, 1), datetime.date(2022, 12, 31)

# number → (members: (body, sector, function)), measures: (title, description, age bands, level, responsible,
# involved, novelty, innovation)), steps done: (step, date, sectors)
Member = tuple[str, str, str]
Measure = tuple[str, str, list[str], str, list[str], list[str], str, str]
PILOT: dict[str, tuple[list[Member], list[Measure], list[tuple[str, datetime.date, list[str]]]]] = {
    "3427": (  # Tynset
        [("steering_group", "health", "Helse- og omsorgssjef (leder)"), ("steering_group", "school", "Utdanningssjef"),
         ("steering_group", "nav", "Leder NAV Nord-Østerdal"), ("project_leader", "health",
                                                                 "Systemkoordinator for individuell plan"),
         *[("working_group", s, f) for s, f in (("school", "PPT"), ("child_welfare", "Barnevernstjenesten"),
                                                ("health", "Helsestasjon"), ("nav", "NAV"), ("school", "Skole"),
                                                ("kindergarten", "Barnehage"), ("culture", "Kultur"))]],
        [("Prosjektlederstilling (50 %)", "Prosjektleder for piloten, finansiert av programmidlene.",
          ["0-5", "6-12", "13-18", "19-24"], "universal", ["health"], ["school", "nav"], "new", "local"),
         ("Koordinatorrollen løftet", "Kunnskap om og tydeligere koordinatorrolle for ansatte.",
          ["6-12", "13-18", "19-24", "families"], "indicated", ["health"], ["school", "child_welfare"], "continued",
          "none")],
        [("needs", datetime.date(2019, 11, 12), ["health", "school", "nav", "child_welfare"]),
         ("challenges", datetime.date(2020, 2, 4), ["health", "school", "nav"])]),
    "3448": (  # Nordre Land
        [("steering_group", "health", "Kommunalsjef helse"), ("steering_group", "school", "Kommunalsjef oppvekst"),
         ("project_leader", "school", "Prosjektleder"), ("working_group", "health", "Prosjektkoordinator")],
        [("BTI med stafettlogg", "Bedre tverrfaglig innsats, med digital handlingsveileder og stafettlogg.",
          ["0-5", "6-12", "13-18", "19-24"], "selective", ["health", "school"], ["child_welfare", "kindergarten"],
          "new", "local"),
         ("Kompetanseteam", "Tverrfaglig team som bistår tjenestene, også kommunens BTI-team.",
          ["0-5", "6-12", "13-18", "families"], "selective", ["health"], ["school", "child_welfare"], "new", "local"),
         ("Organisasjonsmodell for tverrfaglig samarbeid", "Modell på kommune-, tjeneste- og individnivå.",
          ["0-5", "6-12", "13-18", "19-24"], "universal", ["school"], ["health", "nav"], "continued", "none")],
        [("needs", datetime.date(2019, 10, 8), ["health", "school", "child_welfare", "kindergarten"]),
         ("challenges", datetime.date(2019, 12, 3), ["health", "school", "child_welfare"]),
         ("priorities", datetime.date(2020, 1, 21), ["health", "school"]),
         ("anchoring", datetime.date(2020, 3, 10), ["health", "school", "politicians"])]),
    "3443": (  # Vestre Toten
        [*[("steering_group", s, f) for s, f in (("health", "Helsesjef"), ("culture", "Kultursjef"),
                                                 ("kindergarten", "Barnehagesjef"), ("school", "Skolesjef"),
                                                 ("nav", "Nav-leder"))],
         ("project_leader", "other", "Leder for tverrsektorielt samarbeid"),
         *[("working_group", s, f) for s, f in (("health", "Helsestasjonstjenesten"), ("child_welfare", "Barnevern"),
                                                ("culture", "Kultur"), ("nav", "Nav"), ("kindergarten", "Barnehage"),
                                                ("school", "Skole"), ("volunteers", "Frisklivssentralen"))]],
        [("BTI-modellen", "Innføring av BTI, med tverrfaglig samtykkeskjema og veileder.",
          ["0-5", "6-12", "13-18", "19-24"], "selective", ["health"], ["school", "kindergarten", "child_welfare"],
          "new", "local"),
         ("Leder for tverrsektorielt samarbeid", "En leder som bindeledd mellom sektorene.",
          ["0-5", "6-12", "13-18", "19-24", "families"], "universal", ["other"], ["health", "school", "culture"],
          "new", "national")],
        [("needs", datetime.date(2019, 11, 5), ["health", "school", "culture", "volunteers", "users"]),
         ("challenges", datetime.date(2020, 1, 14), ["health", "school", "culture", "nav"]),
         ("users", datetime.date(2020, 9, 2), ["users", "volunteers", "politicians", "culture"]),
         ("arenas", datetime.date(2021, 2, 9), ["health", "school", "culture", "nav", "kindergarten"]),
         ("anchoring", datetime.date(2021, 3, 2), ["health", "school", "culture", "nav", "kindergarten",
                                                   "politicians"])]),
    "3420": (  # Elverum
        [("steering_group", "other", "Kommunedirektør"), ("steering_group", "school", "Leder utdanningssektoren"),
         ("steering_group", "health", "Helsesjef"), ("steering_group", "other", "Hovedtillitsvalgte"),
         ("project_leader", "health", "Kommunepsykolog"),
         *[("working_group", s, f) for s, f in (("child_welfare", "Barnevern"), ("health", "Forebyggende enhet"),
                                                ("health", "BUP"), ("school", "PPT"))]],
        [("BTI med opplæring", "Innføring av BTI-modellen og opplæring i verktøyet, med veiledning fra KORUS Øst.",
          ["0-5", "6-12", "13-18"], "selective", ["health", "school"], ["child_welfare"], "new", "local"),
         ("Lavterskel psykisk helse for barn og unge", "Styrket tilbud til barn og unge i fare for psykiske plager.",
          ["13-18", "19-24"], "indicated", ["health"], ["school"], "continued", "none")],
        [("needs", datetime.date(2019, 10, 22), ["health", "school", "child_welfare"])]),
    "3812": (  # Siljan
        [("steering_group", "health", "Leder forebyggende helse"), ("steering_group", "nav", "Nav-leder"),
         ("steering_group", "school", "Kommunalsjef oppvekst"), ("project_leader", "health", "Koordinator nærvær"),
         *[("working_group", s, f) for s, f in (("nav", "Nav"), ("health", "Helse"), ("school", "Skole"),
                                                ("kindergarten", "Barnehage"), ("child_welfare", "Barnevern"))]],
        [("Circle of Security (COS-P)", "Felles opplæring av 35 ansatte i helse og oppvekst i foreldreveiledning.",
          ["0-5", "families"], "selective", ["health"], ["kindergarten", "school"], "new", "local"),
         ("Nærværsteam", "Nærværskoordinator og team for nærvær og psykisk helse.", ["6-12", "13-18"], "indicated",
          ["school"], ["health"], "new", "local")],
        [("needs", datetime.date(2019, 11, 19), ["health", "school", "nav"]),
         ("priorities", datetime.date(2020, 2, 11), ["health", "school", "nav"])]),
    "3805": (  # Larvik
        [("steering_group", "health", "Kommunalsjef helse og mestring"),
         ("steering_group", "technical", "Kommunalsjef verdiskaping og stedsutvikling"),
         ("steering_group", "school", "Kommunalsjef oppvekst og kvalifisering"),
         ("project_leader", "health", "Kommunepsykolog"), ("working_group", "users", "Unge erfaringskonsulenter")],
        [("Ung Arena", "Lavterskeltilbud for unge: samtaler, praktisk hjelp og møteplass, med erfaringskonsulenter.",
          ["13-18", "19-24"], "selective", ["health"], ["nav", "culture", "users"], "new", "national"),
         ("Barnehagesatsing", "Fortsatt barnehagesatsing (1,5 millioner kroner av midlene).", ["0-5"], "universal",
          ["kindergarten"], [], "continued", "none")],
        [("needs", datetime.date(2019, 12, 10), ["health", "users", "nav"]),
         ("users", datetime.date(2020, 4, 21), ["users", "health"])]),
    "3801": (  # Horten
        [("steering_group", "health", "Kommunalsjef helse og velferd"), ("steering_group", "school",
                                                                         "Kommunalsjef oppvekst"),
         ("steering_group", "nav", "Kommunalsjef Nav"), ("steering_group", "culture",
                                                         "Kommunalsjef kultur og samfunnsutvikling"),
         ("working_group", "county", "Fylkeskommunen")],
        [("Nullpunktsanalyse med KORUS", "Kartlegging av kompetanse, samarbeid og tjenestebehov.",
          ["0-5", "6-12", "13-18", "19-24"], "universal", ["health"], ["school", "nav", "county"], "new", "local"),
         ("Kompetanseheving på tvers", "Målrettet kompetanseheving av ansatte på tvers av kommunalområdene.",
          ["0-5", "6-12", "13-18"], "universal", ["school"], ["health"], "new", "local")],
        [("needs", datetime.date(2020, 3, 3), ["health", "school", "nav", "culture", "county"]),
         ("challenges", datetime.date(2020, 10, 13), ["health", "school", "nav", "culture"])]),
    "3813": (  # Bamble
        [("steering_group", "culture", "Kommunalsjef kultur og oppvekst"),
         ("steering_group", "school", "Kommunalsjef skole og barnehage"),
         *[("steering_group", s, f) for s, f in (("child_welfare", "Barnevern"), ("school", "PPT"),
                                                 ("health", "Helsestasjon"), ("nav", "Nav"))]],
        [("Nytt organisasjonskart for tverrfaglig arbeid", "Et nytt organisasjonskart etter nullpunktsanalysen.",
          ["0-5", "6-12", "13-18", "19-24"], "universal", ["culture"], ["school", "health"], "new", "local"),
         ("Kompetanse og kultur for samhandling", "Bygge kompetanse og en kultur for samtidige tjenester.",
          ["6-12", "13-18"], "universal", ["school"], ["health", "child_welfare"], "new", "local")],
        [("needs", datetime.date(2020, 2, 18), ["culture", "school", "child_welfare", "health", "nav"]),
         ("challenges", datetime.date(2020, 6, 9), ["culture", "school", "health"]),
         ("priorities", datetime.date(2020, 11, 17), ["culture", "school", "health"])]),
    "5014": (  # Frøya
        [("steering_group", "politicians", "Politisk representant"), ("steering_group", "politicians",
                                                                      "Politisk representant"),
         ("steering_group", "other", "Kommunalsjef"), ("steering_group", "users", "Ungdomsrådet"),
         ("steering_group", "users", "Foreldrerepresentant"), ("steering_group", "culture", "Kulturskolen"),
         ("project_leader", "health", "Prosjektleder ØYA (20 %)")],
        [("Tjenestekontor med én dør inn", "Ett kontor som fatter vedtak og koordinerer lavterskeltjenester.",
          ["0-5", "6-12", "13-18", "19-24", "families"], "selective", ["health"], ["school", "nav", "child_welfare"],
          "new", "national"),
         ("Prosjektmedarbeider #ØYA 0–24", "En prosjektmedarbeider (100 %) lønnet av programmidlene.",
          ["0-5", "6-12", "13-18", "19-24"], "universal", ["health"], ["culture"], "new", "local")],
        [("needs", datetime.date(2019, 11, 26), ["health", "school", "users", "politicians", "culture"]),
         ("users", datetime.date(2020, 5, 19), ["users", "politicians", "culture"]),
         ("anchoring", datetime.date(2020, 6, 16), ["politicians", "other"])]),
    "5060": (  # Nærøysund
        [("steering_group", "other", "Kommunedirektør"), ("steering_group", "school",
                                                          "Kommunalsjef oppvekst og familie"),
         ("steering_group", "health", "Kommunalsjef helse og velferd"), ("steering_group", "health",
                                                                         "Folkehelsekoordinator")],
        [("Inkludering i fritid", "Et åpent, primærforebyggende tiltak.", ["6-12", "13-18"], "universal",
          ["culture"], ["school", "volunteers"], "new", "local"),
         ("BTI – familieteam", "Et sekundærforebyggende og avgrenset tiltak.", ["0-5", "6-12", "families"],
          "selective", ["health"], ["child_welfare", "school"], "new", "local"),
         ("Familiekoordinator", "Et tertiærforebyggende, strukturert tiltak (100 % stilling).", ["families"],
          "indicated", ["health"], ["child_welfare", "nav"], "new", "local")],
        [("needs", datetime.date(2019, 10, 29), ["health", "school", "culture"]),
         ("challenges", datetime.date(2019, 12, 17), ["health", "school", "culture"]),
         ("priorities", datetime.date(2020, 1, 28), ["health", "school", "culture", "other"])]),
    "5007": (  # Namsos: the report gives no project description in its appendix
        [("steering_group", "health", "Kommunalsjef helse"), ("steering_group", "school", "Kommunalsjef oppvekst"),
         ("project_leader", "school", "Prosjektleder")],
        [("Prosjektlederstilling", "Prosjektleder for 0–24-samarbeidet.", ["6-12", "13-18"], "universal",
          ["school"], ["health"], "new", "local")],
        [("needs", datetime.date(2020, 1, 14), ["health", "school"])]),
    "5001": (  # Trondheim
        [("steering_group", "school", "Kommunaldirektør oppvekst"), ("steering_group", "health",
                                                                     "Kommunaldirektør helse"),
         ("working_group", "users", "Barn, unge og foresatte"), ("working_group", "kindergarten", "Barnehage"),
         ("working_group", "culture", "Fritid")],
        [("Barn og unge forteller hva de trenger", "Barn, unge og foresatte inviteres til å si hva de trenger for å "
                                                   "høre til i barnehage, skole og fritid.",
          ["0-5", "6-12", "13-18", "families"], "universal", ["school"], ["users", "culture", "kindergarten"], "new",
          "national")],
        [("users", datetime.date(2020, 8, 25), ["users", "school", "culture"])]),
}


def _user_of(municipality_id: int):
    assignment = RoleAssignment.objects.filter(role=Role.MUNICIPALITY, municipality_id=municipality_id) \
        .select_related("user").order_by("user__username").first()
    return None if assignment is None else assignment.user


def _governor_of(region_id: int):
    assignment = RoleAssignment.objects.filter(role=Role.COUNTY_GOVERNOR, region_id=region_id) \
        .select_related("user").order_by("user__username").first()
    return None if assignment is None else assignment.user


def followup_load_demo() -> Iterator[str]:
    """Load the pilot's follow-up; yields a line per municipality. Does nothing for projects already loaded."""
    programme = Programme.objects.filter(slug=SLUG).first()
    allocation = None if programme is None else locked_allocation(programme)
    if programme is None or allocation is None:
        yield "Follow-up demo skipped: the pilot has no locked allocation run."
        return
    participants = Participant.objects.filter(programme=programme).select_related("municipality__region")
    for participant in participants:
        municipality = participant.municipality
        plan = PILOT.get(municipality.number)
        actor = _user_of(municipality.pk)
        if plan is None or actor is None or Project.objects.filter(programme=programme,
                                                                   municipality=municipality).exists():
            continue
        with transaction.atomic():
            _load_one(programme, municipality, actor, plan, allocation)
        yield f"Follow-up of {municipality.name} loaded (illustrative where the report gives no detail)."
    yield from _network_meetings(programme, participants)


# The county governor in Innlandet set up a network of the four project leaders meeting every third week
# (report, section 5); the dates and themes below are illustrative.
MEETINGS = {"Innlandet": [(datetime.date(2020, 9, 15), "Prosjektledernettverket: nullpunktsanalyse og BTI"),
                          (datetime.date(2020, 10, 6), "Prosjektledernettverket: brukermedvirkning")]}


def _network_meetings(programme, participants) -> Iterator[str]:
    from samla.followup.models import NetworkMeeting

    by_region: dict[str, list] = {}
    for p in participants:
        if p.municipality.region is not None:
            by_region.setdefault(p.municipality.region.name, []).append(p.municipality)
    for region_name, meetings in MEETINGS.items():
        municipalities = by_region.get(region_name, [])
        if not municipalities:
            continue
        region = municipalities[0].region
        governor = _governor_of(region.pk)
        if governor is None or NetworkMeeting.objects.filter(programme=programme, region=region).exists():
            continue
        for held_on, theme in meetings:
            services.network_meeting_record(actor=governor, programme=programme, region=region, held_on=held_on,
                                            theme=theme, municipalities=municipalities,
                                            sectors=["health", "school", "other"],
                                            notes="Illustrerende: datoer og temaer er ikke fra rapporten.")
        yield f"Network meetings of {region_name} loaded (illustrative)."


def _load_one(programme, municipality, actor, plan, allocation) -> None:
    members, measures, steps = plan
    project = services.project_start(actor=actor, programme=programme, municipality=municipality)
    for body, sector, function in members:
        services.member_add(actor=actor, project=project, body=body, sector=sector, function=function)
    created = []
    for title, description, ages, level, responsible, involved, novelty, innovation in measures:
        created.append(services.measure_create(actor=actor, project=project, illustrative=True, data=MeasureInput(
            title=title, description=description, age_bands=ages, prevention_level=level,
            sectors_responsible=responsible, sectors_involved=involved, novelty=novelty, innovation=innovation,
            planned_start=START, planned_end=END, status="running")))
    for step, held_on, sectors in steps:
        priorities = [PriorityInput(m.title, 0, i + 1, True) for i, m in enumerate(created)] \
            if step == "priorities" else []
        services.step_record(actor=actor, project=project, step=step, held_on=held_on, sectors=sectors,
                             summary="Illustrerende: sluttrapporten beskriver ikke dette steget per kommune.",
                             decided_by="Styringsgruppen" if step in ("priorities", "anchoring") else "",
                             priorities=priorities,
                             now=datetime.datetime.combine(held_on, datetime.time(12), tzinfo=datetime.UTC))
    _reports(project, actor, created, allocation)


def _reports(project, actor, measures, allocation) -> None:
    """Illustrative yearly reports whose pots are the locked run's: 90 % spent in 2020 (the rest carried over),
    95 % of what is available in 2021, all but 1 % in 2022 (repaid); 2020 and 2021 approved, 2022 submitted."""
    governor = _governor_of(project.municipality.region_id)
    carry_in = 0
    for year, share, carry_share in ((2020, 90, 10), (2021, 95, 5), (2022, 99, 0)):
        pot = allocation.amount_for(project.municipality_id, year)
        if pot is None:
            return
        available = pot + carry_in
        spent = available * share // 100 // 1000 * 1000
        carry_out = available * carry_share // 100 // 1000 * 1000 if year < 2022 else 0
        per_measure = {m.pk: spent // len(measures) for m in measures}
        first = measures[0].pk
        per_measure[first] += spent - sum(per_measure.values())
        report = services.report_open(actor=actor, project=project, year=year)
        report = services.report_save(actor=actor, report=report, expected_version=report.version,
                                      spending=per_measure, carry_out=carry_out,
                                      reflections="Illustrerende årsrapport: sluttrapporten gir ikke regnskap "
                                                  "per kommune.")
        submitted = datetime.datetime(year + 1, 2, 20, 12, tzinfo=datetime.UTC)
        report = services.report_submit(actor=actor, report=report, expected_version=report.version,
                                        now=submitted)
        if year < 2022 and governor is not None:
            services.report_approve(actor=governor, report=report, now=submitted + datetime.timedelta(days=14))
        YearlyReport.objects.filter(pk=report.pk).update(illustrative=True)
        carry_in = carry_out
