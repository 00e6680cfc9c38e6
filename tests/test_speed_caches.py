"""Each speed cache against the slow path it stands for (bench/python_verifier.py measures the gain).

- `triton_migrate.analysis.astcache.walk`: ``ast.walk`` of a kept tree (or of a node of one), found
  once: the same nodes (the same objects) in the same order, every time, also after other texts
  were parsed and trees dropped.
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
