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
