"""benchmarks/survey.py keeps running and prints its figure on the last line (the figure is read by people)."""

import re
import subprocess
import sys

from tests.conftest import ROOT


def test_survey_benchmark_prints_seconds_on_its_last_line() -> None:
    proc = subprocess.run([sys.executable, "-m", "benchmarks.survey", "--repeat", "1"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[0].startswith("answers=64260 item_waves=180 changes=180 read_long_csv_s=")
    assert re.fullmatch(r"survey national: seconds=\d+\.\d{4} read_s=\d+\.\d{4} command_s=\d+\.\d{4}", lines[-1])
