"""The production static files (hashed, compressed by WhiteNoise) for the benchmarks, collected once and reused.

``collectstatic`` with the compressed manifest storage takes about 18 s here (it compresses Django admin's and the
API docs' files too); the files depend only on the static sources and the pinned packages, so both benchmarks
share one collected folder under ``var/benchmark-static/`` and collect again only when those change.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
FOLDER = ROOT / "var" / "benchmark-static"


def _sources_digest() -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    for path in sorted((ROOT / "samla").glob("**/static/**/*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(ROOT)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collected_static(env: dict[str, str]) -> dict[str, str]:
    """``env`` with ``SAMLA_STATIC_ROOT`` pointing at the collected files, collecting them first when needed."""
    stamp = FOLDER / ".sources-sha256"
    wanted = _sources_digest()
    if not (stamp.exists() and stamp.read_text() == wanted):
        # Collected beside, then put in place, so that a benchmark running at the same time never sees half.
        fresh = FOLDER.with_name(f"{FOLDER.name}.{os.getpid()}")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        subprocess.run([BIN / "samla", "manage", "collectstatic", "--noinput", "--verbosity", "0"],
                       env=dict(env, SAMLA_STATIC_ROOT=str(fresh), SAMLA_STATIC_MANIFEST="1"), check=True, cwd=ROOT)
        (fresh / stamp.name).write_text(wanted)
        old = FOLDER.with_name(f"{FOLDER.name}.old.{os.getpid()}")
        if FOLDER.exists():
            FOLDER.rename(old)
        fresh.rename(FOLDER)
        shutil.rmtree(old, ignore_errors=True)
    return dict(env, SAMLA_STATIC_ROOT=str(FOLDER), SAMLA_STATIC_MANIFEST="1")
