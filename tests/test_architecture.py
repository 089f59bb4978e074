"""The house rules of the import graph, read from the source with ``ast`` (imports inside functions and
under ``TYPE_CHECKING`` count too: a cycle hidden in a function is still a cycle).

* The modules of ``engage``, ``connectors`` and ``models`` import each other without cycles.
* ``connectors`` and ``models`` are libraries of their own: neither imports ``engage``, nor each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("engage", "connectors", "models")

# Issue #18: the models package still has import cycles; its helper is untangling them. A cycle is
# allowed only if every module in it is listed here. Remove a module when it leaves its cycle.
# (models.heldout is new on main, in the second group; absent modules are skipped.)
KNOWN_CYCLE_MODULES = frozenset({
    "models.encoder", "models.onnx_runner",
    "models.evaluate", "models.heldout", "models.intent", "models.labelled", "models.suite", "models.topics",
})


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every module of the three packages: dotted name -> (file, is it a package's ``__init__``)."""
    modules: dict[str, tuple[Path, bool]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return modules


MODULES = _modules()


def _owner(name: str) -> str | None:
    """The module of ours that importing ``name`` runs (``engage.x.Thing`` -> ``engage.x``), if any."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> set[str]:
    """The modules of ours that ``module`` imports anywhere in its source."""
    path, is_package = MODULES[module]
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            # ``from pkg import sub`` imports the submodule; ``from mod import name`` imports mod.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        found.update(owner for owner in map(_owner, targets) if owner)
    found.discard(module)
    return found


GRAPH = {module: _imports(module) for module in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[frozenset[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(frozenset(group))
    return groups


def _describe(group: frozenset[str]) -> str:
    edges = [f"{a} -> {b}" for a in sorted(group) for b in sorted(GRAPH[a]) if b in group]
    return "{" + ", ".join(sorted(group)) + "}: " + "; ".join(edges)


def test_the_graph_was_read() -> None:
    # A reader that found nothing would pass every rule below.
    assert {"engage.cli", "engage.web.app", "connectors.base", "models.suite"} <= MODULES.keys()
    assert "engage.web.pages" in GRAPH["engage.web.views"]
    assert "engage.metrics.periods" in GRAPH["engage.metrics.compute"]  # ``import a.b.c as P``


def test_cycle_finder_finds_a_cycle_hidden_in_a_function() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [frozenset({"a", "b", "c"})]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_import_graph_is_acyclic_except_the_known_models_cycles() -> None:
    unexpected = [group for group in _cycles(GRAPH) if not group <= KNOWN_CYCLE_MODULES]
    assert not unexpected, "import cycles:\n" + "\n".join(map(_describe, unexpected))


def test_known_cycle_modules_are_still_in_a_cycle() -> None:
    # A module left on the list after its cycle is broken would let a cycle come back unnoticed.
    in_cycles = set().union(*_cycles(GRAPH))
    stale = sorted(m for m in KNOWN_CYCLE_MODULES if m in MODULES and m not in in_cycles)
    assert not stale, f"no longer in an import cycle: remove {stale} from KNOWN_CYCLE_MODULES"


@pytest.mark.parametrize(("library", "forbidden"), [
    ("connectors", ("engage", "models")),
    ("models", ("engage", "connectors")),
])
def test_libraries_stand_alone(library: str, forbidden: tuple[str, ...]) -> None:
    leaks = sorted(
        f"{module} -> {target}"
        for module, targets in GRAPH.items() if module.split(".")[0] == library
        for target in targets if target.split(".")[0] in forbidden
    )
    assert not leaks


def test_no_test_module_imports_another() -> None:
    # Shared data, fakes and fixtures live in tests/helpers (issue #18): importing a test module runs
    # its tests' module-level set-up and re-registers its fixtures in the importer.
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            if any(part.startswith("test_") for name in names for part in name.split(".")[1:2]):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders
