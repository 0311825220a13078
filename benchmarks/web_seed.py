"""National-scale synthetic data for benchmarks/web.py (run inside a Django process on an empty database).

15 regions, 357 municipalities with population, a decided programme round with one call per region and an
application from every municipality (submitted, most with a political decision), three resource-group
assessments per application, and the users the load generator signs in as. Sessions are created directly
(no password hashing: logging in is not what is measured). Prints one JSON object on stdout: the cookies
per simulated user and the pages each may open.

All names are synthetic ("Kommune 0301" ...): this is load data, not the real country.
"""

from __future__ import annotations

import datetime
import json
import random
import sys
from decimal import Decimal

N_REGIONS = 15
N_MUNICIPALITIES = 357


def seed(n_users: int) -> dict:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from samla.accounts.models import Role, RoleAssignment
    from samla.allocation.models import DecidedAmount, GrowthFactor, Participant, Programme
    from samla.calls.models import (
        Application,
        Assessment,
        Call,
        Criterion,
        CriterionScore,
        PoliticalDecision,
        ProgrammeRound,
    )
    from samla.followup.models import CooperationStep, Measure, Member, Project
    from samla.registry.models import Indicator, IndicatorValue, Municipality, Region

    rng = random.Random(2019)
    start = datetime.date(2019, 1, 1)
    now = timezone.now()
    User = get_user_model()
    with transaction.atomic():
        regions = [Region.objects.create(code=f"{i + 1:02d}", name=f"Region {i + 1:02d}",
                                         office_name=f"Statsforvalteren i region {i + 1:02d}", valid_from=start)
                   for i in range(N_REGIONS)]
        population = Indicator.objects.create(code="population", name="Population")
        municipalities = Municipality.objects.bulk_create(
            Municipality(number=f"{1000 + i}",
                         name=f"Kommune {1000 + i}", region=regions[i % N_REGIONS], valid_from=start)
            for i in range(N_MUNICIPALITIES))
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=population, municipality=m, year=2019,
                           value=int(rng.lognormvariate(8.8, 1.1)) + 200)
            for m in municipalities)
        director = User.objects.create(username="bench-directorate")
        RoleAssignment.objects.create(user=director, role=Role.DIRECTORATE)
        programme = Programme.objects.create(slug="national", name="Nasjonal programfinansiering",
                                             first_year=2020, last_year=2022, rounding_unit=1000)
        programme_round = ProgrammeRound.objects.create(programme=programme, status="closed", criteria="Kriterier",
                                                        max_per_region=4, population_year=2019)
        programme_round.regions.set(regions)
        governors, members = {}, {}
        for region in regions:
            governors[region.pk] = User.objects.create(username=f"bench-governor-{region.code}")
            RoleAssignment.objects.create(user=governors[region.pk], role=Role.COUNTY_GOVERNOR, region=region)
            members[region.pk] = []
            for k in range(3):
                member = User.objects.create(username=f"bench-member-{region.code}-{k}")
                RoleAssignment.objects.create(user=member, role=Role.RESOURCE_GROUP, region=region)
                members[region.pk].append(member)
        deadline = datetime.datetime(2019, 5, 31, 23, 59, tzinfo=datetime.UTC)
        calls = {}
        for region in regions:
            calls[region.pk] = Call.objects.create(
                programme_round=programme_round, region=region, case_number=f"Sak 2019/{6000 + int(region.code)}",
                text="Utlysning", criteria="Kriterier", preliminary_deadline=deadline,
                final_deadline=deadline + datetime.timedelta(days=150), published_at=deadline - datetime.timedelta(90),
                published_by=governors[region.pk])
            Criterion.objects.bulk_create(Criterion(call=calls[region.pk], position=p, title=f"Kriterium {p}")
                                          for p in (1, 2, 3))
        # In bulk: a row at a time, the seed took most of the soak test's set-up on PostgreSQL.
        made = User.objects.bulk_create(User(username=f"bench-kommune-{m.number}") for m in municipalities)
        municipal_users = {m.pk: user for m, user in zip(municipalities, made, strict=True)}
        RoleAssignment.objects.bulk_create(RoleAssignment(user=municipal_users[m.pk], role=Role.MUNICIPALITY,
                                                          municipality=m) for m in municipalities)
        applications = []
        for m in municipalities:
            user = municipal_users[m.pk]
            applications.append(Application(
                call=calls[m.region_id], municipality=m, status="submitted", version=3,
                development_work="Tverrsektorielt utviklingsarbeid. " * 20, measures="Tiltak. " * 20,
                challenge_picture="Utfordringsbilde. " * 20, self_assessment="Egenvurdering. " * 20,
                created_at=now, updated_at=now, updated_by=user, submitted_at=now, submitted_by=user))
        applications = Application.objects.bulk_create(applications)
        PoliticalDecision.objects.bulk_create(
            PoliticalDecision(application=a, body="Kommunestyret", decided_on=datetime.date(2019, 9, 20),
                              case_reference=f"{a.municipality.number}/19",
                              recorded_by=municipal_users[a.municipality_id], recorded_at=now)
            for a in applications if rng.random() < 0.8)
        criteria = {c.pk: list(c.criteria_items.all()) for c in calls.values()}
        assessments = Assessment.objects.bulk_create(
            Assessment(application=a, member=member, recommendation="yes", comment="Vurdering", submitted_at=now)
            for a in applications for member in members[a.municipality.region_id])
        CriterionScore.objects.bulk_create(
            CriterionScore(assessment=assessment, criterion=c, score=rng.randint(1, 5), comment="")
            for assessment in assessments for c in criteria[assessment.application.call_id])
        taking_part = rng.sample(municipalities, 4 * N_REGIONS)
        Participant.objects.bulk_create(Participant(programme=programme, municipality=m) for m in taking_part)
        DecidedAmount.objects.bulk_create(DecidedAmount(programme=programme, municipality=m, year=2020,
                                                        amount=rng.randrange(1_790, 12_000) * 1000)
                                          for m in taking_part)
        # The follow-up of every participant: its project with bodies, measures and two cooperation steps.
        projects = Project.objects.bulk_create(Project(programme=programme, municipality=m) for m in taking_part)
        Member.objects.bulk_create(
            Member(project=project, body=body, sector=sector, function="Leder")
            for project in projects
            for body, sector in (("steering_group", "school"), ("steering_group", "health"),
                                 ("working_group", "child_welfare"), ("working_group", "culture")))
        Measure.objects.bulk_create(
            Measure(project=project, title=f"Tiltak {k}", description="Tverrsektorielt tiltak.",
                    age_bands=["6-12", "13-18"], prevention_level="selective", sectors_responsible=["school"],
                    novelty="new", innovation="local", planned_start=datetime.date(2020, 3, 1),
                    planned_end=datetime.date(2022, 12, 31))
            for project in projects for k in range(1, 4))
        CooperationStep.objects.bulk_create(
            CooperationStep(project=project, step=step, held_on=datetime.date(2020, 2, 1), sectors=["school", "health"],
                            summary="Kartlagt.", recorded_by=director, recorded_at=now)
            for project in projects for step in ("needs", "challenges"))
        GrowthFactor.objects.create(programme=programme, year=2021, rate=Decimal("0.031"), source="synthetic")
        GrowthFactor.objects.create(programme=programme, year=2022, rate=Decimal("0.026"), source="synthetic")

    def session_for(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    def url(name: str, *args) -> str | None:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            return None

    # Which pages each kind of user opens (pages that do not exist in this version are left out).
    by_municipality = {a.municipality_id: a for a in applications}
    project_of = {project.municipality_id: project.pk for project in Project.objects.filter(programme__slug="national")}
    users = []
    for i in range(n_users):
        kind = ("municipality", "municipality", "governor", "member", "directorate")[i % 5]
        if kind == "municipality" and i % 2:  # every other one takes part and follows its project up
            m = taking_part[(i * 7) % len(taking_part)]
            user, app = municipal_users[m.pk], by_municipality[m.pk]
            pages = [url("calls:dashboard"), url("followup:index"), url("followup:project", project_of[m.pk]),
                     url("followup:my_figures", programme.slug)]
        elif kind == "municipality":
            m = municipalities[(i * 7) % len(municipalities)]
            user, app = municipal_users[m.pk], by_municipality[m.pk]
            pages = [url("calls:dashboard"), url("calls:application_list"), url("calls:application_detail", app.pk)]
        elif kind == "governor":
            region = regions[i % N_REGIONS]
            user = governors[region.pk]
            app = next(a for a in applications if a.municipality.region_id == region.pk)
            pages = [url("calls:dashboard"), url("calls:application_list"), url("calls:application_detail", app.pk),
                     url("calls:application_list") and url("calls:application_list") + f"?region={region.pk}",
                     url("followup:overview", programme.slug)]
        elif kind == "member":
            region = regions[i % N_REGIONS]
            user = members[region.pk][i % 3]
            app = next(a for a in applications if a.municipality.region_id == region.pk)
            pages = [url("calls:dashboard"), url("calls:assessment_list"), url("calls:application_detail", app.pk)]
        else:
            user = director
            pages = [url("calls:dashboard"), url("calls:application_list"), url("calls:application_list") and
                     url("calls:application_list") + "?page=3", url("allocation:home"),
                     url("calls:decision", programme_round.pk), url("audit:log"),
                     url("followup:overview", programme.slug)]
        users.append({"kind": kind, "cookie": f"{settings.SESSION_COOKIE_NAME}={session_for(user)}",
                      "pages": [p for p in pages if p]})
    users.append({"kind": "anonymous", "cookie": "", "pages": [url("allocation:home")]})
    return {"users": users, "municipalities": len(municipalities), "regions": len(regions),
            "applications": len(applications)}


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(seed(int(sys.argv[1]) if len(sys.argv) > 1 else 50)))
