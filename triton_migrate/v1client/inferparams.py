"""V1 `InferContext` objects passed to a helper function: the per-context settings travel with them.

A V1 context carried its protocol, model name, version and correlation id;
the V2 client carries none of them.  When a function of the file takes a
context as a parameter (``def send(ctx, value): ctx.run(...)``), and it is
provable which contexts reach it (every reference to the function is a direct
call in the file whose argument is a variable holding an ``InferContext(...)``
built in the same scope), the function gets keyword-only parameters for the
settings that differ between those contexts (``client_module``,
``model_name``, ``model_version``, ``sequence_id``) and every call passes them;
settings all the contexts share as a literal are written into the function.
Anything else (decorated functions, methods, other references, ``*args``,
headers or streaming on a context) is not planned, and ``run()`` on such a
parameter stays reported.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, Protocol

import libcst as cst
from libcst.metadata import Assignment, ClassScope, ParentNodeProvider, ScopeProvider

from triton_migrate.v1client.client import Bound
from triton_migrate.analysis.resolve import bind_arguments

if TYPE_CHECKING:
    from triton_migrate.analysis.resolve import V1Resolver


class InferRewriter(Protocol):
    """What planning needs of the infer rewriter (pyinfer.InferRewriter), declared
    here so that this module does not import the one that imports it."""

    functions: list[cst.FunctionDef]
    resolver: V1Resolver

    def get_metadata(self, key: Any, node: cst.CSTNode, default: Any = ...) -> Any: ...
    def bound_of(self, receiver: cst.BaseExpression) -> Optional[Bound]: ...
    def module_expr(self, bound: Bound) -> str: ...
    def string_value(self, node: cst.BaseExpression) -> Optional[str]: ...
    def is_latest(self, node: cst.BaseExpression) -> bool: ...
    def code(self, node: cst.CSTNode) -> str: ...

# Methods a planned parameter may be used for (the rest would need more settings).
PARAM_METHODS = ("run", "close")


@dataclass
class ParamPlan:
    function: cst.FunctionDef
    param: cst.Param
    bound: Bound  # what run() inside the function sees
    keywords: list[str] = field(default_factory=list)  # the new keyword-only parameters
    calls: dict[cst.Call, Bound] = field(default_factory=dict)  # each call site and the context it passes


def read_names(node: cst.CSTNode) -> list[cst.Name]:
    """The variable names an expression reads (not attribute names)."""
    found: list[cst.Name] = []

    class Names(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> bool:
            node.value.visit(self)
            return False

        def visit_Name(self, node: cst.Name) -> None:
            found.append(node)

    node.visit(Names())
    return found


def _stable(rewriter: InferRewriter, expr: cst.CSTNode, scope: cst.metadata.Scope) -> bool:
    """Every name in ``expr`` has at most one assignment in ``scope`` (so it means the same at the call)."""
    for name in read_names(expr):
        try:
            if len(scope[name.value]) > 1:
                return False
        except Exception:  # noqa: BLE001 - libcst raises on odd scopes
            return False
    return True


def plan(rewriter: InferRewriter) -> dict[cst.Param, ParamPlan]:
    plans: dict[cst.Param, ParamPlan] = {}
    for function in rewriter.functions:
        for param in (*function.params.posonly_params, *function.params.params, *function.params.kwonly_params):
            found = _plan_one(rewriter, function, param)
            if found is not None:
                plans[param] = found
                break  # one context parameter per function
    return plans


def _plan_one(rewriter: InferRewriter, function: cst.FunctionDef, param: cst.Param) -> Optional[ParamPlan]:
    get = rewriter.get_metadata
    if function.decorators:
        return None
    inner = get(ScopeProvider, param.name, None)
    outer = get(ScopeProvider, function, None)
    if inner is None or outer is None or isinstance(outer, ClassScope):
        return None
    if not only_runs(rewriter, param):
        return None

    defs = list(outer.assignments[function.name.value])
    if len(defs) != 1 or not isinstance(defs[0], Assignment) or defs[0].node is not function:
        return None
    names = tuple(p.name.value for p in (*function.params.posonly_params, *function.params.params,
                                         *function.params.kwonly_params))
    sites = []
    for access in defs[0].references:
        call = get(ParentNodeProvider, access.node, None)
        if not isinstance(call, cst.Call) or call.func is not access.node:
            return None
        sites.append(call)
    calls = call_bounds(rewriter, sites, names, param)
    return decide(rewriter, function, param, calls) if calls else None


def call_bounds(rewriter: InferRewriter, sites: list[cst.Call], names: tuple[str, ...],
                param: cst.Param) -> Optional[dict[cst.Call, Bound]]:
    """The context each call passes for ``param`` (``names``: the parameters the calls fill), or None when
    one of them passes anything else."""
    calls: dict[cst.Call, Bound] = {}
    for call in sites:
        args = bind_arguments(call, names)
        value = args.get(param.name.value) if args is not None else None
        bound = root_bound(rewriter, call, value) if value is not None else None
        if bound is None:
            return None
        calls[call] = bound
    return calls


def only_runs(rewriter: InferRewriter, param: cst.Param) -> bool:
    """``param`` is assigned nowhere else in its function and only used for ``run()`` / ``close()``,
    at least one ``run()``."""
    get = rewriter.get_metadata
    inner = get(ScopeProvider, param.name, None)
    if inner is None:
        return False
    assignments = [a for a in inner.assignments[param.name.value]]
    if len(assignments) != 1 or not isinstance(assignments[0], Assignment) or assignments[0].node is not param:
        return False
    runs = 0
    for access in assignments[0].references:
        parent = get(ParentNodeProvider, access.node, None)
        call = get(ParentNodeProvider, parent, None) if parent is not None else None
        if not (isinstance(parent, cst.Attribute) and parent.value is access.node and parent.attr.value in PARAM_METHODS
                and isinstance(call, cst.Call) and call.func is parent):
            return False
        runs += parent.attr.value == "run"
    return runs > 0


def root_bound(rewriter: InferRewriter, call: cst.Call, value: cst.BaseExpression) -> Optional[Bound]:
    """The context a call passes: a variable holding an ``InferContext(...)`` built in the calling scope
    (no streaming, no headers), whose arguments mean the same at the call."""
    get = rewriter.get_metadata
    if not isinstance(value, cst.Name):
        return None
    bound = rewriter.bound_of(value)
    if bound is None or bound.cls != "InferContext" or "streaming" in bound.args or "http_headers" in bound.args:
        return None
    call_scope = get(ScopeProvider, call, None)
    if call_scope is None or get(ScopeProvider, bound.call, None) is not call_scope or \
            not all(_stable(rewriter, v, call_scope) for v in bound.args.values()):
        return None
    return bound


def decide(rewriter: InferRewriter, function: cst.FunctionDef, param: cst.Param,
           calls: dict[cst.Call, Bound]) -> Optional[ParamPlan]:
    """The plan for ``param`` given every context that reaches it (``calls``: a call site -> its context):
    the settings that differ become keyword-only parameters."""
    inner = rewriter.get_metadata(ScopeProvider, param.name, None)
    if inner is None:
        return None
    names = tuple(p.name.value for p in (*function.params.posonly_params, *function.params.params,
                                         *function.params.kwonly_params))
    taken = set(names) | {a.name for a in inner.assignments} | {a.node.value for a in inner.accesses if isinstance(a.node, cst.Name)}

    def keyword(wanted: str) -> str:
        return wanted if wanted not in taken else f"{param.name.value}_{wanted}"

    bounds = list(calls.values())
    result = ParamPlan(function, param, Bound("InferContext", bounds[0].call, {}))
    protocols = {rewriter.resolver.v1_name(b.args["protocol"]) for b in bounds}
    if len(protocols) == 1 and protocols <= {"ProtocolType.HTTP", "ProtocolType.GRPC"}:
        result.bound.module_expr = rewriter.module_expr(bounds[0])
    else:
        result.bound.module_expr = keyword("client_module")
        result.keywords.append("client_module")
    models = {rewriter.string_value(b.args["model_name"]) if "model_name" in b.args else None for b in bounds}
    if len(models) == 1 and None not in models:
        result.bound.args["model_name"] = cst.SimpleString(repr(models.pop()))
    elif all("model_name" in b.args for b in bounds):
        result.bound.args["model_name"] = cst.Name(keyword("model_name"))
        result.keywords.append("model_name")
    else:
        return None
    if not all(rewriter.is_latest(b.args["model_version"]) for b in bounds if "model_version" in b.args):
        result.bound.args["model_version"] = cst.Name(keyword("model_version"))
        result.keywords.append("model_version")
    if any(b.args.get("correlation_id") is not None for b in bounds):
        result.bound.args["correlation_id"] = cst.Name(keyword("sequence_id"))
        result.keywords.append("sequence_id")
    result.calls = calls
    return result


def call_keywords(rewriter: InferRewriter, plan: ParamPlan, bound: Bound) -> list[tuple[str, str]]:
    """(parameter, code) pairs a call site passes for the context it hands over."""
    pairs = []
    for wanted in plan.keywords:
        name = plan.bound.module_expr if wanted == "client_module" else rewriter.code(plan.bound.args[
            {"sequence_id": "correlation_id"}.get(wanted, wanted)])
        if wanted == "client_module":
            value = rewriter.module_expr(bound)
        elif wanted == "model_name":
            value = rewriter.code(bound.args["model_name"])
        elif wanted == "model_version":
            version = bound.args.get("model_version")
            value = '""' if version is None or rewriter.is_latest(version) else rewriter.code(version)
        else:
            corr = bound.args.get("correlation_id")
            value = rewriter.code(corr) if corr is not None else "0"
        pairs.append((name or wanted, value))
    return pairs
