"""The speed lane's caches against their slow paths: `analysis.astcache` (one stdlib ``ast`` tree per
text) and the per-statement reuse of `v1client.modindex` (a text version's index built from the
parts of the statements it kept equals a whole walk of it)."""
from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import libcst as cst
import pytest

from triton_migrate.analysis import astcache
from triton_migrate.analysis.resolve import walk
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.v1client import modindex

REPO = Path(__file__).resolve().parent.parent
PROGRAMS = sorted((REPO / "tests/e2e/v1_programs").glob("*.py"))
INPUTS = sorted([*REPO.glob("fixtures/*/*.input.py"), *PROGRAMS])


# -- astcache ------------------------------------------------------------------------------------

def test_astcache_gives_the_tree_ast_parse_gives() -> None:
    astcache.forget()
    for path in INPUTS[:20]:
        text = path.read_text()
        tree = astcache.parse(text)
        assert ast.dump(tree, include_attributes=True) == ast.dump(ast.parse(text), include_attributes=True)
        assert astcache.parse(text) is tree  # the same text: the same tree


def test_astcache_keeps_the_texts_used_last() -> None:
    astcache.forget()
    texts = [f"x = {i}\n" for i in range(astcache.KEEP + 1)]
    trees = [astcache.parse(t) for t in texts]
    assert astcache.parse(texts[-1]) is trees[-1]
    assert astcache.parse(texts[0]) is not trees[0]  # the least recently used was dropped
    astcache.forget()
    assert astcache.parse(texts[-1]) is not trees[-1]


def test_astcache_raises_as_ast_parse_every_time() -> None:
    astcache.forget()
    for _ in range(2):
        with pytest.raises(SyntaxError) as exc:
            astcache.parse("def f(:\n")
        with pytest.raises(SyntaxError) as expected:
            ast.parse("def f(:\n")
        assert (exc.value.lineno, exc.value.offset, exc.value.msg) == \
            (expected.value.lineno, expected.value.offset, expected.value.msg)


# -- modindex ------------------------------------------------------------------------------------

def _slow_index(module: cst.Module) -> dict[str, Any]:
    """The index as one whole walk with ``isinstance`` made it (modindex before per-statement parts)."""
    out: dict[str, Any] = {"attributes": {}, "classes": [], "functions": [], "names": {}, "async_runs": [],
                           "assigns": []}
    for node in walk(module):
        if isinstance(node, cst.Name):
            out["names"].setdefault(node.value, []).append(node)
        elif isinstance(node, cst.Attribute):
            out["attributes"].setdefault(node.attr.value, []).append(node)
        elif isinstance(node, cst.Call):
            if isinstance(node.func, cst.Attribute) and node.func.attr.value == "async_run":
                out["async_runs"].append(node)
        elif isinstance(node, cst.Assign):
            if len(node.targets) == 1 and isinstance(node.targets[0].target, (cst.Name, cst.Attribute)):
                out["assigns"].append(node)
        elif isinstance(node, cst.FunctionDef):
            out["functions"].append(node)
        elif isinstance(node, cst.ClassDef):
            out["classes"].append(node)
    return out


def _same(index: modindex.ModuleIndex, slow: dict[str, Any]) -> bool:
    def ids(value: Any) -> Any:
        if isinstance(value, dict):
            return [(k, ids(v)) for k, v in value.items()]  # key order too
        return [id(n) for n in value]

    return all(ids(getattr(index, key)) == ids(value) for key, value in slow.items())


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every index the rules ask for during a migration is compared with a whole walk of its module;
    counts the indexes that reused parts of an earlier text version."""
    reused = [0]
    real = modindex.ModuleIndex

    class Checking(real):  # type: ignore[misc,valid-type]
        def __init__(self, module: cst.Module) -> None:
            before = {k: v[0] for k, v in modindex._PARTS.items()}
            super().__init__(module)
            if any(before.get(id(s)) is s for s in module.body):
                reused[0] += 1
            assert _same(self, _slow_index(module)), module.code

    monkeypatch.setattr(modindex, "ModuleIndex", Checking)
    return reused


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_module_index_equals_a_whole_walk(path: Path, checked: list[int]) -> None:
    text = path.read_text()
    first = migrate_text(text, path.name, Settings())
    assert first.status != "error", first.reason
    if first.new is not None:
        migrate_text(first.new, path.name, Settings())


def test_a_long_file_reuses_statement_parts(checked: list[int]) -> None:
    # the e2e programs one after the other: several rules ask for the index of later text versions
    migrate_text("\n\n".join(p.read_text() for p in PROGRAMS[:16]), "long.py", Settings())
    assert checked[0] > 0  # the reuse happens


def test_module_index_of_header_and_footer_lines() -> None:
    modindex.forget()
    module = cst.parse_module("# head\n\nimport a\nx = a.b\nclass C:\n    def f(self):\n        y.async_run()\n# tail\n")
    assert _same(modindex.ModuleIndex(module), _slow_index(module))
    again = module.with_changes(body=[*module.body[:1], cst.parse_statement("x = a.c\n"), *module.body[2:]])
    index = modindex.ModuleIndex(again)  # the class statement's part is reused
    assert _same(index, _slow_index(again))
    modindex.forget()


# -- v1_shared_memory: method calls answered without qualified names ------------------------------

def test_attribute_qualified_names_end_with_the_attribute(monkeypatch: pytest.MonkeyPatch) -> None:
    """``_is_set`` answers False for ``x.<attr>(...)`` with another attribute without asking for qualified
    names: every qualified name libcst gives an ``Attribute`` ends with ``.<attr>``.  Checked on every
    call ``v1_shared_memory`` sees over the fixtures and e2e programs (the slow path is still taken for
    the others)."""
    from libcst.metadata import QualifiedNameProvider

    from triton_migrate.codemods import v1_shared_memory as rule

    seen = [0]
    real = rule._SerializedStrings._is_set

    def checking(self: Any, func: cst.BaseExpression) -> bool:
        if isinstance(func, cst.Attribute):
            names = self.get_metadata(QualifiedNameProvider, func, set())
            assert all(q.name.endswith("." + func.attr.value) for q in names), (func.attr.value, names)
            seen[0] += len(names)
        return real(self, func)  # type: ignore[no-any-return]

    monkeypatch.setattr(rule._SerializedStrings, "_is_set", checking)
    for path in INPUTS:
        text = path.read_text()
        if "shared_memory" in text:
            migrate_text(text, path.name, Settings())
    assert seen[0] > 0


# -- cstwalk: token nodes not entered by visitors with no hook on them ------------------------------

def _node_types(annotation: Any) -> set[type]:
    """The libcst node classes a dataclass field's annotation names (through Optional, Union, Sequence)."""
    import typing

    if isinstance(annotation, type):
        if issubclass(annotation, cst.CSTNode):
            found = {annotation}
            found.update(k for k in vars(cst).values() if isinstance(k, type) and issubclass(k, annotation))
            return found
        return set()
    return {kind for arg in typing.get_args(annotation) for kind in _node_types(arg)}


def test_token_nodes_hold_only_token_nodes() -> None:
    """What makes the skip exact: every node that can sit under a token node is a token node."""
    import dataclasses
    import typing

    from triton_migrate.analysis.cstwalk import TOKENS

    assert len(TOKENS) > 50
    for kind in TOKENS:
        hints = typing.get_type_hints(kind)
        for field in dataclasses.fields(kind):
            under = {k for k in _node_types(hints[field.name]) if not getattr(k, "__abstractmethods__", None)}
            assert under <= TOKENS, (kind.__name__, field.name, sorted(k.__name__ for k in under - TOKENS))


class _CallsAndNames(cst.CSTTransformer):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, str]] = []

    def visit_Call(self, node: cst.Call) -> None:
        self.seen.append(("call", cst.Module([]).code_for_node(node.func)))

    def visit_Call_whitespace_after_func(self, node: cst.Call) -> None:  # an attribute hook of a non-token
        self.seen.append(("ws", type(node.whitespace_after_func).__name__))

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        self.seen.append(("name", original_node.value))
        return updated_node.with_changes(value=original_node.value.upper()) if len(original_node.value) < 3 \
            else updated_node


class _Commas(_CallsAndNames):
    def visit_Comma(self, node: cst.Comma) -> None:
        self.seen.append(("comma", ""))


class _CommaSpace(_CallsAndNames):
    def leave_Comma_whitespace_after(self, node: cst.Comma) -> None:
        self.seen.append(("comma space", ""))


@pytest.mark.parametrize("path", INPUTS[:40], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_token_skip_gives_libcst_trees_and_calls(path: Path) -> None:
    from triton_migrate.analysis.cstwalk import TOKENS, _plan, fast_visits

    module = cst.parse_module(path.read_text())
    for make, skips in ((_CallsAndNames, True), (_Commas, False), (_CommaSpace, False)):
        slow = make()
        expected = module.visit(slow)
        fast = make()
        with fast_visits():
            assert (_plan(fast, True).skip() == TOKENS) is skips  # type: ignore[union-attr]
            got = module.visit(fast)
        assert got.code == expected.code and got.deep_equals(expected)
        assert fast.seen == slow.seen


# -- verify: per-model indexes of assignments and attribute tables ---------------------------------

@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_verify_assignment_index_and_tables_equal_walks(path: Path) -> None:
    from triton_migrate.analysis import verify

    try:
        tree = ast.parse(path.read_text())
    except SyntaxError:
        pytest.skip("not Python 3")
    model = verify.Model(tree)
    scopes = [tree, *(n for n in ast.walk(tree) if isinstance(n, verify._SPAN_NODES))]
    for scope in scopes:
        slow = [n for n in model.nodes_in(scope) if isinstance(n, (ast.Assign, ast.For))]
        assert list(model.assignments_in(scope)) == slow
    attrs = {t.attr for n in ast.walk(tree) if isinstance(n, ast.Assign) for t in n.targets
             if isinstance(t, ast.Attribute)} | {"protocols_", "absent"}
    for attr in attrs:
        slow_rows = [r for a in ast.walk(tree) if isinstance(a, ast.Assign) and isinstance(a.value, (ast.List, ast.Tuple))
                     and any(isinstance(t, ast.Attribute) and t.attr == attr for t in a.targets) for r in a.value.elts]
        assert model.table_rows(attr) == slow_rows
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {"absent"}
    for scope in scopes:
        for name in names:
            slow_local = verify.Model._local_rows_slow(model.nodes_in(scope), name)
            assert model.local_rows(scope, name) == slow_local
