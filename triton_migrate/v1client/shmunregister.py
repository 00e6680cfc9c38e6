"""``control.unregister(h)`` on handles a cleanup function receives from the file's own region factory.

V1 tests create their output regions in one function and unregister them in another::

    def _create_advance(shm_regions=None):
        precreated = []
        for shm_region in shm_regions:
            if TEST_SYSTEM_SHARED_MEMORY:
                handle = shm.create_shared_memory_region(shm_region + '_data', '/' + shm_region, 512)
            else:
                handle = cudashm.create_shared_memory_region(shm_region + '_data', 512, 0)
            precreated.append(handle)
        return precreated

    def _cleanup_after(shm_handles):
        control = SharedMemoryControlContext("localhost:8000", ProtocolType.HTTP)
        for handle in shm_handles:
            control.unregister(handle)

V2 unregisters a region by its name, with a call per kind
(``unregister_system_shared_memory(name)`` / ``unregister_cuda_shared_memory(name)``),
and which creation a handle in ``_cleanup_after`` comes from is only known at run
time.  When it is proven that every handle reaching the call is created in this
file, the file records each region it creates in its one registry (`shmregistry`)
and the call reads it back:

- right after each such ``create_shared_memory_region(...)`` statement,
  ``_v1_region(None, handle, "system", <name>, <key>, <size>)`` (or ``"cuda"``);
- the call becomes ``_v1_unregister(control, handle)``, a function written
  into the file that looks the handle up and calls the V2 method of its kind.

Proven means, all of it (otherwise nothing changes and the call keeps its
finding): the handle is the variable of ``for handle in P`` (never assigned in the
loop) or ``P`` itself, ``P`` a parameter of a top-level function of the file that
is only ever called in the file; every call passes for ``P`` a name assigned once (never changed: no method
called on it, no item stored or deleted, no ``+=``) from a call of a top-level function of the file whose every ``return`` gives ``[]``
or a list variable assigned once to ``[]`` and otherwise only grown by
``.append(x)``, each ``x`` assigned in that function only from
``create_shared_memory_region(...)`` calls whose arguments read no call (they are
read again right after the creation).  The registry's names must be free in the
file, or be its registry block (`shmregistry.available`).
"""
from __future__ import annotations

from typing import Any, Optional

import libcst as cst
import libcst.matchers as m
from libcst.metadata import Assignment, ParentNodeProvider, ScopeProvider

from triton_migrate.analysis.resolve import assignments_of, bind_arguments, single_assignment
from triton_migrate.v1client.escape import name_calls, own_returns
from triton_migrate.v1client.shmregistry import REGISTRY, UNREGISTER, ControlPlan, available, creation, record_line, \
    recorded, region_of

MESSAGE = ("`unregister(handle)` on a region this file creates elsewhere: V2 unregisters by name and kind, so "
           f"each creation records its region in `{REGISTRY}` and `{UNREGISTER}()`, written into this file, calls "
           "`unregister_system_shared_memory(name)` or `unregister_cuda_shared_memory(name)`.")


def _params(function: cst.FunctionDef) -> tuple[str, ...]:
    return tuple(p.name.value for p in (*function.params.posonly_params, *function.params.params))


def _top_function(rw: Any, node: cst.CSTNode) -> Optional[cst.FunctionDef]:
    parent = rw.get_metadata(ParentNodeProvider, node, None)
    return node if isinstance(node, cst.FunctionDef) and isinstance(parent, cst.Module) else None


def _assignments(rw: Any, function: cst.FunctionDef, name: str) -> Optional[list[Assignment]]:
    return assignments_of(rw, function.body, name)


def _reads_no_call(node: cst.CSTNode) -> bool:
    return not m.findall(node, m.Call() | m.Await() | m.Yield() | m.NamedExpr())


def _factory_creates(rw: Any, function: cst.FunctionDef) -> Optional[list[tuple[cst.SimpleStatementLine, cst.Call, str]]]:
    """The create statements whose handles ``function`` returns in a list, or None when not that shape."""
    returns = own_returns(function)
    if not returns:
        return None
    lists: set[str] = set()
    for ret in returns:
        value = ret.value  # type: ignore[attr-defined]
        if isinstance(value, cst.List) and not value.elements:
            continue
        if not isinstance(value, cst.Name):
            return None
        lists.add(value.value)
    creates: list[tuple[cst.SimpleStatementLine, cst.Call, str]] = []
    for name in lists:
        assigned = _assignments(rw, function, name)
        if not assigned or len(assigned) != 1:
            return None
        store = rw.get_metadata(ParentNodeProvider, assigned[0].node, None)
        assign = rw.get_metadata(ParentNodeProvider, store, None) if store is not None else None
        if not (isinstance(assign, cst.Assign) and isinstance(assign.value, cst.List) and not assign.value.elements):
            return None
        for access in assigned[0].references:
            parent = rw.get_metadata(ParentNodeProvider, access.node, None)
            if isinstance(parent, cst.Return):
                continue
            call = rw.get_metadata(ParentNodeProvider, parent, None) if parent is not None else None
            if not (isinstance(parent, cst.Attribute) and parent.attr.value == "append" and isinstance(call, cst.Call)
                    and call.func is parent and len(call.args) == 1 and isinstance(call.args[0].value, cst.Name)
                    and isinstance(rw.get_metadata(ParentNodeProvider, call, None), cst.Expr)):
                return None
            item = call.args[0].value
            sources = _assignments(rw, function, item.value)
            if not sources:
                return None
            for source in sources:
                target_parent = rw.get_metadata(ParentNodeProvider, source.node, None)
                assign = rw.get_metadata(ParentNodeProvider, target_parent, None)
                line = rw.get_metadata(ParentNodeProvider, assign, None) if assign is not None else None
                region = assign.value if isinstance(assign, cst.Assign) and len(assign.targets) == 1 else None
                if not (isinstance(target_parent, cst.AssignTarget) and isinstance(line, cst.SimpleStatementLine)
                        and len(line.body) == 1 and creation(region) is not None):
                    return None
                creates.append((line, region, item.value))
    return creates


def _only_passed(rw: Any, target: cst.Name) -> bool:
    """No read of the list ``target`` names changes it in this function (no ``x.append(...)`` or other
    method, no ``x[i] = ...``, ``del x[i]``, ``x += ...``): it is only handed on (an argument, an item
    of a tuple or dict) or read."""
    scope = rw.get_metadata(ScopeProvider, target, None)
    if scope is None:
        return False
    mine = [a for a in scope.assignments[target.value] if isinstance(a, Assignment) and a.node is target]
    if len(mine) != 1:
        return False
    for ref in mine[0].references:
        parent = rw.get_metadata(ParentNodeProvider, ref.node, None)
        above = rw.get_metadata(ParentNodeProvider, parent, None) if parent is not None else None
        if isinstance(parent, cst.Attribute) and parent.value is ref.node or \
                isinstance(parent, cst.AugAssign) and parent.target is ref.node or \
                isinstance(parent, cst.Subscript) and isinstance(above, (cst.AssignTarget, cst.Del, cst.AugAssign)):
            return False
    return True


def _handles_source(rw: Any, handle: cst.BaseExpression) -> Optional[tuple[cst.FunctionDef, str]]:
    """(function, parameter) whose value ``handle`` iterates (or is)."""
    if not isinstance(handle, cst.Name):
        return None
    target = single_assignment(rw, handle)
    if isinstance(target, cst.Name):  # ``for handle in P``
        loop = rw.get_metadata(ParentNodeProvider, target, None)
        if not (isinstance(loop, cst.For) and loop.target is target and isinstance(loop.iter, cst.Name)):
            return None
        target = single_assignment(rw, loop.iter)
    if not isinstance(target, cst.Param):
        return None
    parameters = rw.get_metadata(ParentNodeProvider, target, None)
    function = rw.get_metadata(ParentNodeProvider, parameters, None) if parameters is not None else None
    function = _top_function(rw, function) if function is not None else None
    if function is None or function.decorators or target.name.value not in _params(function):
        return None
    return function, target.name.value


def plan(rw: Any) -> ControlPlan:
    """Before the rewrite: the ``unregister(h)`` calls of the file this module converts."""
    result = ControlPlan()
    if not available(rw):
        return result
    from triton_migrate.analysis.cstwalk import calls_of

    for node in [c for c in calls_of(rw.module, frozenset({"unregister"})) if len(c.args) == 1
                 and c.args[0].keyword is None]:
        call = node
        bound = rw.bound_of(call.func.value)  # type: ignore[union-attr, attr-defined]
        if bound is None or bound.cls != "SharedMemoryControlContext" or rw.shm_region(call.args[0].value) is not None:  # type: ignore[union-attr]
            continue
        source = _handles_source(rw, call.args[0].value)  # type: ignore[union-attr]
        if source is None:
            continue
        function, param = source
        calls = name_calls(rw, function, function.name)
        if not calls:
            continue
        lines: dict[int, str] = {}
        for site in calls:
            value = (bind_arguments(site, _params(function)) or {}).get(param)
            target = single_assignment(rw, value) if isinstance(value, cst.Name) else None
            made = rw.values.get(target) if isinstance(target, cst.Name) and _only_passed(rw, target) else None
            factory = single_assignment(rw, made.func) if isinstance(made, cst.Call) \
                and isinstance(made.func, cst.Name) else None
            factory = _top_function(rw, factory) if isinstance(factory, cst.FunctionDef) else None
            creates = _factory_creates(rw, factory) if factory is not None and not factory.decorators else None
            if creates is None:
                lines = {}
                break
            for line, created, name in creates:
                region = region_of(rw, created)
                if region is None or not all(_reads_no_call(cst.parse_expression(code)) for code in (
                        region.name, region.where, region.byte_size)):
                    lines = {}
                    break
                lines[id(line)] = "" if recorded(rw, line, name) else record_line(region, name, module=False)
            if not lines:
                break
        if lines:
            result.calls[id(call)] = UNREGISTER
            result.messages[id(call)] = MESSAGE
            result.registers.update(lines)
    return result
