"""The PostgreSQL-restart soak must keep running and keep its promise: during a restart of its own throwaway
cluster every failed request still gets an HTTP answer (no hung or cut connection), the same server process
serves on, and every request after the last failure succeeds. Its timings are read by people (docs/operations.md).

It seeds national-scale data, so it takes a minute or two; it runs once, in the SQLite pass of the suite.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SUMMARY = re.compile(r"^pg restart: users=4 requests=(\d+) failed=(\d+) unclean=(\d+) down_s=[\d.]+ "
                     r"failing_s=[\d.]+ recovered_after_s=([\d.]+)$")


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")),
                    reason="the soak makes its own PostgreSQL cluster; it runs once, in the SQLite pass of the suite")
@pytest.mark.skipif(not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")),
                    reason="needs the PostgreSQL server binaries (apt-get install postgresql)")
def test_a_postgres_restart_under_load_fails_cleanly_and_recovers() -> None:
    command = [sys.executable, "-m", "benchmarks.pg_restart", "--users", "4", "--duration", "8",
               "--restart-at", "3", "--think", "0.1", "--workers", "2"]
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=900)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    last = proc.stdout.strip().splitlines()[-1]
    match = SUMMARY.match(last)
    assert match, proc.stdout[-2000:]
    requests, failed, unclean, _recovered = match.groups()
    assert int(requests) > 0
    assert int(unclean) == 0, proc.stdout
    assert re.search(r"^failed before the restart: 0$", proc.stdout, re.M), proc.stdout
    if int(failed):
        assert re.search(r"^answers: \d+, of them not 200: \d+ \(HTTP 500 ×\d+\)$", proc.stdout, re.M), proc.stdout
        after = re.search(r"^after the last failure: (\d+) of (\d+) answers were 200$", proc.stdout, re.M)
        assert after and after.group(1) == after.group(2) and int(after.group(1)) > 0, proc.stdout
