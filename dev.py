#!/usr/bin/env python3
"""Samla's two commands for a fresh machine with only Python 3.11+.

    python3 dev.py start   install everything, load the real pilot, serve http://127.0.0.1:8000
    python3 dev.py test    install everything (and Debian's chromium when root), run the whole suite

Everything else (virtual environment, pinned packages, translations, migrations,
demo data, demo users) happens inside these two commands. Only the standard library
is used here, because nothing else is installed yet.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("SAMLA_VENV", ROOT / ".venv"))
BIN = VENV / "bin"
PY = BIN / "python"
CHROMIUM = Path("/usr/bin/chromium")


def say(message: str) -> None:
    print(f"[samla] {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, env=env)


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs before anything checks the version
        sys.exit("Samla needs Python 3.11 or newer.")
    if not PY.exists():
        say(f"creating virtual environment in {VENV}")
        run(sys.executable, "-m", "venv", VENV)
    stamp = VENV / f".installed-{extras or 'base'}"
    pyproject = ROOT / "pyproject.toml"
    if not stamp.exists() or stamp.stat().st_mtime < pyproject.stat().st_mtime:
        say("installing pinned dependencies")
        run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        target = f".[{extras}]" if extras else "."
        run(PY, "-m", "pip", "install", "--quiet", "-e", target)
        stamp.touch()
    run(PY, "-m", "samla.i18n_build")


def ensure_chromium() -> bool:
    """Install Debian's chromium when we are root; report whether it is there."""
    if CHROMIUM.exists():
        return True
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing Debian's chromium for the browser tests (apt-get)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", env=env)
        return CHROMIUM.exists()
    return False


def ensure_pdf_libraries() -> None:
    """WeasyPrint (award letters, evaluation reports) needs Pango; install Debian's when root."""
    import ctypes.util

    if ctypes.util.find_library("pango-1.0") and ctypes.util.find_library("pangoft2-1.0"):
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing Pango and fonts for PDF output (apt-get)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "--no-install-recommends",
            "libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core", env=env)
        return
    print("\n*** NOTICE: Pango is missing and this is not root: PDF documents cannot be made. ***\n", flush=True)


def start(args: list[str]) -> None:
    ensure_venv("")
    ensure_pdf_libraries()
    env = dict(os.environ)
    env.setdefault("SAMLA_DEBUG", "1")
    run(BIN / "samla", "demo", "load", env=env)
    say("open http://127.0.0.1:8000  (Ctrl+C stops)")
    os.execve(str(BIN / "samla"), [str(BIN / "samla"), "serve", *args], env)


def test(args: list[str]) -> None:
    ensure_venv("test")
    ensure_pdf_libraries()
    if not ensure_chromium():
        print(
            "\n*** NOTICE: /usr/bin/chromium is missing and this is not root: "
            "the browser tests will be SKIPPED. ***\n",
            flush=True,
        )
    db = os.environ.get("DATABASE_URL", "sqlite (embedded)")
    say(f"running the test suite against {db}")
    result = subprocess.run([str(PY), "-m", "pytest", *args], cwd=ROOT)
    sys.exit(result.returncode)


def main() -> None:
    commands = {"start": start, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
