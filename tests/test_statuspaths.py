"""The reader of paths into a V1 status and of the names bound to them (analysis/statuspaths.py), on its own.

Its two users (analysis/batchchecks.py, analysis/unloadchecks.py) are pinned by test_batchchecks,
test_dropchecks and the fixtures of v1_only_checks; here: what the reader itself answers.
"""
from __future__ import annotations

import ast
import textwrap

from triton_migrate.analysis import statuspaths
from triton_migrate.analysis.statuspaths import ELEMENT, VERSION, VERSIONS, Binding


def _statements(code: str) -> list[ast.stmt]:
    tree = ast.parse(textwrap.dedent(code))
    # in no particular order, as dropchecks collects a scope's statements
    return list(reversed([n for n in ast.walk(tree) if isinstance(n, ast.stmt)]))


def test_paths_are_steps_from_a_name() -> None:
    expr = ast.parse("ss.model_status[m].version_status[1].infer_stats", mode="eval").body
    assert statuspaths.path(expr) == ("ss", VERSION + ("infer_stats",))
    assert statuspaths.path(ast.parse("vs[f(x)]", mode="eval").body) == ("vs", (ELEMENT,))
    for code in ("ss", "f(ss).model_status", "ss.get()[1]", "'a'.upper", "(a or b).x"):
        assert statuspaths.path(ast.parse(code, mode="eval").body) is None, code


def test_bindings_of_assignments_and_loops_in_source_order() -> None:
    found = statuspaths.bindings(_statements("""\
        def helper(ss, model):
            vs = ss.model_status[model].version_status
            infer = vs[1].infer_stats
            a, b = ss.model_status, ss.uptime_ns
            x = y = ss.model_status
            n = len(vs)
            for k, v in iteritems(ss.model_status[model].version_status):
                print(v.model_execution_count)
            for k, v in vs.items():  # a bare name is no path: the reader binds nothing here
                pass
            for k, v in vs[1].infer_stats.items():
                pass
            for v in vs.values():
                pass
            for k, v in vs.items(reverse=True):
                pass
    """))
    assert found == [
        Binding("vs", 2, 4, "ss", VERSIONS),
        Binding("infer", 3, 4, "vs", (ELEMENT, "infer_stats")),
        Binding("v", 7, 4, "ss", VERSION, loop=True),
        Binding("v", 11, 4, "vs", (ELEMENT, "infer_stats", ELEMENT), loop=True),
    ]


def test_a_name_bound_twice_gives_two_bindings() -> None:
    found = statuspaths.bindings(_statements("""\
        vs = first.model_status[m].version_status[1]
        vs = second.model_status[m].version_status[2]
    """))
    assert [(b.name, b.line, b.root, b.steps) for b in found] == [
        ("vs", 1, "first", VERSION), ("vs", 2, "second", VERSION)]


def _name_and_parents(code: str, name: str) -> tuple[ast.Name, dict[int, ast.AST]]:
    tree = ast.parse(code)
    parents = {id(child): parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    return next(n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == name), parents


def test_read_goes_up_attributes_and_subscripts_of_the_name() -> None:
    name, parents = _name_and_parents("x = str(ss.model_status[m].version_status[1].model_execution_count)", "ss")
    steps, outer = statuspaths.read(name, parents)
    assert steps == VERSION + ("model_execution_count",)
    assert isinstance(outer, ast.Attribute) and outer.attr == "model_execution_count"
    assert isinstance(parents[id(outer)], ast.Call)


def test_read_stops_where_the_name_is_an_index_or_read_whole() -> None:
    name, parents = _name_and_parents("x = vs[ss].model_status", "ss")
    assert statuspaths.read(name, parents) == ((), name)
    name, parents = _name_and_parents("print(ss)", "ss")
    assert statuspaths.read(name, parents) == ((), name)
    name, parents = _name_and_parents("print(ss[1][2].x())", "ss")
    steps, outer = statuspaths.read(name, parents)
    assert steps == (ELEMENT, ELEMENT, "x") and isinstance(parents[id(outer)], ast.Call)
