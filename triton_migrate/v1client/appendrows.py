"""Protocol rows appended to a local list and iterated in the same function.

V1 tests choose their server per call of a helper::

    configs = []
    if protocol == "http":
        configs.append(("localhost:8000", ProtocolType.HTTP, False))
    if protocol == "streaming":
        configs.append(("localhost:8001", ProtocolType.GRPC, True))
    for config in configs:
        ctx = InferContext(config[0], config[1], model_name, streaming=config[2])

`v1_protocol` turns the rows' ``ProtocolType`` items into client modules
(``("localhost:8000", httpclient, False)``) when every read of them is a module use.
For rows appended to a local list that is proven here, all of it or nothing:

- the list is a local name of a function, assigned once, from an empty list display;
- every other read of it is ``name.append(row)`` with a tuple display of the same width
  (no starred item) as its one argument, whose protocol item is ``ProtocolType.HTTP`` or
  ``.GRPC`` (a row holding a protocol variable would keep its V1 value), ``len(name)``, or the iterable of a ``for`` loop;
- in each such loop, the protocol item is only used as a client module
  (`v1_protocol`'s own test, ``loop_item_use``).

Anything else (the list returned, printed, extended, passed on, a row of another
width) leaves every row as it was, reported as a ``ProtocolType`` value; the
verifier reads the same rows (``config[1]`` of ``for config in configs``) and takes
back a client built from one that stays V1.
"""
from __future__ import annotations

from typing import Any

import libcst as cst
from libcst.metadata import FunctionScope, ParentNodeProvider, ScopeProvider

from triton_migrate.analysis.resolve import accesses

MEMBERS = ("ProtocolType.HTTP", "ProtocolType.GRPC")


def rows_use(rewriter: Any, row: cst.Tuple, index: int, depth: int) -> bool:
    """``row`` is appended to a local list whose every use is proven above (``index``: the protocol item)."""
    arg = rewriter.get_metadata(ParentNodeProvider, row, None)
    call = rewriter.get_metadata(ParentNodeProvider, arg, None) if isinstance(arg, cst.Arg) else None
    if not (isinstance(call, cst.Call) and len(call.args) == 1 and call.args[0] is arg and arg.keyword is None
            and arg.star == "" and isinstance(call.func, cst.Attribute) and call.func.attr.value == "append"
            and isinstance(call.func.value, cst.Name)):
        return False
    name = call.func.value
    scope = rewriter.get_metadata(ScopeProvider, name, None)
    if not isinstance(scope, FunctionScope):
        return False
    try:
        assignments = list(scope.assignments[name.value])
    except Exception:  # noqa: BLE001 - libcst raises on odd scopes
        return False
    if len(assignments) != 1 or not _empty_list(rewriter, assignments[0].node):
        return False
    width = len(row.elements)
    loops = []
    for access in accesses(scope, name.value):
        node = access.node
        parent = rewriter.get_metadata(ParentNodeProvider, node, None)
        if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == "append":
            use = rewriter.get_metadata(ParentNodeProvider, parent, None)
            if not (isinstance(use, cst.Call) and len(use.args) == 1 and isinstance(use.args[0].value, cst.Tuple)
                    and use.args[0].keyword is None and use.args[0].star == ""
                    and len(use.args[0].value.elements) == width
                    and not any(isinstance(e, cst.StarredElement) for e in use.args[0].value.elements)
                    and rewriter.resolver.v1_name(use.args[0].value.elements[index].value) in MEMBERS):
                return False  # every row's protocol item is a member the rule rewrites, or none is
        elif isinstance(parent, cst.Arg) and parent.value is node and parent.keyword is None and parent.star == "":
            use = rewriter.get_metadata(ParentNodeProvider, parent, None)
            if not (isinstance(use, cst.Call) and isinstance(use.func, cst.Name) and use.func.value == "len"
                    and len(use.args) == 1):
                return False
        elif isinstance(parent, cst.For) and parent.iter is node:
            loops.append(parent)
        else:
            return False
    return all(rewriter.loop_item_use(loop, index, width, depth) for loop in loops)


def _empty_list(rewriter: Any, target: cst.CSTNode) -> bool:
    assign_target = rewriter.get_metadata(ParentNodeProvider, target, None)
    assign = rewriter.get_metadata(ParentNodeProvider, assign_target, None) \
        if isinstance(assign_target, cst.AssignTarget) else None
    return isinstance(assign, cst.Assign) and len(assign.targets) == 1 and assign.targets[0].target is target \
        and isinstance(assign.value, cst.List) and not assign.value.elements
