"""The items a row of appended protocol rows holds at one index, for ``config[k]`` read in the loop over them.

``configs.append(("localhost:8000", ProtocolType.HTTP, False))`` per mode, then ``for config in configs:
InferContext(config[0], config[1], model, streaming=config[2])``: the context streams only when a row's item 2
is true.  `items` gives those items (the expressions each ``append`` wrote) when the list passes
`appendedrows.rows_problem` with the protocol at the index the context reads it from, else None.
"""
from __future__ import annotations

from typing import Any, Optional

import libcst as cst
from libcst.metadata import ParentNodeProvider, ScopeProvider

from triton_migrate.analysis.resolve import literal_int, single_assignment
from triton_migrate.v1client.appendedrows import rows_problem


def _index(node: cst.BaseExpression) -> Optional[tuple[cst.Name, int]]:
    """``config[k]`` as (config, k) for a literal integer k."""
    if not (isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and len(node.slice) == 1
            and isinstance(node.slice[0].slice, cst.Index)):
        return None
    k = literal_int(node.slice[0].slice.value)
    return (node.value, k) if isinstance(k, int) and k >= 0 else None


def items(rw: Any, node: Optional[cst.BaseExpression], protocol: Optional[cst.BaseExpression]) -> Optional[list]:
    """The items every appended row holds where ``node`` (``config[k]``) reads, or None when ``node`` is not such a
    read of the loop variable over appended rows whose protocol ``protocol`` (``config[p]``) reads."""
    read, proto = _index(node) if node is not None else None, _index(protocol) if protocol is not None else None
    if read is None or proto is None or read[0].value != proto[0].value:
        return None
    target = single_assignment(rw, read[0])
    loop = rw.get_metadata(ParentNodeProvider, target, None) if isinstance(target, cst.Name) else None
    if not (isinstance(loop, cst.For) and loop.target is target and isinstance(loop.iter, cst.Name)):
        return None
    table = loop.iter
    if rows_problem(rw, table, proto[1]).problem is not None:
        return None
    scope = rw.get_metadata(ScopeProvider, table, None)
    found = []
    for assignment in scope.assignments[table.value]:
        for ref in assignment.references:
            parent = rw.get_metadata(ParentNodeProvider, ref.node, None)
            if isinstance(parent, cst.Attribute) and parent.attr.value == "append":
                call = rw.get_metadata(ParentNodeProvider, parent, None)
                row = call.args[0].value
                if read[1] >= len(row.elements):
                    return None
                found.append(row.elements[read[1]].value)
    return found or None


def all_false(rw: Any, node: Optional[cst.BaseExpression], protocol: Optional[cst.BaseExpression]) -> bool:
    """``node`` reads rows whose item there is a literal ``False`` in every row."""
    found = items(rw, node, protocol)
    return bool(found) and all(isinstance(e, cst.Name) and e.value == "False" for e in found)


__all__ = ["all_false", "items"]
