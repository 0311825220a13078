"""The domain core's modules import one another without a cycle, at any depth (a function-level import counts:
it hid the cycle engine → model → explain → engine until 2026-12)."""

from __future__ import annotations

import ast
from pathlib import Path

import samla.core

CORE = Path(samla.core.__file__).parent


def _module(path: Path) -> str:
    parts = path.relative_to(CORE.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The core modules that ``path`` imports anywhere in its body (``from X import y`` counts X, or X.y when
    that is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return {name for name in found if name in modules}


def graph() -> dict[str, set[str]]:
    paths = sorted(CORE.rglob("*.py"))
    modules = {_module(p) for p in paths}
    edges = {_module(p): _imports(p, modules) - {_module(p)} for p in paths}
    # A package's __init__ re-exports its modules; importing the package is not a dependency of those modules.
    for name in edges:
        edges[name] = {m for m in edges[name] if not name.startswith(m + ".") or m not in edges}
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_core_has_no_import_cycle() -> None:
    edges = graph()
    assert "samla.core.allocation.engine" in edges and "samla.core.allocation.model" in edges
    assert find_cycle(edges) is None, " → ".join(find_cycle(edges) or [])


def test_the_model_imports_no_other_part_of_the_engine_at_run_time() -> None:
    imported = graph()["samla.core.allocation.model"]
    assert imported <= {"samla.core.allocation.rounding"}  # for a type annotation only (TYPE_CHECKING)


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
