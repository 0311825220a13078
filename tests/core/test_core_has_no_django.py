import subprocess
import sys


def test_the_domain_core_imports_without_django() -> None:
    code = ("import sys, samla.core.allocation, samla.core.allocation.explain, samla.commands.allocate; "
            "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
