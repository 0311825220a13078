"""The domain core (samla/core: the allocation engine, the survey statistics, the selection rules, the follow-up
money) and the batch commands that use it never import Django: they must stay plain, exact Python that starts in a
blink. One test for all of it (it was three)."""

import ast
import subprocess
import sys
from pathlib import Path

import samla.core

CORE = Path(samla.core.__file__).parent
COMMANDS = ("samla.commands.allocate", "samla.commands.survey", "samla.commands.jsonout")


def test_no_core_module_names_django_anywhere() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert len(files) >= 15
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n == "django" or n.startswith("django.") for n in names), path


def test_importing_the_core_and_its_commands_loads_no_django() -> None:
    modules = sorted({f"samla.core.{'.'.join(p.relative_to(CORE).with_suffix('').parts)}".removesuffix(".__init__")
                      for p in CORE.rglob("*.py")} | set(COMMANDS))
    code = (f"import sys, importlib; [importlib.import_module(m) for m in {modules!r}]; "
            "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
