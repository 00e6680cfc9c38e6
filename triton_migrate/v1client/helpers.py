"""V1 contexts handed from one helper function to another: ``print_rows(ctx)`` calling ``add_sub(ctx)``.

`inferparams` plans a function whose context parameter is used for ``run()`` /
``close()`` and whose every call passes a context built in the calling scope.
Real helpers also *forward* the context: ``def print_rows(ctx, rows): ...
add_sub(ctx, a, b)``.  Here a parameter may, besides ``run()`` / ``close()``,
be passed on as an argument to another function of the file, and a call may
pass, instead of a local context, a parameter of the calling function that is
itself planned.  A plan holds only when the whole web holds (a fixed point:
a parameter is dropped as soon as one function it forwards to, or one
function that forwards to it, is not planned), and each function's settings
come from every context that reaches it through the web (its roots): the
settings that differ become keyword-only parameters as in `inferparams`, and
a forwarding call passes the caller's own (``client_module=client_module``).
Anything unproven leaves every function of the web as it was (reported).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst
from libcst.metadata import Assignment, ClassScope, ParentNodeProvider, ScopeProvider

from triton_migrate.analysis.resolve import bind_arguments, single_assignment
from triton_migrate.v1client.client import Bound
from triton_migrate.v1client.escape import name_calls
from triton_migrate.v1client.inferparams import PARAM_METHODS, InferRewriter, ParamPlan, decide, root_bound

Key = tuple  # (function, parameter name)


@dataclass
class _Draft:
    function: cst.FunctionDef
    param: cst.Param
    roots: dict[cst.Call, Bound] = field(default_factory=dict)  # call sites passing a local context
    incoming: dict[cst.Call, Key] = field(default_factory=dict)  # call sites passing a caller's parameter
    outgoing: list[Key] = field(default_factory=list)  # functions the parameter is passed on to


def _params(function: cst.FunctionDef) -> list[cst.Param]:
    return [*function.params.posonly_params, *function.params.params, *function.params.kwonly_params]


def _function_of(rewriter: InferRewriter, name: cst.BaseExpression) -> Optional[cst.FunctionDef]:
    target = single_assignment(rewriter, name) if isinstance(name, cst.Name) else None  # type: ignore[arg-type]
    return target if isinstance(target, cst.FunctionDef) and target in rewriter.functions else None


def _draft(rewriter: InferRewriter, function: cst.FunctionDef, param: cst.Param) -> Optional[_Draft]:
    get = rewriter.get_metadata
    if function.decorators or param.star:
        return None
    inner = get(ScopeProvider, param.name, None)
    outer = get(ScopeProvider, function, None)
    if inner is None or outer is None or isinstance(outer, ClassScope):
        return None
    mine = list(inner.assignments[param.name.value])
    if len(mine) != 1 or not isinstance(mine[0], Assignment) or mine[0].node is not param or not mine[0].references:
        return None
    draft = _Draft(function, param)
    for access in mine[0].references:
        parent = get(ParentNodeProvider, access.node, None)
        call = get(ParentNodeProvider, parent, None) if parent is not None else None
        if isinstance(parent, cst.Attribute) and parent.value is access.node and parent.attr.value in PARAM_METHODS \
                and isinstance(call, cst.Call) and call.func is parent:
            continue
        callee = _function_of(rewriter, call.func) if isinstance(parent, cst.Arg) and isinstance(call, cst.Call) \
            and parent.value is access.node and not parent.star else None
        args = bind_arguments(call, tuple(p.name.value for p in _params(callee))) if callee is not None else None
        name = next((k for k, v in (args or {}).items() if v is access.node), None)
        if name is None:
            return None  # any other use: the V2 client would not do
        draft.outgoing.append((callee, name))
    calls = name_calls(rewriter, function, function.name)
    if calls is None:
        return None
    names = tuple(p.name.value for p in _params(function))
    for call in calls:
        args = bind_arguments(call, names)
        value = args.get(param.name.value) if args is not None else None
        if value is None:
            return None
        bound = root_bound(rewriter, call, value)
        if bound is not None:
            draft.roots[call] = bound
            continue
        target = single_assignment(rewriter, value) if isinstance(value, cst.Name) else None
        caller = _owner(rewriter, target) if isinstance(target, cst.Param) else None
        if caller is None:
            return None
        draft.incoming[call] = (caller, target.name.value)  # type: ignore[union-attr]
    return draft if draft.roots or draft.incoming else None


def _owner(rewriter: InferRewriter, param: cst.Param) -> Optional[cst.FunctionDef]:
    parameters = rewriter.get_metadata(ParentNodeProvider, param, None)
    function = rewriter.get_metadata(ParentNodeProvider, parameters, None) if parameters is not None else None
    return function if isinstance(function, cst.FunctionDef) else None


def plan_forwarding(rewriter: InferRewriter, planned: dict[cst.Param, ParamPlan]) -> dict[cst.Param, ParamPlan]:
    """Plans for the context parameters `inferparams` left out because they forward or are forwarded."""
    done = {p.function for p in planned.values()}
    drafts: dict[Key, _Draft] = {}
    for function in rewriter.functions:
        if function in done:
            continue
        for param in _params(function):
            draft = _draft(rewriter, function, param)
            if draft is not None and (draft.outgoing or draft.incoming):
                drafts[(function, param.name.value)] = draft
    # the fixed point: every parameter a draft forwards to, and every one that forwards to it, holds
    changed = True
    while changed:
        changed = False
        for key, draft in list(drafts.items()):
            if any(k not in drafts for k in draft.outgoing) or any(k not in drafts for k in draft.incoming.values()):
                del drafts[key]
                changed = True
    # one context parameter per function, as in inferparams
    functions = [k[0] for k in drafts]
    if len(functions) != len(set(functions)):
        return {}

    def roots(key: Key, seen: frozenset) -> dict[cst.Call, Bound]:
        found = dict(drafts[key].roots)
        for source in drafts[key].incoming.values():
            if source not in seen:
                found.update(roots(source, seen | {source}))
        return found

    plans: dict[Key, ParamPlan] = {}
    for key, draft in drafts.items():
        reaching = roots(key, frozenset({key}))
        plan = decide(rewriter, draft.function, draft.param, reaching) if reaching else None
        if plan is None:
            return {}  # the web holds as a whole or not at all
        plan.calls = dict(draft.roots)
        plans[key] = plan
    for key, draft in drafts.items():
        for call, source in draft.incoming.items():
            plans[key].calls[call] = plans[source].bound
    return {plan.param: plan for plan in plans.values()}
