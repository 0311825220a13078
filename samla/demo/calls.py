"""Demo data for the workflow: the pilot's 2019 round as it happened, and an open round to walk through.

``demo_load_workflow()`` is idempotent (each part is created once, in one transaction, and skipped when it
exists) and runs every step through the services, so the audit log tells the story too. It needs the pilot
loaded by ``samla demo load`` (the programme ``settings.SAMLA_DEMO_PROGRAMME``) and does nothing without it.

What is real and what is illustrative: the two calls' case numbers (Sak 2019/6452 from Fylkesmannen i
Vestfold og Telemark, Sak 2019/10445 from Fylkesmannen i Innlandet), the deadline of the preliminary
application (31 May 2019), the criteria and the twelve selected municipalities come from the 2019 calls and
the final report. Trøndelag's case number is not in the sources and is marked unknown. The application
texts, the political decisions' dates and references, the resource groups' scores and the populations
(rounded, 1 January 2020) are plausible illustrations, not records. The round is recorded with the
municipality numbers and counties the programme ran with (2020), which the 2019 offices already covered.
The people who acted in 2019 other than the demo users are stand-in accounts that cannot log in.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from samla.accounts.models import Role
from samla.accounts.services import demo_history_account_ensure, demo_users_ensure
from samla.allocation.models import Programme, ProgrammeScheme
from samla.allocation.services import GrowthChange, ProgrammeRules, SchemeRuleChange, programme_rules_update
from samla.calls import services
from samla.calls.models import Application, ProgrammeRound
from samla.registry.models import Indicator, IndicatorValue, Municipality, Region

OSLO = ZoneInfo("Europe/Oslo")
DAY = datetime.date(2020, 1, 1)  # the numbers and counties the pilot ran with
POPULATION_YEAR = 2020
OPEN_SLUG = "demo-2027"

# number: (name, region, population 1 January 2020 rounded to hundreds — illustrative)
PILOT = {
    "3420": ("Elverum", "Innlandet", 21_300), "3427": ("Tynset", "Innlandet", 5_600),
    "3443": ("Vestre Toten", "Innlandet", 13_400), "3448": ("Nordre Land", "Innlandet", 6_600),
    "5001": ("Trondheim", "Trøndelag", 205_200), "5007": ("Namsos", "Trøndelag", 15_000),
    "5014": ("Frøya", "Trøndelag", 5_100), "5060": ("Nærøysund", "Trøndelag", 9_800),
    "3801": ("Horten", "Vestfold og Telemark", 27_300), "3805": ("Larvik", "Vestfold og Telemark", 47_100),
    "3812": ("Siljan", "Vestfold og Telemark", 2_300), "3813": ("Bamble", "Vestfold og Telemark", 14_100),
}
CALLS = {  # region: (case number, slug for stand-in users, office)
    "Innlandet": ("Sak 2019/10445", "innlandet", "Fylkesmannen i Innlandet"),
    "Trøndelag": ("Saksnr. ukjent (Trøndelag 2019)", "trondelag", "Fylkesmannen i Trøndelag"),
    "Vestfold og Telemark": ("Sak 2019/6452", "vestfold-telemark", "Fylkesmannen i Vestfold og Telemark"),
}
CRITERIA = [
    "Kommunen er motivert og har kapasitet til å gjennomføre kartleggings- og utviklingsarbeidet som piloten "
    "legger opp til",
    "Tiltakene og tjenestene fremmer tverretatlig samarbeid for utsatte barn og unge 0–24 år og familiene deres",
    "Arbeidet er forankret i kommunens ledelse og skal behandles politisk",
]
CALL_TEXT = (
    "{office} inviterer kommunene i regionen til å søke om å delta i Pilot for programfinansiering. Potten "
    "består av midler fra fem tilskuddsordninger rettet mot utsatte barn og unge 0–24 år og familiene deres. "
    "Foreløpig søknad sendes innen 31. mai 2019; endelig søknad sendes når den er politisk behandlet høsten "
    "2019. Ressursgruppen vurderer søknadene, og inntil fire kommuner velges ut.")
ROUND_CRITERIA = ("Motiverte kommuner med kapasitet til kartleggings- og utviklingsarbeid, politisk forankring, "
                  "noe variasjon i kommunestørrelse og utfordringsbilde. Inntil fire kommuner per region.")

MEASURES = {
    "3420": "BTI-modellen med stafettlogg i alle oppvekstsektorens tjenester og en familiekoordinator.",
    "3427": "Et tverrfaglig kompetanseteam for barnehage og skole og en prosjektlederstilling.",
    "3443": "Én dør inn for familier som trenger flere tjenester, og veiledningskurs for foreldre (Circle of "
            "Security).",
    "3448": "Lavterskeltilbud for ungdom etter modell av Ung Arena og bedre overganger mellom skole og NAV.",
    "5001": "Samordnet oppfølging av unge utenfor skole og arbeid i tre bydeler, med los-funksjon.",
    "5007": "BTI med felles handlingsveileder for den sammenslåtte kommunen og et familieteam.",
    "5014": "Inkludering i fritidsaktiviteter og et tverrfaglig team for barn i minoritetsspråklige familier.",
    "5060": "Felles tjenestemodell for oppvekst i den nye kommunen og systematisk brukermedvirkning.",
    "3801": "Et koordinerende familieteam og tidlig innsats i barnehagene for minoritetsspråklige barn.",
    "3805": "Ungdomslos for unge som står i fare for å falle ut av videregående opplæring.",
    "3812": "En prosjektleder som samordner helsestasjon, skole og barnevern, og foreldreveiledning.",
    "3813": "Tverrfaglige team rundt skolene og et lavterskeltilbud for ungdom med psykiske plager.",
}
# number: (scores of the first member, scores of the second member, decided on, case reference)
ASSESSED = {
    "3420": ((5, 4, 5), (4, 4, 4), datetime.date(2019, 9, 19), "PS 64/19"),
    "3427": ((4, 4, 4), (4, 5, 3), datetime.date(2019, 10, 17), "PS 82/19"),
    "3443": ((4, 5, 4), (4, 4, 4), datetime.date(2019, 9, 26), "PS 71/19"),
    "3448": ((3, 4, 4), (4, 4, 3), datetime.date(2019, 10, 24), "PS 90/19"),
    "5001": ((5, 4, 4), (4, 4, 5), datetime.date(2019, 9, 25), "PS 128/19"),
    "5007": ((4, 4, 4), (4, 3, 4), datetime.date(2019, 10, 31), "PS 105/19"),
    "5014": ((4, 5, 3), (4, 4, 4), datetime.date(2019, 9, 26), "PS 77/19"),
    "5060": ((4, 3, 4), (3, 4, 4), datetime.date(2019, 11, 7), "PS 12/19"),
    "3801": ((4, 4, 5), (5, 4, 4), datetime.date(2019, 10, 21), "PS 95/19"),
    "3805": ((4, 4, 4), (4, 5, 4), datetime.date(2019, 10, 9), "PS 118/19"),
    "3812": ((4, 3, 4), (4, 4, 4), datetime.date(2019, 9, 30), "PS 54/19"),
    "3813": ((5, 4, 4), (4, 4, 4), datetime.date(2019, 10, 24), "PS 88/19"),
}


def _at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=OSLO)


def _texts(number: str, name: str) -> dict[str, str]:
    return {
        "development_work": f"{name} kommune vil samle tjenestene for utsatte barn og unge 0–24 år i ett felles "
                            "utviklingsarbeid, med en felles kartlegging av behovene og felles prioriteringer.",
        "measures": MEASURES[number],
        "challenge_picture": "Tjenestene arbeider i stor grad hver for seg, og familier møter mange ulike "
                             "kontaktpunkter. Vi mangler felles rutiner for hvem som deltar og hvordan beslutninger "
                             "tas på tvers av sektorene.",
        "self_assessment": "Vi har startet samarbeidet mellom oppvekst og helse, men kultur, NAV og frivilligheten "
                           "er lite med. Ledelsen står bak arbeidet.",
    }


def _contact(name: str) -> services.Contact:
    slug = name.lower().replace(" ", "-").replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return services.Contact(name=f"Prosjektleder i {name} kommune", role="Prosjektleder",
                            email=f"postmottak@{slug}.kommune.example")


def _stand_in(username: str, role: Role, *, region: Region | None = None,
              municipality: Municipality | None = None):
    """An account that acted in the recorded history; it has no usable password."""
    return demo_history_account_ensure(username, role, region=region, municipality=municipality)


def _municipality(number: str) -> Municipality:
    return Municipality.objects.valid_on(DAY).select_related("region").get(number=number)


def _region(name: str) -> Region:
    return Region.objects.valid_on(DAY).get(name=name)


def _municipality_user(number: str):
    if number == "3420":
        return get_user_model().objects.get(username="elverum")
    return _stand_in(f"demo-kommune-{number}", Role.MUNICIPALITY, municipality=_municipality(number))


def _population() -> None:
    indicator, _ = Indicator.objects.get_or_create(
        code="population", defaults={"name": "Folkemengde 1. januar", "unit": "persons",
                                     "source": "SSB tabell 07459, avrundet til nærmeste hundre (demo)"})
    for number, (_name, _region_name, people) in PILOT.items():
        IndicatorValue.objects.get_or_create(indicator=indicator, municipality=_municipality(number),
                                             year=POPULATION_YEAR, defaults={"value": people})


def _apply(call, number: str, submitted_at: datetime.datetime, *, submit: bool = True) -> Application:
    actor = _municipality_user(number)
    municipality = _municipality(number)
    application = services.application_create(actor=actor, call=call, municipality=municipality, now=submitted_at)
    application = services.application_save(actor=actor, application=application,
                                            expected_version=application.version, now=submitted_at,
                                            contacts=[_contact(municipality.name)],
                                            **_texts(number, municipality.name))
    if submit:
        application = services.application_submit(actor=actor, application=application,
                                                  expected_version=application.version, now=submitted_at)
    return application


def _assess(member, application: Application, scores: tuple[int, ...], when: datetime.datetime,
            comment: str) -> None:
    criteria = list(application.call.criteria_items.all())
    services.assessment_submit(actor=member, application=application, recommendation="yes", comment=comment,
                               scores={c.pk: services.Score(s) for c, s in zip(criteria, scores, strict=True)},
                               now=when)


@transaction.atomic
def _pilot_round(programme: Programme, directorate) -> ProgrammeRound:
    regions = [_region(name) for name in CALLS]
    programme_round = services.programme_round_create(actor=directorate, programme=programme, regions=regions,
                                                      criteria=ROUND_CRITERIA, population_year=POPULATION_YEAR)
    programme_round = services.programme_round_open(actor=directorate, programme_round=programme_round)
    selected = []
    for region in regions:
        case_number, slug, office = CALLS[region.name]
        if region.name == "Innlandet":
            governor = get_user_model().objects.get(username="statsforvalter-innlandet")
            members = [get_user_model().objects.get(username="ressursgruppe-innlandet")]
        else:
            governor = _stand_in(f"demo-statsforvalter-{slug}", Role.COUNTY_GOVERNOR, region=region)
            members = [_stand_in(f"demo-ressursgruppe-{slug}", Role.RESOURCE_GROUP, region=region)]
        members.append(_stand_in(f"demo-ressursgruppe-{slug}-ks", Role.RESOURCE_GROUP, region=region))
        call = services.call_publish(actor=governor, programme_round=programme_round, region=region,
                                     case_number=case_number, text=CALL_TEXT.format(office=office),
                                     criteria=CRITERIA, preliminary_deadline=_at(2019, 5, 31, 23, 59),
                                     final_deadline=_at(2019, 11, 15, 23, 59), now=_at(2019, 3, 15))
        numbers = [n for n, (_name, r, _p) in PILOT.items() if r == region.name]
        applications = []
        for offset, number in enumerate(numbers):
            application = _apply(call, number, _at(2019, 5, 24 + offset))
            first, second, decided_on, reference = ASSESSED[number]
            _assess(members[0], application, first, _at(2019, 6, 11), "Motivert kommune med tydelig utfordringsbilde.")
            _assess(members[1], application, second, _at(2019, 6, 12), "Godt forankret i ledelsen.")
            services.political_decision_record(actor=_municipality_user(number), application=application,
                                               body="Kommunestyret", decided_on=decided_on,
                                               case_reference=reference, now=_at(2019, 11, 1))
            applications.append((sum(first) + sum(second), application))
        ranking = [a for _total, a in sorted(applications, key=lambda t: (-t[0], t[1].municipality.number))]
        services.recommendation_forward(actor=governor, call=call, ranking=ranking, now=_at(2019, 6, 20),
                                        comment="Alle fire søkerne er motiverte og har kapasitet; de gir variasjon "
                                                "i størrelse og utfordringsbilde.")
        selected += ranking
    programme_round = services.programme_round_close(actor=directorate, programme_round=programme_round)
    services.selection_decide(actor=directorate, programme_round=programme_round, selected=selected,
                              note="De tolv kommunene deltar i piloten fra 1. januar 2020.", now=_at(2019, 12, 10))
    return programme_round


@transaction.atomic
def _open_round(pilot: Programme, directorate) -> ProgrammeRound:
    # Illustrative allocation rules, so that the directorate can run and lock an allocation once it has
    # decided: the pots are the 2019 awards of the pooled schemes (the last year with real figures here),
    # the pilot's floor, and made-up growth factors for the later years.
    pilot_rules = list(ProgrammeScheme.objects.filter(programme=pilot).order_by("position").select_related("scheme"))
    innlandet = _region("Innlandet")
    programme_round = services.programme_with_round_create(
        actor=directorate, name="Programfinansiering 2027–2029 (demo)", first_year=2027, last_year=2029,
        schemes=[rule.scheme for rule in pilot_rules], regions=[innlandet], criteria=ROUND_CRITERIA,
        population_year=POPULATION_YEAR, base_year=pilot_rules[0].base_year, slug=OPEN_SLUG,
        description="En åpen demorunde i Innlandet for å prøve hele søknadsløpet. Potten bygger på tilskuddene i "
                    "2019; vekstfaktorene er illustrative.")
    programme = programme_round.programme
    programme_rules_update(actor=directorate, programme=programme, rules=ProgrammeRules(
        rounding_unit=1000, residual_policy=programme.residual_policy, floor=1_790_000, budget=None,
        surplus_method=programme.surplus_method, surplus_indicator="", surplus_indicator_year=None,
        schemes=tuple(SchemeRuleChange(scheme_id=rule.scheme_id, method=rule.method, base_year=rule.base_year)
                      for rule in pilot_rules),
        growth=tuple(GrowthChange(year=year, rate=rate, source="Illustrativ (demo)")
                     for year, rate in ((2028, Decimal("0.030")), (2029, Decimal("0.025"))))))
    programme_round = services.programme_round_open(actor=directorate, programme_round=programme_round)
    now = timezone.now()
    deadline = timezone.localtime(now + datetime.timedelta(days=120)).replace(hour=23, minute=59, second=0,
                                                                              microsecond=0)
    call = services.call_publish(
        actor=get_user_model().objects.get(username="statsforvalter-innlandet"), programme_round=programme_round,
        region=innlandet, case_number=f"Sak {now.year}/4711 (demo)",
        text=CALL_TEXT.format(office="Statsforvalteren i Innlandet").replace(
            "31. mai 2019", f"{deadline:%d.%m.%Y}").replace("høsten 2019", "innen den endelige fristen"),
        criteria=CRITERIA, preliminary_deadline=deadline, final_deadline=deadline + datetime.timedelta(days=90),
        now=now - datetime.timedelta(days=7))
    tynset = _apply(call, "3427", now - datetime.timedelta(days=3))
    _apply(call, "3443", now - datetime.timedelta(days=2))
    _apply(call, "3448", now - datetime.timedelta(days=1), submit=False)
    member = _stand_in("demo-ressursgruppe-innlandet-ks", Role.RESOURCE_GROUP, region=innlandet)
    _assess(member, tynset, (4, 4, 3), now, "Konkrete tiltak; kapasiteten bør avklares i et møte.")
    return programme_round


def demo_load_workflow() -> list[str]:
    """Create the pilot's 2019 round and the open demo round if they are missing. Returns what was done."""
    pilot = Programme.objects.filter(slug=settings.SAMLA_DEMO_PROGRAMME).first()
    if pilot is None:
        return []
    demo_users_ensure()
    directorate = get_user_model().objects.get(username="direktorat")
    done = []
    _population()
    if not ProgrammeRound.objects.filter(programme=pilot).exists():
        _pilot_round(pilot, directorate)
        done.append(f"The 2019 round of {pilot.slug!r} recorded: 3 calls, 12 applications, assessments, "
                    "recommendations and the decision.")
    if not Programme.objects.filter(slug=OPEN_SLUG).exists():
        _open_round(pilot, directorate)
        done.append(f"The open demo round {OPEN_SLUG!r} created with a call in Innlandet.")
    return done
