"""The survey statistics and their command must not import Django (the engines are plain Python)."""

import ast
import subprocess
import sys
from pathlib import Path

import samla.core.survey

PACKAGE = Path(samla.core.survey.__file__).parent


def test_survey_core_and_command_import_without_django() -> None:
    code = ("import sys, samla.core.survey, samla.commands.survey; "
            "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_module_of_the_package_names_django() -> None:
    files = sorted(PACKAGE.glob("*.py"))
    assert len(files) >= 5
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n == "django" or n.startswith("django.") for n in names), path
