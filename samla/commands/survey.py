"""``samla survey summary RESPONSES.csv``: statistics of reflection-form answers as JSON or CSV.

Bad input exits with code 1 and one line on stderr naming file, line and problem; nothing goes to stdout.
See docs/survey.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys

from samla.commands.jsonout import dumps
from samla.core.survey import (
    DEFAULT_MIN_GROUP,
    SurveyInputError,
    change_as_dict,
    change_row,
    changes,
    consecutive_changes,
    item_as_dict,
    item_row,
    item_statistics,
    read_long_csv,
    waves,
)
from samla.core.survey.model import BAD_MIN_GROUP, UNKNOWN_WAVE
from samla.core.survey.output import CHANGE_COLUMNS, ITEM_COLUMNS

FROM_TO_TOGETHER = "--from and --to must be given together"


def add_survey_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("survey", help="statistics of reflection-form answers",
                       description="Statistics of reflection-form answers (see docs/survey.md).")
    survey_sub = p.add_subparsers(dest="survey_command", required=True)
    s = survey_sub.add_parser(
        "summary", help="per-item statistics and changes between waves",
        description="Per item and wave: n, don't know, missing, distribution, mean, sample SD, median; "
                    "and the change of each mean between waves (consecutive waves unless --from/--to).")
    s.add_argument("responses", help="long CSV with the header municipality,wave,item,value")
    s.add_argument("--format", choices=["json", "csv"], default="json")
    s.add_argument("--from", dest="from_wave", metavar="WAVE", help="first wave of the change (with --to)")
    s.add_argument("--to", dest="to_wave", metavar="WAVE", help="second wave of the change (with --from)")
    s.add_argument("--min-group", type=int, default=DEFAULT_MIN_GROUP, metavar="N",
                   help=f"suppress figures answered by fewer than N municipalities (default {DEFAULT_MIN_GROUP})")
    s.add_argument("--changes", action="store_true", help="CSV only: print the change table instead of the items")
    s.set_defaults(func=run_summary)


def run_summary(ns: argparse.Namespace) -> int:
    try:
        text = summary(ns.responses, fmt=ns.format, from_wave=ns.from_wave, to_wave=ns.to_wave,
                       min_group=ns.min_group, changes_only=ns.changes)
    except SurveyInputError as exc:
        print(f"samla survey: error: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0


def summary(path: str, *, fmt: str = "json", from_wave: str | None = None, to_wave: str | None = None,
            min_group: int = DEFAULT_MIN_GROUP, changes_only: bool = False) -> str:
    """The text ``samla survey summary`` prints; raises SurveyInputError on bad input."""
    if (from_wave is None) != (to_wave is None):
        raise SurveyInputError(FROM_TO_TOGETHER)
    if min_group < 1:
        raise SurveyInputError(BAD_MIN_GROUP.format(min_group=min_group))
    stats = item_statistics(read_long_csv(path))
    if from_wave is None:
        moves = consecutive_changes(stats, min_group=min_group)
    else:
        present = waves(stats)
        for wave in (from_wave, to_wave):
            if wave not in present:
                raise SurveyInputError(f"{path}: {UNKNOWN_WAVE.format(wave=wave)}")
        moves = changes(stats, from_wave, to_wave, min_group=min_group)
    if fmt == "json":
        data = {"items": [item_as_dict(s, min_group=min_group) for s in stats],
                "changes": [change_as_dict(c) for c in moves]}
        return dumps(data)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if changes_only:
        writer.writerow(CHANGE_COLUMNS)
        writer.writerows(change_row(c) for c in moves)
    else:
        writer.writerow(ITEM_COLUMNS)
        writer.writerows(item_row(s, min_group=min_group) for s in stats)
    return buf.getvalue()
