"""V1 values that leave the scope they were made in: proven in-file, or left V1.

Real V1 code passes a ``ProtocolType`` to a helper that builds the context
itself (``def server_ready(url, protocol): ServerHealthContext(url, protocol)``).
A context rule turns that constructor into ``protocol.InferenceServerClient(url)``,
which is right only when every caller hands the helper a client module, i.e.
when every call site of the helper in this file passes a ``ProtocolType``
value that `v1_protocol` rewrites into one: ``ProtocolType.HTTP`` / ``.GRPC``,
``ProtocolType.from_str(s)``, a name assigned once from one of those, or a
parameter of the calling function proven the same way (up to `MAX_DEPTH`
functions).  The function must be referenced only by direct calls
(``f(...)``; a class's ``__init__`` through ``Cls(...)``; a method through
``self.m(...)`` inside its class, with no other ``.m`` in the file), and a
call that leaves the parameter out uses its default, which must be such a
value too.  A parameter whose function has no call in the file is the
function's callers' business (as before: converted, the callers in other
files pass a module).  Otherwise the constructor is not converted, so the
whole context stays V1 and each use is reported.

This module only proves; the context rewriters decide (`client.ContextRewriter`).
"""
from __future__ import annotations

from typing import Any, Optional, Protocol

import libcst as cst
from libcst.metadata import Assignment, ParentNodeProvider, ScopeProvider

from triton_migrate.analysis.resolve import V1Resolver, bind_arguments, single_assignment, walk

MAX_DEPTH = 4
PROTOCOL_VALUES = ("ProtocolType.HTTP", "ProtocolType.GRPC")


class ContextRewriter(Protocol):
    """What the proofs need of a context rewriter (`client.ContextRewriter`), declared here
    so that this module does not import the one that imports it."""

    module: cst.Module
    resolver: V1Resolver
    values: dict[cst.Name, cst.BaseExpression]

    def get_metadata(self, key: Any, node: cst.CSTNode, default: Any = ...) -> Any: ...
    def code(self, node: cst.CSTNode) -> str: ...


def _parent(rewriter: ContextRewriter, node: cst.CSTNode) -> Optional[cst.CSTNode]:
    return rewriter.get_metadata(ParentNodeProvider, node, None)


def enclosing(rewriter: ContextRewriter, node: cst.CSTNode, kind: type) -> Optional[cst.CSTNode]:
    parent = _parent(rewriter, node)
    while parent is not None and not isinstance(parent, kind):
        parent = _parent(rewriter, parent)
    return parent


def function_of_param(rewriter: ContextRewriter, param: cst.Param) -> Optional[cst.FunctionDef]:
    parameters = _parent(rewriter, param)
    function = _parent(rewriter, parameters) if parameters is not None else None
    return function if isinstance(function, cst.FunctionDef) else None


def self_name(function: cst.FunctionDef) -> Optional[str]:
    if any(isinstance(d.decorator, cst.Name) and d.decorator.value in ("staticmethod", "classmethod")
           for d in function.decorators):
        return None
    params = [*function.params.posonly_params, *function.params.params]
    return params[0].name.value if params else None


def method_class(rewriter: ContextRewriter, function: cst.FunctionDef) -> Optional[cst.ClassDef]:
    """The class whose body defines ``function`` directly, if any."""
    block = _parent(rewriter, function)
    cls = _parent(rewriter, block) if isinstance(block, cst.IndentedBlock) else None
    return cls if isinstance(cls, cst.ClassDef) else None


def call_sites(rewriter: ContextRewriter, function: cst.FunctionDef) -> Optional[list[cst.Call]]:
    """Every call of ``function`` in this file, or None when it is referenced in another way
    (passed as a value, decorated, subclassed, called through an object the file cannot type)."""
    if function.decorators:
        return None
    cls = method_class(rewriter, function)
    if cls is None:
        return _name_calls(rewriter, function, function.name)
    if cls.decorators:
        return None
    if function.name.value == "__init__":
        return _name_calls(rewriter, cls, cls.name)
    me = self_name(function)
    if me is None:
        return None
    calls = []
    for node in walk(rewriter.module):
        if isinstance(node, cst.Attribute) and node.attr.value == function.name.value:
            call = _parent(rewriter, node)
            method = enclosing(rewriter, node, cst.FunctionDef)
            if not (isinstance(call, cst.Call) and call.func is node and isinstance(node.value, cst.Name)
                    and isinstance(method, cst.FunctionDef) and method_class(rewriter, method) is cls
                    and self_name(method) == node.value.value):
                return None
            calls.append(call)
    return calls


def _name_calls(rewriter: ContextRewriter, definition: cst.CSTNode, name: cst.Name) -> Optional[list[cst.Call]]:
    scope = rewriter.get_metadata(ScopeProvider, definition, None)
    if scope is None:
        return None
    defs = list(scope.assignments[name.value])
    if len(defs) != 1 or not isinstance(defs[0], Assignment) or defs[0].node is not definition:
        return None
    calls = []
    for access in defs[0].references:
        call = _parent(rewriter, access.node)
        if not isinstance(call, cst.Call) or call.func is not access.node:
            return None
        calls.append(call)
    return calls


def param_names(rewriter: ContextRewriter, function: cst.FunctionDef) -> Optional[tuple[str, ...]]:
    """The names a call binds its arguments to (without ``self`` for a method or ``__init__``)."""
    params = [*function.params.posonly_params, *function.params.params]
    if method_class(rewriter, function) is not None:
        if self_name(function) is None:
            return None
        params = params[1:]
    return tuple(p.name.value for p in [*params, *function.params.kwonly_params])


def argument(rewriter: ContextRewriter, call: cst.Call, function: cst.FunctionDef,
             param: cst.Param) -> Optional[cst.BaseExpression]:
    """What ``call`` passes for ``param`` (its default when left out), or None when unknown."""
    names = param_names(rewriter, function)
    bound = bind_arguments(call, names) if names is not None else None
    if bound is None:
        return None
    return bound.get(param.name.value, param.default)


def protocol_problem(rewriter: ContextRewriter, expr: cst.BaseExpression, depth: int = 0) -> Optional[str]:
    """Why ``expr`` (a V1 context's protocol argument) may not be a ``ProtocolType`` value, or None.

    Only a parameter needs a proof here; other expressions are judged as before
    (`v1_protocol` and the verifier follow names, loops and attributes)."""
    if not isinstance(expr, cst.Name):
        return None
    target = single_assignment(rewriter, expr)
    return param_problem(rewriter, target, depth) if isinstance(target, cst.Param) else None


def param_problem(rewriter: ContextRewriter, param: cst.Param, depth: int = 0) -> Optional[str]:
    function = function_of_param(rewriter, param)
    name = param.name.value
    if function is None or param.star:
        return f"`{name}` is not a plain parameter"
    if depth >= MAX_DEPTH:
        return f"`{name}` is passed through too many functions to follow"
    calls = call_sites(rewriter, function)
    if calls is None:
        return f"`{function.name.value}()` is referenced other than by direct calls in this file"
    for call in calls:
        value = argument(rewriter, call, function, param)
        if value is None:
            return f"a call of `{function.name.value}()` passes `{name}` in a way the tool cannot follow"
        if not is_protocol_value(rewriter, value, depth + 1):
            return f"`{function.name.value}()` receives `{rewriter.code(value)}` as `{name}`, not a ProtocolType"
    return None


def is_protocol_value(rewriter: ContextRewriter, value: cst.BaseExpression, depth: int) -> bool:
    """``ProtocolType.HTTP`` / ``.GRPC`` / ``from_str(...)``, a name assigned once from one, or a
    parameter proven to receive one."""
    if rewriter.resolver.v1_name(value) in PROTOCOL_VALUES:
        return True
    if isinstance(value, cst.Call) and rewriter.resolver.v1_name(value.func) == "ProtocolType.from_str":
        return True
    if not isinstance(value, cst.Name) or depth >= MAX_DEPTH:
        return False
    try:
        target = single_assignment(rewriter, value)
    except Exception:  # noqa: BLE001 - a default value outside any scope libcst knows
        return False
    if isinstance(target, cst.Param):
        return param_problem(rewriter, target, depth) is None
    if not isinstance(target, cst.Name):
        return False
    assigned = rewriter.values.get(target)
    return assigned is not None and is_protocol_value(rewriter, assigned, depth + 1)
