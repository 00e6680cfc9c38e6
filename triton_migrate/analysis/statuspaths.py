"""Paths into a V1 status, and the names bound to them (stdlib ``ast``): one reader.

V1 test helpers seldom read a server status in one expression; they name a part of
it and read through that name::

    ss = ctx.get_server_status()
    vs = ss.model_status[model].version_status      # the version map of one model
    infer = vs[1].infer_stats                       # a path into a name bound to a path
    for k, v in iteritems(ss.model_status[model].version_status):
        v.model_execution_count                     # a loop variable holding one version status

A **path** is a chain of attributes and subscripts from a name, written as its steps
from that name: ``ss.model_status[model].version_status[1]`` is the root ``ss`` and
the steps ``("model_status", "[]", "version_status", "[]")`` (``ELEMENT`` for any
subscript, whatever its index).  This module answers two questions on a list of
statements (one function's, in any order) and on one expression:

- ``bindings``: every name bound to a path, ``n = <path>`` (one target) or the value
  name of ``for k, v in iteritems(<path>)`` / ``<path>.items()`` (its path is
  ``<path>`` plus ``ELEMENT``), in source order;
- ``read``: the steps of the path read from a name, going up through its parents.

The checks of ``--drop-v1-only-checks`` use it: ``analysis/batchchecks.py`` (a name
bound once to a path through ``.infer_stats``) and ``analysis/unloadchecks.py`` (a
name or loop variable holding one version status, ``VERSION``).  What a name is
(a status fetched where, a name assigned once) stays their decision.
(``v1client/versionmap.py`` follows the same alias in the libcst rewriter, with
libcst's scope metadata; it is not served from here.)
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Optional

__all__ = ["ELEMENT", "VERSION", "VERSIONS", "Binding", "bindings", "path", "read"]

#: The step of a subscript in a path (the index is not part of it).
ELEMENT = "[]"
#: ``S.model_status[m].version_status``: one model's version map.
VERSIONS = ("model_status", ELEMENT, "version_status")
#: ``S.model_status[m].version_status[v]``: one version status.
VERSION = VERSIONS + (ELEMENT,)


@dataclass(frozen=True)
class Binding:
    """``name`` bound on ``line`` (column ``column``) to the path ``steps`` from the name ``root``."""

    name: str
    line: int
    column: int
    root: str
    steps: tuple[str, ...]
    loop: bool = False  # the value variable of a loop over the path's items (``steps`` ends with ELEMENT)


def path(node: ast.AST) -> Optional[tuple[str, tuple[str, ...]]]:
    """(root name, steps) of ``node`` when it is a chain of at least one attribute or subscript
    from a name, else None."""
    steps: list[str] = []
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        steps.append(node.attr if isinstance(node, ast.Attribute) else ELEMENT)
        node = node.value
    if not steps or not isinstance(node, ast.Name):
        return None
    return node.id, tuple(reversed(steps))


def _items(node: ast.AST) -> Optional[ast.AST]:
    """The mapping iterated by ``iteritems(x)`` or ``x.items()``, else None."""
    if not isinstance(node, ast.Call) or node.keywords:
        return None
    if isinstance(node.func, ast.Name) and node.func.id == "iteritems" and len(node.args) == 1:
        return node.args[0]
    if isinstance(node.func, ast.Attribute) and node.func.attr == "items" and not node.args:
        return node.func.value
    return None


def bindings(statements: list[ast.stmt]) -> list[Binding]:
    """Every name ``statements`` bind to a path (see the module docstring), sorted by (line, column)."""
    out: list[Binding] = []
    for stmt in statements:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            found = path(stmt.value)
            if found is not None:
                out.append(Binding(stmt.targets[0].id, stmt.lineno, stmt.col_offset, *found))
        elif isinstance(stmt, (ast.For, ast.AsyncFor)) and isinstance(stmt.target, ast.Tuple) \
                and len(stmt.target.elts) == 2 and isinstance(stmt.target.elts[1], ast.Name):
            mapping = _items(stmt.iter)
            found = path(mapping) if mapping is not None else None
            if found is not None:
                out.append(Binding(stmt.target.elts[1].id, stmt.lineno, stmt.col_offset, found[0],
                                   found[1] + (ELEMENT,), loop=True))
    return sorted(out, key=lambda b: (b.line, b.column))


def read(name: ast.Name, parents: dict[int, ast.AST]) -> tuple[tuple[str, ...], ast.AST]:
    """The steps read from ``name`` (attributes, and subscripts of which it is the value, going up
    ``parents``: id of a node -> its parent) and the outermost node of that path (``name`` itself
    when it is read whole)."""
    node: ast.AST = name
    steps: list[str] = []
    while True:
        parent = parents.get(id(node))
        if isinstance(parent, ast.Attribute) and parent.value is node:
            steps.append(parent.attr)
        elif isinstance(parent, ast.Subscript) and parent.value is node:
            steps.append(ELEMENT)
        else:
            return tuple(steps), node
        node = parent
