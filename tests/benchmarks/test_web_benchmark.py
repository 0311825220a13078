"""The web benchmark must keep running: a short run (6 users, 3 s) ends with its summary line and no errors.

It seeds national-scale data and starts gunicorn, so it takes a minute or two. Its figures are read by people
(run ``python -m benchmarks.web`` for the full 50-user, 30-second measurement), not asserted here.
"""

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SUMMARY = re.compile(r"^web national: users=6 requests=(\d+) p50_ms=[\d.]+ p95_ms=[\d.]+ throughput_rps=[\d.]+ "
                     r"errors=(\d+)$")


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")),
                    reason="the benchmark makes its own database; it runs once, in the SQLite pass of the suite")
def test_web_benchmark_serves_every_page_without_errors() -> None:
    # A page is listed only if a user opened it during the measured run; each simulated user goes on past
    # --duration until it has opened each of its pages once, so a slow machine cannot leave a page out.
    command = [sys.executable, "-m", "benchmarks.web", "--users", "6", "--duration", "3", "--think", "0.2"]
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=900)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    last = proc.stdout.strip().splitlines()[-1]
    match = SUMMARY.match(last)
    assert match, last
    requests, errors = map(int, match.groups())
    assert requests > 0
    assert errors == 0, proc.stdout[-3000:]
    for page in ("/work/", "/work/applications/", "/work/applications/<id>/", "/work/assessment/", "/audit/",
                 "/work/rounds/<id>/decision/"):
        assert any(line.startswith(page + " ") for line in proc.stdout.splitlines()), f"{page} was not measured"
