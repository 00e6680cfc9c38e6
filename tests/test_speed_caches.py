"""Each speed cache against the slow path it stands for (bench/python_verifier.py measures the gain).

- `triton_migrate.analysis.astcache.walk`: ``ast.walk`` of a kept tree (or of a node of one), found
  once: the same nodes (the same objects) in the same order, every time, also after other texts
  were parsed and trees dropped.
- `triton_migrate.analysis.cstwalk.named_nodes`: for every name, the nodes ``m.findall`` finds for
  ``m.Name(x)`` and ``m.Attribute(attr=m.Name(x))`` (the same objects, in the same order).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from triton_migrate.analysis import astcache

PROGRAMS = sorted((Path(__file__).resolve().parent / "e2e" / "v1_programs").glob("*.py"))


@pytest.fixture(autouse=True)
def _fresh() -> None:
    astcache.forget()
    yield
    astcache.forget()


@pytest.mark.parametrize("path", PROGRAMS[::6], ids=lambda p: p.stem)
def test_walk_of_a_kept_tree_is_ast_walk(path: Path) -> None:
    text = path.read_text()
    tree = astcache.parse(text)
    first = astcache.walk(tree)
    assert [id(n) for n in first] == [id(n) for n in ast.walk(tree)]
    again = astcache.walk(tree)
    assert again is first  # found once
    for node in first:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            assert [id(n) for n in astcache.walk(node)] == [id(n) for n in ast.walk(node)]


def test_walks_follow_the_trees_kept() -> None:
    texts = [p.read_text() for p in PROGRAMS[:astcache.KEEP + 2]]
    trees = [astcache.parse(t) for t in texts]
    for tree in trees:  # the first ones were dropped from the cache: still ast.walk's answer
        assert [id(n) for n in astcache.walk(tree)] == [id(n) for n in ast.walk(tree)]
    astcache.parse(texts[0])  # a new tree for the first text; the lists of dropped trees go
    for tree in trees + [astcache.parse(texts[0])]:
        assert [id(n) for n in astcache.walk(tree)] == [id(n) for n in ast.walk(tree)]


def test_nothing_is_kept_without_a_kept_tree() -> None:
    tree = ast.parse(PROGRAMS[0].read_text())
    assert [id(n) for n in astcache.walk(tree)] == [id(n) for n in ast.walk(tree)]
    assert not astcache._WALKS


def _fixture(case_id: str) -> tuple[str, str]:
    from fixture_cases import discover_cases

    case = next(c for c in discover_cases() if c.id == case_id)
    return case.input.read_text(), case.logical


@pytest.mark.parametrize("path", PROGRAMS[::5], ids=lambda p: p.stem)
def test_named_nodes_is_findall(path: Path) -> None:
    import libcst as cst
    import libcst.matchers as m

    from triton_migrate.analysis.cstwalk import fast_visits, forget_named, named_nodes

    module = cst.parse_module(path.read_text())
    with fast_visits():
        forget_named()
        names, attributes = named_nodes(module)
        assert named_nodes(module)[0] is names  # kept for the same tree
        every = {n.value for n in m.findall(module, m.Name())}
        assert set(names) == every
        for name in every:
            assert [id(n) for n in names[name]] == [id(n) for n in m.findall(module, m.Name(name))]
            assert [id(a) for a in attributes.get(name, [])] == \
                [id(a) for a in m.findall(module, m.Attribute(attr=m.Name(name)))]
        other = cst.parse_module(path.read_text())  # an equal tree: its own nodes, not the kept ones
        assert [id(n) for n in named_nodes(other)[0][next(iter(every))]] == \
            [id(n) for n in m.findall(other, m.Name(next(iter(every))))]
        forget_named()

