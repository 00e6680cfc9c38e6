"""``control.register(handles[2 * i])`` on a local list of regions grown by ``append(create...)``.

QA helpers build their regions in a loop and address them by a computed index::

    shm_ip_handles = list()
    for io_num in range(io_cnt):
        shm_ip_handles.append(shm.create_shared_memory_region("input" + str(io_num) + "_data",
                                                              "/input" + str(io_num), byte_size))
        control.register(shm_ip_handles[io_num])
    ...
    control.unregister(shm_ip_handles[io_num])

V2 registers a region by its name, key and size (``register_system_shared_memory``),
a CUDA region by its name, raw handle, device and size
(``register_cuda_shared_memory``), and unregisters by name and kind; which
creation ``shm_ip_handles[io_num]`` comes from is only known at run time.  When it
is proven that every element of the list is a region created right there, the
file records each region it creates in its one registry (`shmregistry`) and the
calls read the record back:

- right after each ``L.append(M.create_shared_memory_region(...))`` statement,
  ``_v1_region(None, L[-1], "system", name, key, size)`` (``"cuda"``, name, device,
  size for a CUDA region); the entry keeps the handle alive, so an ``id()`` never
  names another object;
- ``control.register(h)`` / ``cuda_register(h)`` becomes ``_v1_register(control, h)``,
  ``control.unregister(h)`` becomes ``_v1_unregister(control, h)``: functions
  written into the file that call the V2 method of the region's kind (the CUDA
  branch reads ``<cuda module>.get_raw_handle(h)``, which only the V2 helpers have;
  `shmhold` sees that call and moves the CUDA helper import with a review item).

Proven means, all of it (otherwise nothing changes and the calls keep their
findings): the argument is ``L[index]`` whose index reads no call; ``L`` is a name
of a function (not the module) assigned once, to ``[]`` or ``list()``; every other
read of ``L`` in that function is ``L.append(<a create_shared_memory_region call>)``
alone on its line, or ``L[...]`` read (not assigned, deleted or augmented) in a
context where it is not handed on whole: no ``L`` passed, returned, iterated or
stored elsewhere, no nested function reading it; each creation's arguments read
no call but ``str(...)`` (they are read again right after the creation); and the
registry's names are free in the file, or are its registry block.
"""
from __future__ import annotations

from typing import Any, Optional

import libcst as cst
import libcst.matchers as m
from libcst.metadata import Assignment, GlobalScope, ParentNodeProvider, ScopeProvider

from triton_migrate.analysis.resolve import single_assignment
from triton_migrate.v1client.shmregistry import REGISTER, REGISTRY, UNREGISTER, ControlPlan, available, creation, \
    record_line, recorded, region_of

METHODS = ("register", "cuda_register", "unregister")


def _pure(node: cst.CSTNode, allow_str: bool) -> bool:
    """Reads no call (``str(x)`` allowed when ``allow_str``), await, yield or walrus."""
    for call in m.findall(node, m.Call()):
        if not (allow_str and isinstance(call.func, cst.Name) and call.func.value == "str"):  # type: ignore[attr-defined]
            return False
    return not m.findall(node, m.Await() | m.Yield() | m.NamedExpr() | m.Lambda())


def _list_of(rw: Any, node: cst.BaseExpression) -> Optional[cst.Name]:
    """``L`` of ``L[index]``, the index a single pure expression, else None."""
    if not (isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and len(node.slice) == 1
            and isinstance(node.slice[0].slice, cst.Index) and _pure(node.slice[0].slice.value, False)):
        return None
    return node.value


def _appends(rw: Any, target: cst.Name) -> Optional[list[tuple[cst.SimpleStatementLine, cst.Call]]]:
    """The ``L.append(create(...))`` statements of the list ``target`` names, when every other read of it
    is an element read; else None."""
    scope = rw.get_metadata(ScopeProvider, target, None)
    if scope is None or isinstance(scope, GlobalScope):
        return None
    mine = [a for a in scope.assignments[target.value] if isinstance(a, Assignment)]
    if len(mine) != 1 or mine[0].node is not target or len(scope.assignments[target.value]) != 1:
        return None
    store = rw.get_metadata(ParentNodeProvider, target, None)
    assign = rw.get_metadata(ParentNodeProvider, store, None) if isinstance(store, cst.AssignTarget) else None
    if not (isinstance(assign, cst.Assign) and len(assign.targets) == 1 and (
            isinstance(assign.value, cst.List) and not assign.value.elements
            or m.matches(assign.value, m.Call(func=m.Name("list"), args=[])))):
        return None
    found = []
    for access in mine[0].references:
        node = access.node
        if rw.get_metadata(ScopeProvider, node, None) is not scope:
            return None  # read in a nested function or comprehension
        parent = rw.get_metadata(ParentNodeProvider, node, None)
        if isinstance(parent, cst.Subscript) and parent.value is node:
            holder = rw.get_metadata(ParentNodeProvider, parent, None)
            if isinstance(holder, (cst.AssignTarget, cst.Del, cst.AugAssign)):
                return None
            continue
        call = rw.get_metadata(ParentNodeProvider, parent, None) if isinstance(parent, cst.Attribute) else None
        expr = rw.get_metadata(ParentNodeProvider, call, None) if isinstance(call, cst.Call) else None
        line = rw.get_metadata(ParentNodeProvider, expr, None) if isinstance(expr, cst.Expr) else None
        if not (isinstance(parent, cst.Attribute) and parent.attr.value == "append" and isinstance(call, cst.Call)
                and call.func is parent and len(call.args) == 1 and call.args[0].keyword is None
                and isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1):
            return None
        created = creation(call.args[0].value)
        if not (created is not None and isinstance(created.func, cst.Attribute) and isinstance(created.func.value, cst.Name)
                and all(_pure(a.value, True) for a in created.args)):
            return None
        found.append((line, created))
    return found


def _record(rw: Any, target: str, line: cst.SimpleStatementLine, created: cst.Call) -> Optional[tuple[str, str]]:
    """(record line, or "" when an earlier rule wrote it; CUDA module name or "") for a creation appended to
    ``target``."""
    region = region_of(rw, created)
    if region is None:
        return None
    handle = f"{target}[-1]"
    return "" if recorded(rw, line, handle) else record_line(region, handle, module=False), \
        region.module if region.kind == "cuda" else ""


def plan(rw: Any, result: ControlPlan) -> ControlPlan:
    """Before the rewrite: the register / cuda_register / unregister calls of the file this module converts,
    added to ``result`` (the plan of `shmunregister`, whose calls are skipped)."""
    if not available(rw):
        return result
    skip = set(result.calls)
    listed = ControlPlan()
    lists: dict[int, Optional[list[tuple[cst.SimpleStatementLine, cst.Call]]]] = {}
    cuda_modules: set[str] = set()
    from triton_migrate.analysis.cstwalk import calls_of

    for call in [c for c in calls_of(rw.module, frozenset(METHODS)) if len(c.args) == 1
                 and c.args[0].keyword is None]:
        assert isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
        if id(call) in skip:
            continue
        bound = rw.bound_of(call.func.value)
        if bound is None or bound.cls != "SharedMemoryControlContext" or rw.shm_region(call.args[0].value) is not None:
            continue
        name = _list_of(rw, call.args[0].value)
        target = single_assignment(rw, name) if name is not None else None
        if not isinstance(target, cst.Name):
            continue
        if id(target) not in lists:
            lists[id(target)] = _appends(rw, target)
        appends = lists[id(target)]
        if not appends:
            continue
        records = {}
        for line, created in appends:
            record = _record(rw, target.value, line, created)
            if record is None:
                records = {}
                break
            records[id(line)] = record[0]
            if record[1]:
                cuda_modules.add(record[1])
        if not records:
            continue
        listed.registers.update(records)
        helper = UNREGISTER if call.func.attr.value == "unregister" else REGISTER
        listed.calls[id(call)] = helper
        listed.messages[id(call)] = (
            f"`{call.func.attr.value}(handle)` on an element of a list of regions this function creates: V2 "
            f"{'unregisters' if helper == UNREGISTER else 'registers'} a region by its name (and key or device, and "
            f"size), so each creation records its region in `{REGISTRY}` and `{helper}()`, written into this file, "
            "calls the V2 method of its kind.")
    if len(cuda_modules) > 1 or cuda_modules and result.cuda_module and cuda_modules != {result.cuda_module}:
        return result  # regions of two CUDA module names: the helper reads one
    result.calls.update(listed.calls)
    result.registers.update(listed.registers)
    result.messages.update(listed.messages)
    # keep the name an earlier plan chose (`shmcrossuse`: an exported factory's CUDA regions)
    result.cuda_module = result.cuda_module or next(iter(cuda_modules), "")
    return result
