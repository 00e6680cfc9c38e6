"""A list of streaming gRPC ``InferContext`` objects, one per sequence, handed to helpers: (client, sequence id) pairs.

V1 (NVIDIA's sequence stress test)::

    ctxs = []
    for c in range(n):
        ctxs.append(InferContext(url, ProtocolType.GRPC, model_name,
                                 correlation_id=base + c, streaming=True))
    ...
    sequence_valid(ctxs[i], ...)          # or ctx = ctxs[i]; sequence_valid(ctx, ...)

    def sequence_valid(ctx, ...):
        print(ctx.correlation_id())
        check(ctx, ...)

    def check(ctx, ...):
        ctx.async_run(cb, inputs, outputs, batch_size=1, flags=flags)
        results = ctx.get_async_run_results(request_id)

A V2 stream belongs to one client, and a client carries neither model nor
sequence id.  Each element becomes ``(grpcclient.InferenceServerClient(url),
base + c)`` (plus the model name when the contexts' model is not one literal:
``(client, sequence_id, model_name)``): one client per context, so one stream
per sequence as in V1.  A helper parameter receiving an element (a *pair*)
reads ``ctx[1]`` for ``ctx.correlation_id()``, sends with
``stream_infer(ctx[0], cb, model, inputs, ..., sequence_id=ctx[1],
sequence_start=..., sequence_end=...)`` and closes ``ctx[0]``.

Planned only when the whole web holds: the list is a local assigned ``[]``
once, filled only by ``append(InferContext(...))`` of literal
``ProtocolType.GRPC`` / ``streaming=True`` contexts with a correlation id and
no headers or version, read only as ``ctxs[i]`` passed straight to a function
of the file or assigned to a name assigned once and only passed to functions;
each parameter receiving an element is used only for ``async_run()``,
``get_async_run_results()``, ``correlation_id()``, ``close()`` or passed on to
another such parameter, and every call of its function passes an element.
Anything else leaves the list and every helper its elements reach V1 (with every
other list reaching those helpers), each use reported; the
verifier follows the pairs (``verify._pair_flow``) and rolls the contexts back
when a pair meets a use the plan did not make.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

import libcst as cst
from libcst.metadata import ClassScope, ParentNodeProvider, ScopeProvider

from triton_migrate.analysis.resolve import assignments_of, bind_arguments, single_assignment
from triton_migrate.v1client.client import Bound
from triton_migrate.v1client.escape import name_calls
from triton_migrate.v1client.modindex import index_of

if TYPE_CHECKING:
    from triton_migrate.v1client.inferparams import InferRewriter

#: Methods a pair parameter may be used for.
PAIR_METHODS = frozenset({"async_run", "get_async_run_results", "correlation_id", "close"})

Key = tuple  # (function, parameter name)


@dataclass(eq=False)
class PairList:
    holder: cst.Name
    ctors: list[cst.Call] = field(default_factory=list)
    reads: list[cst.Subscript] = field(default_factory=list)
    aliases: list[cst.Name] = field(default_factory=list)
    targets: list[Key] = field(default_factory=list)  # the parameters its elements reach


@dataclass(eq=False)
class PairParam:
    function: cst.FunctionDef
    param: cst.Param
    incoming: list[object] = field(default_factory=list)  # PairList or Key
    outgoing: list[Key] = field(default_factory=list)
    bound: Optional[Bound] = None


@dataclass
class PairPlan:
    lists: list[PairList] = field(default_factory=list)
    params: dict[cst.Param, PairParam] = field(default_factory=dict)
    ctors: dict[cst.Call, Bound] = field(default_factory=dict)
    model: Optional[str] = None  # the one literal model of every context, else carried in the pair

    def arity(self) -> int:
        return 2 if self.model is not None else 3


def _parent(rw: InferRewriter, node: cst.CSTNode) -> Optional[cst.CSTNode]:
    return rw.get_metadata(ParentNodeProvider, node, None)


def _params(function: cst.FunctionDef) -> list[cst.Param]:
    return [*function.params.posonly_params, *function.params.params, *function.params.kwonly_params]


def _references(rw: InferRewriter, target: cst.CSTNode, name: str) -> Optional[list[cst.CSTNode]]:
    """The reads of a name assigned only at ``target`` in its scope (None when assigned elsewhere too)."""
    found = assignments_of(rw, target, name)
    if found is None or len(found) != 1 or found[0].node is not target:
        return None
    return [a.node for a in found[0].references]


def _callee(rw: InferRewriter, call: cst.Call, value: cst.CSTNode) -> Optional[Key]:
    """(function, parameter) ``value`` goes to as an argument of ``call`` (a function of this file)."""
    if not isinstance(call.func, cst.Name):
        return None
    function = single_assignment(rw, call.func)  # type: ignore[arg-type]
    if not isinstance(function, cst.FunctionDef) or function not in rw.functions:
        return None
    args = bind_arguments(call, tuple(p.name.value for p in _params(function)))
    name = next((k for k, v in (args or {}).items() if v is value), None)
    return (function, name) if name is not None else None


def _passed(rw: InferRewriter, node: cst.CSTNode) -> Optional[Key]:
    arg = _parent(rw, node)
    call = _parent(rw, arg) if isinstance(arg, cst.Arg) else None
    if not isinstance(call, cst.Call) or arg.star or arg.value is not node:  # type: ignore[union-attr]
        return None
    return _callee(rw, call, node)


def _ctor_ok(rw: InferRewriter, call: cst.Call) -> Optional[Bound]:
    bound = rw.bound_of_call(call)  # type: ignore[attr-defined]
    if bound is None or bound.cls != "InferContext":
        return None
    args = bound.args
    streaming = args.get("streaming")
    if not (isinstance(streaming, cst.Name) and streaming.value == "True") or args.get("correlation_id") is None:
        return None
    if rw.resolver.v1_name(args["protocol"]) != "ProtocolType.GRPC" or "http_headers" in args \
            or "model_name" not in args:
        return None
    if "model_version" in args and not rw.is_latest(args["model_version"]):
        return None
    return bound


def _list(rw: InferRewriter, target: cst.Name) -> Optional[PairList]:
    found = PairList(target)
    refs = _references(rw, target, target.value)
    if not refs:
        return None
    for ref in refs:
        parent = _parent(rw, ref)
        call = _parent(rw, parent) if parent is not None else None
        if isinstance(parent, cst.Attribute) and parent.value is ref and parent.attr.value == "append" \
                and isinstance(call, cst.Call) and call.func is parent and len(call.args) == 1 \
                and isinstance(call.args[0].value, cst.Call) and not call.args[0].keyword:
            found.ctors.append(call.args[0].value)
            continue
        if isinstance(parent, cst.Subscript) and parent.value is ref and len(parent.slice) == 1 \
                and isinstance(parent.slice[0].slice, cst.Index):
            found.reads.append(parent)
            continue
        return None
    return found if found.ctors and found.reads else None


def plan(rw: InferRewriter, module: cst.Module) -> PairPlan:
    """The pair plan of a module (empty when nothing holds)."""
    result = PairPlan()
    if not rw.resolver.candidates:
        return result
    lists: list[PairList] = []
    for node in index_of(module).assigns:
        target = node.targets[0].target
        if isinstance(target, cst.Name) and isinstance(node.value, cst.List) and not node.value.elements:
            scope = rw.get_metadata(ScopeProvider, target, None)
            if scope is None or isinstance(scope, ClassScope):
                continue
            found = _list(rw, target)
            if found is not None and all(_ctor_ok(rw, c) is not None for c in found.ctors):
                lists.append(found)
    if not lists:
        return result
    drafts: dict[Key, PairParam] = {}
    failed: set[int] = set()

    def draft(key: Key) -> Optional[PairParam]:
        if key in drafts:
            return drafts[key]
        function, name = key
        param = next((p for p in _params(function) if p.name.value == name), None)
        outer = rw.get_metadata(ScopeProvider, function, None)
        if param is None or param.star or function.decorators or outer is None or isinstance(outer, ClassScope):
            return None
        refs = _references(rw, param, name)
        if not refs:
            return None
        new = PairParam(function, param)
        for ref in refs:
            parent = _parent(rw, ref)
            call = _parent(rw, parent) if parent is not None else None
            if isinstance(parent, cst.Attribute) and parent.value is ref and parent.attr.value in PAIR_METHODS \
                    and isinstance(call, cst.Call) and call.func is parent:
                continue
            onward = _passed(rw, ref)
            if onward is None:
                return None
            new.outgoing.append(onward)
        if name_calls(rw, function, function.name) is None:
            return None
        drafts[key] = new
        return new

    for index, pairs in enumerate(lists):
        for read in pairs.reads:
            key = _passed(rw, read)
            if key is None:
                assign = _parent(rw, read)
                alias = assign.targets[0].target if isinstance(assign, cst.Assign) and len(assign.targets) == 1 \
                    and assign.value is read else None
                refs = _references(rw, alias, alias.value) if isinstance(alias, cst.Name) else None
                keys = [_passed(rw, r) for r in refs or ()]
                if not refs or None in keys:
                    failed.add(index)
                    break
                pairs.aliases.append(alias)
                pairs.targets += keys  # type: ignore[arg-type]
            else:
                pairs.targets.append(key)
    # every parameter reached, and what it passes on (a fixed point: one bad parameter fails its web)
    pending = [k for i, p in enumerate(lists) if i not in failed for k in p.targets]
    bad: set[Key] = set()
    seen: set[Key] = set()
    while pending:
        key = pending.pop()
        if key in seen:
            continue
        seen.add(key)
        found = draft(key)
        if found is None:
            bad.add(key)
            continue
        pending += found.outgoing
    for index, pairs in enumerate(lists):
        if index in failed:
            continue
        for key in pairs.targets:
            if key in drafts:
                drafts[key].incoming.append(pairs)
    for key, found in drafts.items():
        for onward in found.outgoing:
            if onward in drafts:
                drafts[onward].incoming.append(key)
    # each call of a planned function must pass an element there
    for key, found in drafts.items():
        calls = name_calls(rw, found.function, found.function.name) or []
        expected = sum(1 for i, p in enumerate(lists) if i not in failed for t in p.targets if t == key) + \
            sum(1 for d in drafts.values() for t in d.outgoing if t == key)
        passing = 0
        for call in calls:
            args = bind_arguments(call, tuple(p.name.value for p in _params(found.function)))
            if args is not None and found.param.name.value in args:
                passing += 1
        if passing != len(calls) or expected != len(calls):
            bad.add(key)
    # the web holds as a whole: any bad parameter, list or constructor fails every list it touches
    changed = True
    while changed:
        changed = False
        for key, found in drafts.items():
            if key in bad:
                continue
            if any(o in bad for o in found.outgoing) or any(
                    (isinstance(s, PairList) and id(s) in {id(lists[i]) for i in failed}) or
                    (not isinstance(s, PairList) and s in bad) for s in found.incoming):
                bad.add(key)
                changed = True
        for index, pairs in enumerate(lists):
            if index not in failed and any(t in bad or t not in drafts for t in pairs.targets):
                failed.add(index)
                changed = True
    # (the loop closes failure over the web both ways: what a failed list or parameter touches fails too,
    # so each web left holds as a whole; the others stay V1, each use reported)
    kept = [p for i, p in enumerate(lists) if i not in failed]
    if not kept:
        return result
    ctors: dict[cst.Call, Bound] = {}
    for pairs in kept:
        for call in pairs.ctors:
            bound = _ctor_ok(rw, call)
            if bound is None:
                return PairPlan()
            ctors[call] = bound
    models = {rw.string_value(b.args["model_name"]) for b in ctors.values()}
    result.model = models.pop() if len(models) == 1 and None not in models else None
    result.lists = kept
    result.ctors = ctors
    protocol = next(iter(ctors.values())).args["protocol"]
    for key, found in drafts.items():
        if key in bad or not found.incoming:
            continue
        name = found.param.name.value
        model: cst.BaseExpression = cst.SimpleString(repr(result.model)) if result.model is not None \
            else cst.parse_expression(f"{name}[2]")
        found.bound = Bound("InferContext", next(iter(ctors)), {
            "protocol": protocol, "model_name": model, "correlation_id": cst.parse_expression(f"{name}[1]"),
            "streaming": cst.Name("True")}, module_expr="grpcclient")
        result.params[found.param] = found
    return result


def pair_target(rw: InferRewriter, plan: PairPlan, receiver: cst.BaseExpression) -> Optional[PairParam]:
    """The planned pair parameter a method receiver is."""
    if not plan.params or not isinstance(receiver, cst.Name):
        return None
    target = single_assignment(rw, receiver)
    return plan.params.get(target) if isinstance(target, cst.Param) else None  # type: ignore[arg-type]


def convert_call(rw: InferRewriter, plan: PairPlan, original: cst.Call, updated: cst.Call) -> Optional[cst.BaseExpression]:
    """``ctx.<method>(...)`` on a pair parameter, converted (None when ``original`` is not one)."""
    func = original.func
    if not isinstance(func, cst.Attribute):
        return None
    found = pair_target(rw, plan, func.value)
    if found is None or found.bound is None:
        return None
    name = found.param.name.value
    method = func.attr.value
    client = cst.parse_expression(f"{name}[0]")
    on_client = updated.with_changes(func=updated.func.with_changes(value=client))  # type: ignore[attr-defined]
    if method == "correlation_id":
        if not rw.report(original, f"`{name}.correlation_id()` is the sequence id kept beside the V2 client: "
                                   f"`{name}[1]`.", applied=True, v1="InferContext.correlation_id",
                         replacement=f"{name}[1]"):
            return updated
        return cst.parse_expression(f"{name}[1]").with_changes(lpar=original.lpar, rpar=original.rpar)
    if method == "close":
        return on_client
    if method == "async_run":
        return rw.convert_run(original, on_client, found.bound, "async_run")  # type: ignore[attr-defined]
    if method == "get_async_run_results":
        return rw.convert_async_results(original, updated, found.bound)  # type: ignore[attr-defined]
    return None


def convert_ctor(rw: InferRewriter, plan: PairPlan, call: cst.Call, new: cst.BaseExpression) -> cst.BaseExpression:
    """The V2 client a planned constructor became, with its sequence id (and model) beside it."""
    bound = plan.ctors[call]
    if not isinstance(new, cst.Call) or new is call:
        return new
    parts = [rw.code(new), rw.code(bound.args["correlation_id"])]
    if plan.model is None:
        parts.append(rw.code(bound.args["model_name"]))
    rw.report(call, "This streaming context, one of a list handed to helpers, is now a `(client, sequence_id"
                    + (", model_name" if plan.model is None else "") + ")` tuple: one V2 client per sequence (a "
                    "V2 stream belongs to one client), the correlation id kept beside it and passed as sequence_id= "
                    "to each request; helpers read `ctx[0]` (the client) and `ctx[1]` (the id).", applied=True,
              severity="warning", v1="InferContext", replacement=f"({', '.join(parts)})")
    return cst.parse_expression(f"({', '.join(parts)})")


__all__ = ["PAIR_METHODS", "PairParam", "PairPlan", "convert_call", "convert_ctor", "pair_target", "plan"]
