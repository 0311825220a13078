"""``samla allocate``: placeholder until the engine lands (replaced in the same session)."""

from __future__ import annotations

import argparse


def add_allocate_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("allocate", help="compute a programme's allocation")
    p.add_argument("folder")
    p.set_defaults(func=lambda ns: 1)
