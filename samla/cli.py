"""The ``samla`` command: batch work with JSON/CSV output, and Django's management commands.

    samla allocate FOLDER [--format json|csv|table] [--explain NUMBER --year YEAR]
    samla allocate --programme SLUG [...]   the decided amounts (locked run) of a programme in the database
    samla survey summary RESPONSES.csv [--format json|csv] [--from W --to W] [--min-group N] [--changes]
    samla followup overview [--programme SLUG] [--year Y] [--format json|csv]
                               follow-up figures per municipality and year (pot = the locked run's amount)
    samla demo load            migrate, load the real pilot and the demo users (idempotent)
    samla serve [ADDR:PORT]    serve the web application (default 127.0.0.1:8000)
    samla serve --production [ADDR:PORT] [--workers N]
                               gunicorn with the production settings (needs SAMLA_SECRET_KEY; collects the
                               static files first; PostgreSQL through DATABASE_URL)
    samla backup DEST          back up the database and the uploaded documents into the new folder DEST,
                               with a manifest of SHA-256 digests (docs/operations.md)
    samla restore SRC [--check] [--replace]
                               check the backup SRC and restore it into an empty database and MEDIA_ROOT
    samla manage ARGS...       any Django management command (migrate, createsuperuser, ...)
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence


def _django(argv: Sequence[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samla.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["samla", *argv])
    return 0


def _serve_production(addrport: str, workers: int) -> int:
    if not os.environ.get("SAMLA_SECRET_KEY"):
        print("samla serve --production: set SAMLA_SECRET_KEY (a long random string)", file=sys.stderr)
        return 1
    os.environ["SAMLA_DEBUG"] = "0"
    os.environ["SAMLA_STATIC_MANIFEST"] = "1"
    os.environ["SAMLA_REQUIRE_SECRET"] = "1"
    _django(["collectstatic", "--noinput", "--verbosity", "0"])
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    os.execv(gunicorn, [gunicorn, "samla.wsgi:application", "--preload", "--bind", addrport, "--workers", str(workers),
                        "--threads", "4", "--worker-class", "gthread", "--access-logfile", "-"])


BATCH_COMMANDS = {  # sub-command → (module, function that adds its parser)
    "allocate": ("samla.commands.allocate", "add_allocate_parser"),
    "survey": ("samla.commands.survey", "add_survey_parser"),
    "followup": ("samla.commands.followup", "add_followup_parser"),
    "backup": ("samla.commands.backup", "add_backup_parsers"),
    "restore": ("samla.commands.backup", "add_backup_parsers"),
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="samla", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    # A batch command imports only its own module (the engines start in a blink); --help lists them all.
    wanted = args[0] if args and args[0] in BATCH_COMMANDS else None
    for module, function in dict.fromkeys(spec for name, spec in BATCH_COMMANDS.items() if wanted in (None, name)):
        getattr(importlib.import_module(module), function)(sub)
    demo = sub.add_parser("demo", help="demo data")
    demo.add_argument("action", choices=["load"])
    serve = sub.add_parser("serve", help="serve the web application")
    serve.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
    serve.add_argument("--production", action="store_true", help="gunicorn, no debug, hashed static files")
    serve.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    sub.add_parser("manage", help="run a Django management command", add_help=False)

    if args and args[0] == "manage":
        return _django(args[1:])
    ns = parser.parse_args(args)
    if ns.command == "demo":
        return _django(["load_demo"])
    if ns.command == "serve" and ns.production:
        return _serve_production(ns.addrport, ns.workers)
    if ns.command == "serve":
        return _django(["runserver", ns.addrport, "--noreload"])
    return int(ns.func(ns))


if __name__ == "__main__":
    raise SystemExit(main())
