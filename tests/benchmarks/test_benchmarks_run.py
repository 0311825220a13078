"""The benchmarks must keep running (their figures are read by people, not asserted here)."""

import subprocess
import sys

from tests.conftest import ROOT


def test_allocation_benchmark_prints_its_summary_line() -> None:
    proc = subprocess.run([sys.executable, "-m", "benchmarks.allocation", "--repeat", "1"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert last.startswith("allocation national: engine_s=") and " numpy_s=" in last and " ratio=" in last
    assert "max_abs_diff_vs_numpy=0" in proc.stdout
