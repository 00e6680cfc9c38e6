"""A region handle read by a constant index from a list of regions whose creation the file shows.

Real V1 tests build their regions in a helper and hand them back as a list::

    def _configure_server(self):
        h0 = shm.create_shared_memory_region("input0_data", "/input0_data", 64)
        ...
        return [h0, h1, h2, h3]

    def test_x(self):
        handles = self._configure_server()
        control.unregister(handles[2])

V2 names a region by its name (``unregister_system_shared_memory("output0_data")``),
so the handle must be traced to its ``create_shared_memory_region(...)`` call.  It
is, exactly, when all of this holds (otherwise nothing is resolved and the use
keeps its finding):

- the index is a non-negative integer literal, the list name is assigned once, to
  a list literal or to the call of a function of the file (``f()``) or a method of
  the enclosing class (``self.m()``) with exactly one ``return`` of a list literal
  whose element at that index is a name assigned once, to a
  ``create_shared_memory_region(...)`` call;
- that call's arguments are literals when it lies in another function (its names
  would not be in scope here), and names assigned once otherwise;
- nothing can change the list before the use: its other reads are constant-index
  reads, ``append`` / ``extend`` (they add at the end), or come after the use on a
  later line while the use is in no loop.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ParentNodeProvider, PositionProvider, ScopeProvider

from triton_migrate.analysis.resolve import accesses, single_assignment
from triton_migrate.v1client.escape import enclosing, own_returns
from triton_migrate.v1client.shmregistry import creation

if TYPE_CHECKING:
    from triton_migrate.v1client.client import ContextRewriter

_GROWS = frozenset({"append", "extend"})


def _index(node: cst.Subscript) -> Optional[int]:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    value = node.slice[0].slice.value
    return int(value.value, 0) if isinstance(value, cst.Integer) else None


def _in_loop(rw: ContextRewriter, node: cst.CSTNode) -> bool:
    parent = rw.get_metadata(ParentNodeProvider, node, None)
    while parent is not None and not isinstance(parent, (cst.FunctionDef, cst.Module)):
        if isinstance(parent, (cst.For, cst.While, cst.CompFor)):
            return True
        parent = rw.get_metadata(ParentNodeProvider, parent, None)
    return False


def _callee(rw: ContextRewriter, call: cst.Call) -> Optional[cst.FunctionDef]:
    """The function of the file that ``f()`` or ``self.m()`` calls, when the file defines it once."""
    if isinstance(call.func, cst.Name):
        target = single_assignment(rw, call.func)
        return target if isinstance(target, cst.FunctionDef) else None
    if not (isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Name)):
        return None
    method = enclosing(rw, call, cst.FunctionDef)
    cls = enclosing(rw, method, cst.ClassDef) if method is not None else None
    params = method.params.params if isinstance(method, cst.FunctionDef) else ()
    if cls is None or not params or params[0].name.value != call.func.value.value \
            or method.decorators:  # type: ignore[union-attr]
        return None
    found = [s for s in cls.body.body  # type: ignore[union-attr]
             if isinstance(s, cst.FunctionDef) and s.name.value == call.func.attr.value]
    return found[0] if len(found) == 1 and not found[0].decorators else None


def _returned_list(function: cst.FunctionDef) -> Optional[cst.List]:
    returns = own_returns(function)  # the function's own returns (None for a generator)
    if not returns or len(returns) != 1 or not isinstance(returns[0].value, cst.List):  # type: ignore[attr-defined]
        return None
    return returns[0].value  # type: ignore[attr-defined]


def _unchanged_before(rw: ContextRewriter, target: cst.Name, use: cst.Subscript) -> bool:
    """Nothing reorders, replaces or removes the list's elements before ``use`` reads one."""
    scope = rw.get_metadata(ScopeProvider, target, None)
    if scope is None:
        return False
    try:
        where = rw.get_metadata(PositionProvider, use).end.line
    except KeyError:
        return False
    looped = _in_loop(rw, use)
    for access in accesses(scope, target.value):
        node = access.node
        parent = rw.get_metadata(ParentNodeProvider, node, None)
        if isinstance(parent, cst.Subscript) and parent.value is node and _index(parent) is not None:
            holder = rw.get_metadata(ParentNodeProvider, parent, None)
            if not isinstance(holder, (cst.AssignTarget, cst.Del, cst.AugAssign)):
                continue  # a read
            return False
        if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value in _GROWS:
            call = rw.get_metadata(ParentNodeProvider, parent, None)
            if isinstance(call, cst.Call) and call.func is parent:
                continue
        try:
            line = rw.get_metadata(PositionProvider, node).start.line
        except KeyError:
            return False
        if looped or line <= where:
            return False
    return True


def _literal_args(call: cst.Call) -> bool:
    return not any(m.findall(arg.value, m.Name() | m.Attribute()) for arg in call.args)


def _stable_args(rw: ContextRewriter, call: cst.Call) -> bool:
    """Every name in the call's arguments is assigned once where it is read (its value cannot change
    between the region's creation and the read of the list)."""
    for arg in call.args:
        for name in m.findall(arg.value, m.Name()):
            scope = rw.get_metadata(ScopeProvider, name, None)
            if scope is None or name.value not in scope or len(scope[name.value]) != 1:  # type: ignore[union-attr]
                return False
    return True


def region(rw: ContextRewriter, node: cst.BaseExpression) -> Optional[cst.Call]:
    """The ``create_shared_memory_region(...)`` call whose handle ``L[i]`` is, else None."""
    if not (isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name)):
        return None
    index = _index(node)
    target = single_assignment(rw, node.value)
    if index is None or index < 0 or not isinstance(target, cst.Name):
        return None
    value = rw.values.get(target)
    here = True
    if isinstance(value, cst.Call) and not value.args:
        function = _callee(rw, value)
        value = _returned_list(function) if function is not None else None
        here = False
    if not isinstance(value, cst.List) or index >= len(value.elements) \
            or any(isinstance(e, cst.StarredElement) for e in value.elements[:index + 1]):
        return None
    element = value.elements[index].value
    if not isinstance(element, cst.Name) or not _unchanged_before(rw, target, node):
        return None
    created = creation(rw.values.get(single_assignment(rw, element)))  # type: ignore[arg-type]
    if created is None or not (_literal_args(created) if not here else _stable_args(rw, created)):
        return None
    return created


__all__ = ["region"]
