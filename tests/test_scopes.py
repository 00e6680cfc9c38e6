"""`triton_migrate.analysis.scopes`: the scope analysis the carrier uses equals libcst's ``ScopeProvider``
on every text version the carrier makes (fixture inputs, e2e V1 programs and their outputs, dense
files): the same scopes for the same nodes in the same order, and in each scope the same
assignments, accesses, indexes, referents and references.  The expression contexts and parents
that `triton_migrate.analysis.metadata` keeps per top-level statement across versions equal
libcst's providers on the same trees, entry for entry and in order."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import libcst as cst
import pytest
from libcst.metadata import (
    BuiltinScope,
    ExpressionContextProvider,
    MetadataWrapper,
    ParentNodeProvider,
    ScopeProvider,
)

from triton_migrate.analysis import cstwalk, metadata, scopes
from triton_migrate.analysis.cstwalk import fast_visits, known_text
from triton_migrate.analysis.scopes import FastScopeProvider, provider_for
from triton_migrate.carriers import python as python_carrier
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings

REPO = Path(__file__).resolve().parent.parent
INPUTS = sorted([*REPO.glob("fixtures/*/*.input.py"), *REPO.glob("tests/e2e/v1_programs/*.py")])


def _tree_ids(module: cst.Module) -> set[int]:
    seen: set[int] = set()
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        seen.add(id(node))
        stack.extend(node.children)
    return seen


def dump(module: cst.Module, scopes: Mapping[cst.CSTNode, Any]) -> list[object]:
    """Everything a scope analysis says, with scopes numbered in the order they are first met and
    nodes by identity (nodes outside the tree, from string annotations, by a placeholder)."""
    tree = _tree_ids(module)
    numbers: dict[int, int] = {}
    order: list[Any] = []

    def num(scope: Any) -> int:
        if scope is None:
            return -1
        if id(scope) not in numbers:
            numbers[id(scope)] = len(order)
            order.append(scope)
            num(scope.parent)
            num(getattr(scope, "globals", None))
        return numbers[id(scope)]

    def node(n: Any) -> object:
        return id(n) if id(n) in tree else ("outside", type(n).__name__)

    def assignment(a: Any) -> tuple[object, ...]:
        return (type(a).__name__, a.name, num(a.scope), node(getattr(a, "node", None)), a._index,
                node(getattr(a, "as_name", None)))

    def access(a: Any) -> tuple[object, ...]:
        return (node(a.node), num(a.scope), a.is_annotation, a.is_type_hint, a._index)

    out: list[object] = [[(node(n), num(s)) for n, s in scopes.items()]]
    i = 0
    while i < len(order):  # scopes found while dumping are dumped too
        scope = order[i]
        i += 1
        out.append((
            type(scope).__name__, num(scope.parent), num(getattr(scope, "globals", None)),
            getattr(scope, "name", None), node(getattr(scope, "node", None)), scope._name_prefix
            if not isinstance(scope, BuiltinScope) else None, scope._assignment_count,
            sorted((k, num(v)) for k, v in getattr(scope, "_scope_overwrites", {}).items()),
            [(name, sorted((assignment(a), sorted(access(r) for r in a.references)) for a in found))
             for name, found in scope._assignments.items()],
            [(name, sorted((access(a), sorted(assignment(r) for r in a.referents)) for a in found))
             for name, found in scope._accesses_by_name.items()],
            [(node(n), sorted(access(a) for a in found)) for n, found in scope._accesses_by_node.items()],
        ))
    return out


def _libcst(module: cst.Module) -> Mapping[cst.CSTNode, Any]:
    return MetadataWrapper(module, unsafe_skip_copy=True).resolve(ScopeProvider)


def _ours(module: cst.Module, provider: type) -> Mapping[cst.CSTNode, Any]:
    contexts = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ExpressionContextProvider)
    return metadata._provided(module, provider, {ExpressionContextProvider: contexts})


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Every tree the carrier wraps: our scopes against libcst's."""
    counts = {"fast": 0, "typing": 0, "code": 0}
    real = metadata.wrap

    def checking(module: cst.Module) -> MetadataWrapper:
        provider = provider_for(known_text(module))
        counts["fast" if provider is FastScopeProvider else "typing"] += 1
        want = dump(module, _libcst(module))
        assert dump(module, _ours(module, provider)) == want
        wrapper = real(module)
        # the carrier's own: per top-level statement, replayed from the previous version where it can
        assert dump(module, wrapper._metadata[ScopeProvider]) == want
        # expression contexts and parents, kept per top-level statement across versions: libcst's, in order
        for kind in (ExpressionContextProvider, ParentNodeProvider):
            got = wrapper._metadata[kind]
            want = MetadataWrapper(module, unsafe_skip_copy=True).resolve(kind)
            assert list(got.items()) == list(want.items()), kind
        return wrapper

    def code(module: cst.Module) -> str:
        # the code of a rule's output, from the statements' code kept with their positions: libcst's codegen
        got = metadata.code_of(module)
        assert got == cstwalk._LIBCST_CODE.fget(module)
        counts["code"] += 1
        return got

    monkeypatch.setattr(python_carrier, "wrap", checking)
    monkeypatch.setattr(python_carrier, "code_of", code)
    return counts


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_scopes_equal_libcst_on_every_version(path: Path, compared: dict[str, int]) -> None:
    text = path.read_text()
    first = migrate_text(text, path.name, Settings())
    assert first.status != "error", first.reason
    if first.new is not None:
        migrate_text(first.new, path.name, Settings())
    if "v1_programs" in str(path):
        assert compared["fast"] + compared["typing"] > 0


def test_scopes_equal_libcst_on_dense_files(compared: dict[str, int]) -> None:
    sources = [p.read_text() for p in sorted((REPO / "tests/e2e/v1_programs").glob("*.py"))]
    for i in range(3):
        migrate_text("\n\n".join(sources[(i + k) % len(sources)] for k in range(4)), f"d{i}.py", Settings())
    assert compared["fast"] > 0  # the shortcut is used
    assert metadata.stats["contexts_statements"] > 0 and metadata.stats["parents_statements"] > 0
    assert scopes.stats["scope_replayed"] > 0  # statements kept from the version before are replayed
    assert compared["code"] > 0 and metadata.stats["code_statements"] > 0


CASES = {
    "typing names": "import typing\nfrom typing import cast, NewType, List\nT = typing.TypeVar('T')\n"
                    "U = NewType('U', int)\ndef f(x: 'List[int]') -> List['U']:\n    return cast('int', x)\n",
    "builtins before assignment": "print(len([]))\nprint = 1\nclass C:\n    x = len\n    def m(self):\n"
                                  "        global y\n        y = [i for i in range(3)]\n        return lambda: y\n",
    "subscripts and attributes": "import os.path as p\na = {}\na[p.join('x')] = p.sep\nb = a['k'].v[0](1)\n"
                                 "del a['k']\nfor i, j in a.items():\n    pass\n",
    "nested scopes": "def f():\n    x = 1\n    def g():\n        nonlocal x\n        x += 1\n        return x\n"
                     "    return g\nasync def h():\n    async with a as b:\n        await b\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_scope_cases(name: str) -> None:
    text = CASES[name]
    with fast_visits():
        module = cst.parse_module(text)
        for provider in (FastScopeProvider, provider_for(text), provider_for(None)):
            if provider is FastScopeProvider and "typing" in text:
                continue  # the shortcut is for texts without the word only
            assert dump(module, _ours(module, provider)) == dump(module, _libcst(module)), provider

