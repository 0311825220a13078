"""``samla followup overview``: the follow-up figures of a programme's municipalities, from the configured
database, as JSON or CSV (the pot is the locked allocation run's amount; see docs/followup.md).

    samla followup overview [--programme SLUG] [--year Y] --format json|csv

Bad input exits with code 1 and one line on stderr; nothing goes to stdout.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys

from samla.commands.jsonout import dumps

NO_PROGRAMME = "no programme {slug} in the database"
NO_PROJECTS = "no programme with follow-up projects in the database"
NOT_A_YEAR = "{year} is not a year of programme {slug} ({first}–{last})"
CSV_COLUMNS = ("municipality", "name", "region", "year", "pot", "spent", "carry_over_in", "carry_over_out", "repay",
               "report_status", "measures_total", "measures_new", "measures_continued", "age_0_5", "age_6_12",
               "age_13_18", "age_19_24", "age_families", "universal", "selective", "indicated",
               "steering_group_sectors", "working_group_sectors", "dykos_steps_done")


class OverviewError(Exception):
    pass


def add_followup_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("followup", help="follow-up figures of the municipalities (from the database)",
                       description="Follow-up figures of a programme's municipalities (see docs/followup.md).")
    followup_sub = p.add_subparsers(dest="followup_command", required=True)
    o = followup_sub.add_parser("overview", help="pot, spending, carry-over, measures, sectors and steps per "
                                                 "municipality and year")
    o.add_argument("--programme", metavar="SLUG", help="programme (default: the newest with follow-up projects)")
    o.add_argument("--year", type=int, help="one programme year only")
    o.add_argument("--format", choices=["json", "csv"], default="json")
    o.set_defaults(func=run_overview)


def overview_data(slug: str | None, year: int | None) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samla.settings")
    import django

    django.setup()
    from samla.allocation.models import Programme
    from samla.followup import selectors
    from samla.followup.models import Project

    if slug:
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            raise OverviewError(NO_PROGRAMME.format(slug=slug))
    else:
        programme = Programme.objects.filter(projects__isnull=False).order_by("-first_year").first()
        if programme is None:
            raise OverviewError(NO_PROJECTS)
    if year is not None and year not in programme.years:
        raise OverviewError(NOT_A_YEAR.format(year=year, slug=programme.slug, first=programme.first_year,
                                              last=programme.last_year))
    facts = selectors.project_facts(Project.objects.filter(programme=programme).select_related(
        "programme", "municipality__region"), year)
    return selectors.overview_document(programme, facts, year)


def _csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in data["municipalities"]:
        m = r["measures"]
        writer.writerow([r["municipality"], r["name"], r["region"], r["year"], r["pot"], r["spent"],
                         r["carry_over_in"], r["carry_over_out"], r["repay"], r["report_status"], m["total"],
                         m["new"], m["continued"], *m["by_age_band"].values(), *m["by_prevention_level"].values(),
                         " ".join(r["sectors"]["steering_group"]), " ".join(r["sectors"]["working_group"]),
                         r["dykos_steps_done"]])
    return out.getvalue()


def run_overview(ns: argparse.Namespace) -> int:
    try:
        data = overview_data(ns.programme, ns.year)
    except OverviewError as exc:
        print(f"samla followup: error: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(dumps(data) if ns.format == "json" else _csv(data))
    return 0
