"""The per-file side of `triton_migrate.shmcross`: regions that a factory of one module creates and other
modules of the run register or unregister by handle.

From the file's `FileView` (`crossfile.view_of`):

- ``shm_export`` (this file holds the factory): each creation the factory returns is recorded in the file's
  registry (``_v1_region(None, handle, kind, name, key or device, size)`` right after it) and the file
  defines ``_v1_register`` / ``_v1_unregister``, which the other modules call;
- ``shm_params`` (a function of this file receives, from every caller in another file, the list a
  factory of this file made): its ``control.unregister(h)`` over that list becomes
  ``_v1_unregister(control, h)`` (read through this file's registry);
- ``shm_made`` (this file calls another module's factory through a module alias): ``control.register(L[i])``
  / ``control.unregister(L[i])`` / ``control.unregister(L)`` items, ``L`` the received list (assigned once, never
  changed in place), become ``alias._v1_register(control, L[i])`` / ``alias._v1_unregister(control, L[i])``.

Every shape the tool cannot prove leaves the call as it was (the context and its uses then stay V1 and are
reported); `RunIndex.check` compares the two sides after the migration.
"""
from __future__ import annotations

from typing import Any, Optional

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ParentNodeProvider, ScopeProvider

from triton_migrate.analysis.resolve import single_assignment
from triton_migrate.crossfile import view_of
from triton_migrate.v1client.shmunregister import _factory_creates, _handles_source, _only_passed, _top_function
from triton_migrate.shmcross import CREATE
from triton_migrate.v1client.shmregistry import LOOKUP, REGISTER, REGISTRY, UNREGISTER, ControlPlan, available, creation, \
    recorded, \
    record_line, region_of

HELPER_MESSAGE = ("`unregister(handle)` on a region that this module's `{factory}()` creates and that callers in other "
                  "files hand back: V2 unregisters by name and kind, so `{factory}()` records each region in "
                  f"`{REGISTRY}` and `{UNREGISTER}()`, written into this file, calls "
                  "`unregister_system_shared_memory(name)` or `unregister_cuda_shared_memory(name)`.")
CALLER_MESSAGE = ("`{method}(handle)` on a region that `{factory}()` of another module created: V2 {verb} a region by "
                  "its name (and key or device, and size), so that module records its regions and `{call}()` reads "
                  "them back there.")


def _top(rw: Any, name: str) -> Optional[cst.FunctionDef]:
    return next((s for s in rw.module.body if isinstance(s, cst.FunctionDef) and s.name.value == name), None)


def _exports(rw: Any, view: Any, result: ControlPlan) -> bool:
    """Record the creations of this file's exported factories; False when one cannot be read."""
    lines: dict[int, str] = {}
    cuda: set[str] = set()
    for name in sorted(view.shm_export):
        factory = _top(rw, name)
        creates = _factory_creates(rw, factory) if factory is not None and not factory.decorators else None
        if creates is None and factory is not None and not factory.decorators and view.guarded(name):
            creates = _guarded_creates(factory)
        if not creates:
            return False
        for line, created, handle in creates:
            region = region_of(rw, created)
            if region is None:
                return False
            lines[id(line)] = "" if recorded(rw, line, handle) else record_line(region, handle, module=False)
            if region.kind == "cuda":
                cuda.add(region.module)
    if len(cuda) > 1 or cuda and result.cuda_module and cuda != {result.cuda_module}:
        return False
    result.registers.update(lines)
    result.cuda_module = result.cuda_module or next(iter(cuda), "")
    if lines:
        result.exported |= {REGISTER, UNREGISTER, LOOKUP}
    return True


def _guarded_creates(factory: cst.FunctionDef) -> Optional[list[tuple[cst.SimpleStatementLine, cst.Call, str]]]:
    """Every creation of a guarded factory (`shmcross.guarded_factory`, proven by the first pass): each one a
    ``name = ...create_shared_memory_region(...)`` statement of its own."""
    creates = []
    lines = m.findall(factory.body, m.SimpleStatementLine(body=[m.Assign(targets=[m.AssignTarget(target=m.Name())])]))
    for line in lines:
        assert isinstance(line, cst.SimpleStatementLine)
        assign = line.body[0]
        assert isinstance(assign, cst.Assign)
        if creation(assign.value) is not None:
            creates.append((line, assign.value, assign.targets[0].target.value))  # type: ignore[attr-defined]
    found = m.findall(factory.body, m.Call(func=m.Attribute(attr=m.Name(CREATE)) | m.Name(CREATE)))
    if not creates or len(found) != len(creates):
        return None  # a creation the registry would not see
    return creates  # type: ignore[return-value]


def _literal_below(handle: cst.BaseExpression, bound: int) -> bool:
    """``L[k]``, ``k`` an integer literal below ``bound``."""
    if not (isinstance(handle, cst.Subscript) and len(handle.slice) == 1):
        return False
    index = handle.slice[0].slice
    value = index.value if isinstance(index, cst.Index) else None
    return isinstance(value, cst.Integer) and int(value.evaluated_value) < bound


def _under_none_test(rw: Any, node: cst.CSTNode, function: cst.FunctionDef, guard: str) -> bool:
    """``node`` is in the body (not the else) of ``if guard is None:`` inside ``function``."""
    child, parent = node, rw.get_metadata(ParentNodeProvider, node, None)
    while parent is not None and parent is not function:
        if isinstance(parent, cst.If) and child is parent.body and m.matches(parent.test, m.Comparison(
                left=m.Name(guard), comparisons=[m.ComparisonTarget(operator=m.Is(), comparator=m.Name("None"))])):
            return True
        child, parent = parent, rw.get_metadata(ParentNodeProvider, parent, None)
    return False


def _handle_param(rw: Any, view: Any, handle: cst.BaseExpression, call: Optional[cst.CSTNode] = None) -> Optional[str]:
    """The factory of this file whose list ``handle`` (``for h in P`` or ``P[i]``) reaches through a parameter
    ``P`` that every caller (all in other files) passes such a list."""
    source = _handles_source(rw, handle)
    if source is None and isinstance(handle, cst.Subscript) and isinstance(handle.value, cst.Name):
        target = single_assignment(rw, handle.value)
        if isinstance(target, cst.Param):
            source = _handles_source(rw, handle.value)
    if source is None:
        return None
    function, param = source
    if _top_function(rw, function) is None:
        return None
    guard = view.shm_guards.get(function.name.value, {}).get(param)
    if guard is not None and not (_literal_below(handle, guard[1]) or call is not None and
                                  _under_none_test(rw, call, function, guard[0])):
        return None  # an entry a caller may have made (the factory's guarded parameter): stays V1, reported
    return view.shm_params.get(function.name.value, {}).get(param)


def _made_list(rw: Any, view: Any, handle: cst.BaseExpression) -> Optional[tuple[str, str]]:
    """(module alias, factory call text) when ``handle`` is ``L[i]`` (or ``L``'s loop variable) of a list ``L``
    this file received from another module's factory through a module alias."""
    name = handle.value if isinstance(handle, cst.Subscript) else None
    if not isinstance(name, cst.Name):
        return None
    target = single_assignment(rw, name)
    made = rw.values.get(target) if isinstance(target, cst.Name) and _only_passed(rw, target) else None
    if not isinstance(made, cst.Call):
        return None
    if rw.get_metadata(ScopeProvider, made, None) is not rw.get_metadata(ScopeProvider, handle, None):
        return None  # the module alias is read in another scope than the factory's call: it may name another object
    text = rw.code(made.func)
    ref = view.shm_made.get(text)
    if text in view.shm_made_prefix and not _literal_below(handle, view.shm_made_prefix[text]):
        return None  # a guarded factory's list: past its first K entries a region may be the caller's own
    return (ref, text) if ref else None


def extend(rw: Any, result: ControlPlan) -> ControlPlan:
    """``result`` (the plan of `shmunregister`) with the calls and records of regions crossing modules."""
    view = view_of(getattr(getattr(rw, "ctx", None), "settings", None))
    if view is None or not (view.shm_export or view.shm_params or view.shm_made):
        return result
    if not available(rw):
        return result  # the registry's names are the file's own: nothing reads or writes them here
    if view.shm_export and not _exports(rw, view, result):
        return result  # the callers' uses then have no registry to read: `RunIndex.check` flips them
    for call in m.findall(rw.module, m.Call(func=m.Attribute(attr=m.Name(m.MatchIfTrue(
            lambda v: v in ("register", "unregister")))), args=[m.Arg(keyword=None)])):
        assert isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
        if id(call) in result.calls or len(call.args) != 1:
            continue
        bound = rw.bound_of(call.func.value)
        if bound is None or bound.cls != "SharedMemoryControlContext" or rw.shm_region(call.args[0].value) is not None:
            continue
        method = call.func.attr.value
        handle = call.args[0].value
        factory = _handle_param(rw, view, handle, call) if method == "unregister" else None
        if factory is not None and factory in view.shm_export:
            result.calls[id(call)] = UNREGISTER
            result.messages[id(call)] = HELPER_MESSAGE.format(factory=factory)
            continue
        made = _made_list(rw, view, handle)
        if made is not None:
            helper = f"{made[0]}.{UNREGISTER if method == 'unregister' else REGISTER}"
            result.calls[id(call)] = helper
            result.messages[id(call)] = CALLER_MESSAGE.format(
                method=method, factory=made[1], call=helper,
                verb="unregisters" if method == "unregister" else "registers")
    return result
