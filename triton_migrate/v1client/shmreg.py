"""Run-time choice between a numpy list and a shared-memory region, for a V1 ``run()`` input or output.

Real V1 tests pass an input either as data or as a region to one helper::

    def _infer(self, in0, in1, out0, error_msg):
        results = ctx.run({"INPUT0": in0, "INPUT1": in1},
                          {"OUTPUT0": (InferContext.ResultFormat.RAW, out0)}, 1)
        ... results["OUTPUT0"][0] ...

    self._infer(handles[0], handles[1], handles[2], errors)   # regions
    self._infer(handles[0], [ones], handles[2], errors)        # one input as data

V1 took the handle itself; V2 names the region (``InferInput.set_shared_memory(name,
byte_size)``), and a V2 handle keeps its name private.  So the migrated file gets its
one registry (`shmregistry`), ``_V1_SHM_REGIONS = {id(handle): [handle, module, kind,
name, key or device, byte_size, written]}``, filled by a statement right after each
``create_shared_memory_region(...)`` that can reach such a parameter
(``_v1_region(shm, h, kind, name, key, byte_size)``) and, for an input, at
each ``set_shared_memory_region(h, values)`` of such a region, whose values become
``_v1_filled(h, values)`` (it remembers the datatype and item shape of what is written,
which a V2 input names, and returns the values); and three
functions written into the file, which look a value up in it:

- ``_v1_input(client_module, name, value, shape, batch_size)``: an ``InferInput`` set
  from the region (datatype and item shape as written, or V1's explicit
  ``(handle, shape)``; a leading batch dimension as for data) or from the numpy list
  (``np.stack``, as a converted data input); a region nothing was written into
  raises ``ValueError`` naming it (the datatype is unknown);
- ``_v1_output(client_module, name, handle)``: an ``InferRequestedOutput`` placed in
  the region;
- ``_v1_result(result, name, handle)``: what V1 returned for that output: V2 leaves a
  shared-memory output in the region, so it is read back with the helper module's
  ``get_contents_as_numpy`` (datatype and shape from the response).

Converted only when all of this holds (else nothing changes and the ``run()`` keeps
its finding): the parameter belongs to a private (``_name``), undecorated function
or method of the file whose name is used only to call it; every call passes that
parameter (positionally or by keyword) a region whose creation the file shows
(``shmindex``: a handle variable, or a constant index of a list of regions) or,
for an input, a list or tuple display (data), with at least one region; each
such region is created by ``X = module.create_shared_memory_region(...)`` whose
arguments hold no call, and, for an input, written in the same function by
``module.set_shared_memory_region(X, values)``; the parameter is never assigned; and
the registry's names are free in the file (or are its registry block).  A parameter of a ``run()`` that a call
passes a region but that does not qualify keeps the ``run()`` V1 (reported).
The registry keeps each handle alive, so an ``id()`` never names another object.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ParentNodeProvider

from triton_migrate.analysis.cstwalk import named_nodes
from triton_migrate.analysis.resolve import bind_arguments, single_assignment
from triton_migrate.v1client.client import RUN_PARAMS
from triton_migrate.v1client.escape import enclosing, method_class, self_of_class_apart
from triton_migrate.v1client.shmindex import _callee
from triton_migrate.v1client.shmregistry import FILLED, INPUT, OUTPUT, RESULT, SET, available, followed_by, \
    install, record_line, recorded, region_of, strip

InferRewriter = Any  # the infer rule's rewriter (shm_region, region_args, code); not imported: it imports this

REVIEW = ("V1 took a numpy list or a shared-memory handle here; which one is known at run time, so the V2 input "
          "or output is built by `_v1_input` / `_v1_output` (written into this file), which look the value up in "
          "`_V1_SHM_REGIONS`, filled right after each region's creation; an output in a region is read back by "
          "`_v1_result`.")
WANTED = (FILLED, INPUT, OUTPUT, RESULT)


def _method(call: cst.CSTNode, name: str) -> bool:
    return isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value == name


def _pure(node: cst.CSTNode) -> bool:
    """No call inside: the expression may be evaluated twice."""
    return not m.findall(node, m.Call() | m.Await() | m.Yield() | m.NamedExpr())


@dataclass
class Plan:
    """Parameters that take a numpy list or a region, and the registry statements that make them work."""

    inputs: set[cst.Param] = field(default_factory=set)
    outputs: set[cst.Param] = field(default_factory=set)
    after: dict[cst.SimpleStatementLine, list[str]] = field(default_factory=dict)
    fills: dict[cst.Call, str] = field(default_factory=dict)  # set_shared_memory_region(h, v) -> h
    tainted: set[cst.Param] = field(default_factory=set)  # some call passes a region, but it does not qualify
    used: bool = False
    added: set[int] = field(default_factory=set)  # id() of the record statements and fills written here

    def blocked(self, rw: InferRewriter, value: cst.BaseExpression) -> bool:
        """``value`` (or ``(value, shape)``) is a parameter that may receive a region and is not planned."""
        if isinstance(value, cst.Tuple) and len(value.elements) == 2:
            value = value.elements[0].value
        return isinstance(value, cst.Name) and single_assignment(rw, value) in self.tainted

    def fill(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """``set_shared_memory_region(h, values)`` of a registered region: what is written, remembered."""
        handle = self.fills.get(original)
        if handle is None or len(updated.args) != 2:
            return updated
        values = updated.args[1]
        wrapped = cst.parse_expression(f"{FILLED}({handle}, _)").with_changes()
        wrapped = wrapped.with_changes(args=[wrapped.args[0], cst.Arg(values.value)])  # type: ignore[attr-defined]
        self.added.add(id(wrapped))
        return updated.with_changes(args=[updated.args[0], values.with_changes(value=wrapped)])

    def input(self, rw: InferRewriter, value: cst.BaseExpression) -> Optional[tuple[str, str]]:
        """(value code, shape code) when ``value`` (or ``(value, shape)``) is a planned input parameter."""
        shape = "None"
        if isinstance(value, cst.Tuple) and len(value.elements) == 2:
            shape = rw.code(value.elements[1].value)
            value = value.elements[0].value
        if isinstance(value, cst.Name) and single_assignment(rw, value) in self.inputs:
            return value.value, shape
        return None

    def output(self, rw: InferRewriter, value: cst.BaseExpression) -> Optional[str]:
        if isinstance(value, cst.Name) and single_assignment(rw, value) in self.outputs:
            return value.value
        return None


def plan(rw: InferRewriter, module: cst.Module) -> Plan:
    found = Plan()
    if "create_shared_memory_region" not in getattr(rw.ctx, "original", "create_shared_memory_region"):
        return found  # no region in the file (rules do not add creations): no tree walk
    if not available(rw):
        return found  # the file uses the registry's names otherwise
    from triton_migrate.analysis.cstwalk import calls_of

    calls = calls_of(module)
    for call in calls:
        if not _method(call, "run"):
            continue
        args = bind_arguments(call, RUN_PARAMS)  # type: ignore[arg-type]
        if args is None or not isinstance(args.get("inputs"), cst.Dict) or not isinstance(args.get("outputs"), cst.Dict):
            continue
        for element in args["inputs"].elements:  # type: ignore[union-attr]
            value = element.value
            if isinstance(value, cst.Tuple) and len(value.elements) == 2:
                value = value.elements[0].value
            _consider(rw, found, calls, value, INPUT)
        for element in args["outputs"].elements:  # type: ignore[union-attr]
            value = element.value
            if isinstance(value, cst.Tuple) and len(value.elements) == 2:
                _consider(rw, found, calls, value.elements[1].value, OUTPUT)
    return found


def _consider(rw: InferRewriter, found: Plan, calls: list, value: cst.BaseExpression, role: str) -> None:
    if not isinstance(value, cst.Name):
        return
    param = single_assignment(rw, value)
    if not isinstance(param, cst.Param) or param in found.inputs or param in found.outputs:
        return
    planned = _param(rw, calls, param, role)
    if planned is None:
        if _gets_region(rw, calls, param):
            found.tainted.add(param)  # convert_run refuses it
        return
    after, fills = planned
    (found.inputs if role == INPUT else found.outputs).add(param)
    for statement, lines in after.items():
        have = found.after.setdefault(statement, [])
        have += [line for line in lines if line not in have]
    found.fills.update(fills)


def _gets_region(rw: InferRewriter, calls: list, param: cst.Param) -> bool:
    """Some call of ``param``'s function in the file passes it a region the file creates."""
    function = enclosing(rw, param, cst.FunctionDef)
    if not isinstance(function, cst.FunctionDef) or param not in function.params.params:
        return False
    position = list(function.params.params).index(param)
    for call in calls:
        if _callee(rw, call) is not function:
            continue
        index = position - (1 if isinstance(call.func, cst.Attribute) else 0)
        positional = [a for a in call.args if a.keyword is None and not a.star]
        passed = [a.value for a in call.args if a.keyword is not None and a.keyword.value == param.name.value]
        passed += [positional[index].value] if 0 <= index < len(positional) else []
        if any(rw.shm_region(p) is not None for p in passed):
            return True
    return False


def _param(rw: InferRewriter, calls: list, param: cst.Param, role: str) -> Optional[tuple[dict, dict]]:
    """The registry statements and the writes to remember that make ``param`` work, or None when it does
    not qualify."""
    function = enclosing(rw, param, cst.FunctionDef)
    if not isinstance(function, cst.FunctionDef) or function.decorators or not function.name.value.startswith("_") \
            or param.star or param not in function.params.params:
        return None
    name = function.name.value
    named = [c for c in calls if (isinstance(c.func, cst.Name) and c.func.value == name)
             or (isinstance(c.func, cst.Attribute) and c.func.attr.value == name)]
    callees = {c: _callee(rw, c) for c in named}
    others = [c for c in named if _calls_another(rw, c, callees[c], function)]
    mine = [c for c in named if c not in others]
    if not mine or any(callees[c] is not function for c in mine):
        return None
    names, attributes = named_nodes(rw.module)  # m.findall of m.Name(name), m.Attribute(attr=m.Name(name))
    theirs = {id(c.func) for c in others} | {id(callees[c].name) for c in others} \
        | {id(c.func.attr) for c in others if isinstance(c.func, cst.Attribute)}  # type: ignore[union-attr]
    uses: list = [n for n in names.get(name, ()) if n is not function.name and id(n) not in theirs]
    uses += [n for n in attributes.get(name, []) if id(n) not in theirs]
    if len(uses) != len(mine) + sum(1 for c in mine if isinstance(c.func, cst.Attribute)):
        return None  # named otherwise than called (passed on, stored): other callers may pass other regions
    position = list(function.params.params).index(param)
    after: dict[cst.SimpleStatementLine, list[str]] = {}
    fills: dict[cst.Call, str] = {}
    regions = 0
    for call in mine:
        if any(a.star for a in call.args):
            return None
        index = position - (1 if isinstance(call.func, cst.Attribute) else 0)  # ``self.m(...)``: self is bound
        positional = [a for a in call.args if a.keyword is None]
        keyword = [a for a in call.args if a.keyword is not None and a.keyword.value == param.name.value]
        if len(keyword) == 1:
            passed = keyword[0].value
        elif 0 <= index < len(positional):
            passed = positional[index].value
        else:
            return None
        created = rw.shm_region(passed)
        if created is None:
            if role == INPUT and isinstance(passed, (cst.List, cst.Tuple)):
                continue  # data
            return None
        registered = _registered(rw, created, role)
        if registered is None:
            return None
        statement, line, writes = registered
        after.setdefault(statement, [])
        if line not in after[statement]:
            after[statement].append(line)
        fills.update(writes)
        regions += 1
    return (after, fills) if regions else None


def _calls_another(rw: InferRewriter, call: cst.Call, target: Optional[cst.FunctionDef],
                   function: cst.FunctionDef) -> bool:
    """``call`` (whose callee `shmindex._callee` gives as ``target``) is known to run another function of the file
    than ``function``, of the same name: ``f()`` bound to another ``def f``, or ``self.m()`` in a class apart
    from ``function``'s class (`escape.self_of_class_apart`) that defines its own ``m``."""
    if not isinstance(target, cst.FunctionDef) or target is function:
        return False
    if isinstance(call.func, cst.Name):
        return True
    cls = method_class(rw, function)
    return cls is not None and isinstance(call.func, cst.Attribute) and self_of_class_apart(rw, call.func, cls)


def _registered(rw: InferRewriter, created: cst.Call, role: str) -> Optional[tuple[cst.SimpleStatementLine, str, dict]]:
    """The statement after which the region ``created`` makes is registered, that registration, and (for an
    input) the writes into it whose values are remembered."""
    assign = rw.get_metadata(ParentNodeProvider, created, None)
    statement = rw.get_metadata(ParentNodeProvider, assign, None) if assign is not None else None
    if not (isinstance(assign, cst.Assign) and assign.value is created and len(assign.targets) == 1
            and isinstance(assign.targets[0].target, cst.Name) and isinstance(statement, cst.SimpleStatementLine)
            and isinstance(created.func, cst.Attribute) and _pure(created.func.value)
            and all(_pure(a.value) for a in created.args)):
        return None
    handle = assign.targets[0].target.value
    region = region_of(rw, created)
    if region is None:
        return None
    line = "" if recorded(rw, statement, handle) else record_line(region, handle)  # "": an earlier rule wrote it
    if role == OUTPUT:
        return statement, line, {}
    function = enclosing(rw, created, cst.FunctionDef) or rw.module  # type: ignore[attr-defined]
    writes = {c: handle for c in m.findall(function, m.Call()) if _method(c, SET)  # type: ignore[arg-type]
              and len(c.args) == 2 and m.matches(c.args[0].value, m.Name(handle)) and not c.args[1].keyword
              and not c.args[1].star}
    return (statement, line, writes) if writes else None


def with_registry(found: Plan, original: cst.SimpleStatementLine, result: Any) -> Any:
    """``result`` (what leaving ``original`` gives) followed by its registry statements."""
    return followed_by(result, [line for line in found.after.get(original, ()) if line], found.added)


def finish(found: Plan, module: cst.Module) -> cst.Module:
    """The module with the registry's functions written in, or without the record statements and fills
    this pass added when no converted ``run()`` used them."""
    if not found.after:
        return module
    if not found.used:
        return strip(module, found.added)
    return install(module, WANTED)


__all__ = ["REVIEW", "INPUT", "OUTPUT", "RESULT", "Plan", "finish", "plan", "with_registry"]
