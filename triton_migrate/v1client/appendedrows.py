"""Protocol rows appended to a local list: the one check both sides of the rewrite use.

``configs = []``, then ``configs.append((url, ProtocolType.GRPC, True))`` (once or in
branches), then ``for config in configs: InferContext(config[0], config[1], ...)``.
The rows become client modules (`v1_protocol`) and the contexts built from
``config[1]`` become V2 clients (`escape.appended_problem`) only together, so both
sides ask `rows_problem` the same question and get the same answer:

- the list is a local name (not a module global) assigned once, to ``[]``;
- every other read of it is ``configs.append(row)`` (one positional argument), with
  ``row`` a tuple of the same width as every other row, no starred item, and a
  ``ProtocolType.HTTP`` / ``.GRPC`` literal at the protocol's index; ``len(configs)``;
  or the iterable of a ``for`` loop;
- at least one loop walks it.

Each side then checks its own end: `v1_protocol` that every read of the item in those
loops is a client-module use, `escape` that it is a V1 context's protocol argument.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import libcst as cst
from libcst.metadata import Assignment, GlobalScope, ParentNodeProvider, ScopeProvider

PROTOCOL_LITERALS = ("ProtocolType.HTTP", "ProtocolType.GRPC")


@dataclass(frozen=True)
class AppendedRows:
    """The loops that walk a list of appended protocol rows, or why the list is not one."""

    problem: Optional[str]
    loops: tuple[cst.For, ...] = ()


def rows_problem(rewriter: Any, table: cst.Name, index: int, width: Optional[int] = None) -> AppendedRows:
    """Judge the list ``table`` names (any read of it) as rows holding a ``ProtocolType`` literal at
    ``index``; ``width`` is the width every row must have (None: the width of the first row).
    ``rewriter`` gives ``get_metadata`` (scope and parent) and ``resolver.v1_name``."""
    name = table.value
    scope = rewriter.get_metadata(ScopeProvider, table, None)
    if scope is None or isinstance(scope, GlobalScope):
        return AppendedRows(f"`{name}` is not a local list the tool can follow")
    mine = [a for a in scope.assignments[name] if isinstance(a, Assignment)]
    if len(mine) != 1 or not isinstance(mine[0].node, cst.Name):
        return AppendedRows(f"`{name}` is assigned more than once")
    store = rewriter.get_metadata(ParentNodeProvider, mine[0].node, None)
    assign = rewriter.get_metadata(ParentNodeProvider, store, None) if isinstance(store, cst.AssignTarget) else None
    if not (isinstance(assign, cst.Assign) and len(assign.targets) == 1 and isinstance(assign.value, cst.List)
            and not assign.value.elements):
        return AppendedRows(f"`{name}` is not a list built here by `append`")
    loops: list[cst.For] = []
    for ref in mine[0].references:
        node = ref.node
        parent = rewriter.get_metadata(ParentNodeProvider, node, None)
        if isinstance(parent, cst.For) and parent.iter is node:
            loops.append(parent)
            continue
        if isinstance(parent, cst.Arg):
            outer = rewriter.get_metadata(ParentNodeProvider, parent, None)
            if isinstance(outer, cst.Call) and isinstance(outer.func, cst.Name) and outer.func.value == "len" \
                    and len(outer.args) == 1:
                continue
        call = rewriter.get_metadata(ParentNodeProvider, parent, None) if isinstance(parent, cst.Attribute) else None
        if not (isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == "append"
                and isinstance(call, cst.Call) and call.func is parent and len(call.args) == 1
                and call.args[0].keyword is None and not call.args[0].star):
            return AppendedRows(f"`{name}` is changed or handed on other than by `append`")
        row = call.args[0].value
        if not isinstance(row, cst.Tuple) or any(isinstance(e, cst.StarredElement) for e in row.elements):
            return AppendedRows(f"`{name}` gets a row that is not a plain tuple")
        if width is None:
            width = len(row.elements)
        if len(row.elements) != width or index >= width:
            return AppendedRows(f"`{name}` gets rows of different widths")
        if rewriter.resolver.v1_name(row.elements[index].value) not in PROTOCOL_LITERALS:
            return AppendedRows(f"`{name}` gets a row whose item {index} is not a ProtocolType literal")
    if not loops:
        return AppendedRows(f"no loop walks `{name}`")
    return AppendedRows(None, tuple(loops))
