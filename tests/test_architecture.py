"""The layering of ARCHITECTURE.md, checked on the import graph of the source tree.

The graph is read with ``ast`` from every module of ``triton_migrate/`` and
``codemods/`` (installed as ``triton_migrate.codemods``), imports under
``if TYPE_CHECKING:`` and inside functions included.  Modules are discovered,
so a new module is checked as soon as it exists.
"""
from __future__ import annotations

import ast
import fnmatch
import os
import re
import subprocess
import sys
import textwrap
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ((ROOT / "triton_migrate", "triton_migrate"), (ROOT / "codemods", "triton_migrate.codemods"))

# Known cycles, each named with the issue that removes it; the test fails when
# one of them is gone (so that the exception is deleted too) or when any other
# cycle appears.  None today.
KNOWN_CYCLES: dict[str, frozenset[str]] = {}

# The layers, lowest first: a module may import modules of its own layer or of
# a lower one (ARCHITECTURE.md explains each).  A module no pattern names is a
# "mechanism": a library the rules use (argv, flags, shellwords, the Python
# analysis, ...).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("triton_migrate", "triton_migrate.versions", "triton_migrate.findings", "triton_migrate.text",
              "triton_migrate.settings", "triton_migrate.data", "triton_migrate.data.*",
              "triton_migrate.protos_v1", "triton_migrate.protos_v1.*",
              # the codemods package itself is empty: the registry imports it to discover the rules
              "triton_migrate.codemods")),
    ("context", ("triton_migrate.context", "triton_migrate.rule")),
    ("mechanism", ()),
    ("carriers", ("triton_migrate.carriers", "triton_migrate.carriers.*")),
    ("registry", ("triton_migrate.rules",)),
    ("rules", ("triton_migrate.codemods.*",)),
    ("engine", ("triton_migrate.engine",)),
    ("edges", ("triton_migrate.runner", "triton_migrate.report", "triton_migrate.report.*")),
    ("cli", ("triton_migrate.cli", "triton_migrate.cli_flags", "triton_migrate.__main__")),
)
LAYER_NAMES = [name for name, _ in LAYERS]


def layer_of(module: str) -> str:
    # The most specific pattern wins ("triton_migrate.codemods" before "triton_migrate.codemods.*").
    for name, patterns in LAYERS:
        if module in patterns:
            return name
    for name, patterns in LAYERS:
        if any(fnmatch.fnmatchcase(module, p) for p in patterns):
            return name
    return "mechanism"


@lru_cache(maxsize=1)
def modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder, package in SOURCES:
        for path in sorted(folder.rglob("*.py")):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join([package, *parts])] = path
    return found


def _resolve(name: str) -> str | None:
    """The project module ``name`` stands for (the longest known prefix), or None."""
    known = modules()
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


@lru_cache(maxsize=1)
def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in modules().items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    origin = ".".join(base + ([node.module] if node.module else []))
                else:
                    origin = node.module or ""
                # `from package import submodule` imports the submodule.
                names = [f"{origin}.{a.name}" if f"{origin}.{a.name}" in modules() else origin
                         for a in node.names]
            else:
                continue
            targets.update(t for t in map(_resolve, names) if t is not None)
        targets.discard(module)
        graph[module] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(graph) + 100))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _path_in(component: frozenset[str], graph: dict[str, set[str]]) -> list[str]:
    """One cycle through ``component``, for the error message."""
    start = min(component)
    path, seen = [start], {start}
    while True:
        nxt = min(t for t in graph[path[-1]] if t in component)
        if nxt in seen:
            return path[path.index(nxt):] + [nxt]
        path.append(nxt)
        seen.add(nxt)


def test_the_graph_is_read() -> None:
    graph = import_graph()
    assert "triton_migrate.context" in graph and "triton_migrate.codemods.server_flags" in graph
    assert "triton_migrate.context" in graph["triton_migrate.engine"]
    # A TYPE_CHECKING import counts: the carriers name the Rule type only there.
    assert "triton_migrate.rule" in graph["triton_migrate.carriers"]


def test_no_import_cycle() -> None:
    graph = import_graph()
    known = set(KNOWN_CYCLES.values())
    unexpected = [c for c in cycles(graph) if c not in known]
    assert not unexpected, "import cycles (see ARCHITECTURE.md; FileContext lives in triton_migrate.context):\n" + \
        "\n".join(" -> ".join(_path_in(c, graph)) for c in unexpected)


def test_known_cycles_still_exist() -> None:
    """Delete an entry of KNOWN_CYCLES once its cycle is gone."""
    found = cycles(import_graph())
    gone = [name for name, members in KNOWN_CYCLES.items()
            if not any(members <= c for c in found)]
    assert not gone, f"these cycles are gone: delete them from KNOWN_CYCLES: {gone}"


def test_layers() -> None:
    """A module imports only modules of its own layer or of a lower one."""
    graph = import_graph()
    rank = {name: i for i, name in enumerate(LAYER_NAMES)}
    wrong = sorted(
        f"{module} ({layer_of(module)}) imports {target} ({layer_of(target)})"
        for module, targets in graph.items()
        for target in targets
        if rank[layer_of(target)] > rank[layer_of(module)]
    )
    assert not wrong, "imports against the layers of ARCHITECTURE.md (FileContext and FileResult: import " \
        "them from triton_migrate.context; carriers take Rule from triton_migrate.rule):\n" + "\n".join(wrong)


def test_leaves_stay_leaves() -> None:
    """context.py and rule.py import no carrier, rule, engine, report or CLI module;
    the data modules import neither libcst nor click."""
    graph = import_graph()
    for leaf in ("triton_migrate.context", "triton_migrate.rule"):
        assert all(layer_of(t) in ("base", "context") for t in graph[leaf]), (leaf, graph[leaf])
    for module, path in modules().items():
        if layer_of(module) != "base" or module.startswith("triton_migrate.protos_v1"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not {m.split(".")[0] for m in imported} & {"libcst", "click"}, module


def test_analysis_never_imports_the_rewriters() -> None:
    """The Python analysis (`triton_migrate.analysis`) is a library of its own: it never
    imports the V1 client rewriters, a carrier, a rule or the engine (issue 9: one home,
    tested on its own)."""
    graph = import_graph()
    analysis = [m for m in graph if m == "triton_migrate.analysis" or m.startswith("triton_migrate.analysis.")]
    assert analysis, "no triton_migrate.analysis package"
    wrong = {m: sorted(t for t in graph[m] if t.startswith(("triton_migrate.v1client", "triton_migrate.carriers",
                                                              "triton_migrate.codemods", "triton_migrate.engine")))
             for m in analysis}
    assert not {m: t for m, t in wrong.items() if t}


def test_layers_of_architecture_md() -> None:
    """The layer table of ARCHITECTURE.md names every layer, in this order."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    positions = [text.find(f"| **{name}** |") for name in LAYER_NAMES]
    assert all(p >= 0 for p in positions), [n for n, p in zip(LAYER_NAMES, positions) if p < 0]
    assert positions == sorted(positions)


def _table_rows() -> dict[str, str]:
    """Layer name -> the modules column of ARCHITECTURE.md's layer table."""
    rows = {}
    for line in (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| \*\*(\w+)\*\* \| (.*?) \|", line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


def test_architecture_md_puts_modules_in_their_layer() -> None:
    """Each module the layer table names (`context.py`, `carriers/*`, ...) is in that layer."""
    wrong = []
    for layer, column in _table_rows().items():
        for token in re.findall(r"`([^`]+)`", column):
            # `context.py`, `data/*`, `codemods/*` (the repository's folder) -> module patterns
            name = "triton_migrate." + token.removesuffix(".py").replace("/", ".")
            matches = [m for m in modules() if fnmatch.fnmatchcase(m, name)]
            if not matches and "*" not in token:
                wrong.append(f"{token}: no such module")
            wrong.extend(f"{token}: {m} is in layer {layer_of(m)}, not {layer}"
                         for m in matches if layer_of(m) != layer)
    assert not wrong, "ARCHITECTURE.md's layer table disagrees with LAYERS:\n" + "\n".join(wrong)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_every_module_imports_first() -> None:
    """Importing any module first, in a fresh interpreter, works.

    One interpreter that has imported no project module forks a child per
    module; each child imports just that module.
    """
    names = sorted(modules())
    script = textwrap.dedent("""
        import importlib, os, sys, traceback
        failed = []
        for name in sys.argv[1:]:
            pid = os.fork()
            if pid == 0:
                try:
                    importlib.import_module(name)
                except BaseException:
                    traceback.print_exc()
                    os._exit(1)
                os._exit(0)
            _, status = os.waitpid(pid, 0)
            if status:
                failed.append(name)
        print("FAILED", *failed)
        sys.exit(1 if failed else 0)
    """)
    done = subprocess.run([sys.executable, "-c", script, *names], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr


def test_test_files_have_unique_basenames() -> None:
    """pytest imports test modules by basename (rootdir-relative, no packages): two
    files of one name in different folders fail collection."""
    tests = Path(__file__).resolve().parent
    names = [p.name for p in tests.rglob("test_*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []
