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
``self.m(...)`` inside its class, with no other ``.m`` in the file but
``self.m(...)`` in classes of the file that share no object with it (outside its
family, `triton_migrate.analysis.families`: test files hold several test
classes, each with its own ``check_setup``), which run their own ``m``), and a
call that leaves the parameter out uses its default, which must be such a
value too.  A parameter whose function has no call in the file is the
function's callers' business (as before: converted, the callers in other
files pass a module).  Otherwise the constructor is not converted, so the
whole context stays V1 and each use is reported.

This module only proves; the context rewriters decide (`client.ContextRewriter`).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Optional, Protocol, Union

import libcst as cst
from libcst.metadata import Assignment, ParentNodeProvider, ScopeProvider

from triton_migrate.analysis import families
from triton_migrate.analysis.resolve import V1Resolver, bind_arguments, single_assignment, walk as walk_nodes
from triton_migrate.data.v1_client_api import CONTEXTS as CONTEXT_CLASSES
from triton_migrate.v1client.appendedrows import rows_problem
from triton_migrate.v1client.factorybranch import branch_bound, unresolved_reason
from triton_migrate.v1client.modindex import index_of

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


def self_of_class_apart(rewriter: Any, node: cst.Attribute, klass: cst.ClassDef) -> bool:
    """``node`` is ``self.<attr>`` in a method of a class that shares no object with ``klass`` (outside its
    family, `triton_migrate.analysis.families`): another object's attribute."""
    where = enclosing(rewriter, node, cst.FunctionDef)
    other = method_class(rewriter, where) if isinstance(where, cst.FunctionDef) else None  # type: ignore[arg-type]
    return other is not None and isinstance(node.value, cst.Name) and self_name(where) == node.value.value \
        and families.apart(rewriter, rewriter.module, klass, other)  # type: ignore[arg-type]


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
        return name_calls(rewriter, function, function.name)
    if cls.decorators:
        return None
    if function.name.value == "__init__":
        return name_calls(rewriter, cls, cls.name)
    me = self_name(function)
    if me is None:
        return None
    calls = []
    for node in _attributes(rewriter).get(function.name.value, []):  # every ``.<name>`` of the file
        if self_of_class_apart(rewriter, node, cls):
            continue  # ``self.<name>`` in a class of the file apart from this one: its own method
        call = _parent(rewriter, node)
        method = enclosing(rewriter, node, cst.FunctionDef)
        if not (isinstance(call, cst.Call) and call.func is node and isinstance(node.value, cst.Name)
                and isinstance(method, cst.FunctionDef) and method_class(rewriter, method) is cls
                and self_name(method) == node.value.value):
            return None
        calls.append(call)
    return calls


def name_calls(rewriter: ContextRewriter, definition: cst.CSTNode, name: cst.Name) -> Optional[list[cst.Call]]:
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

    Only a parameter, and an item of the rows of a list grown by ``append`` (`appended_problem`), need
    a proof here; other expressions are judged as before (`v1_protocol` and the verifier follow names,
    loops and attributes)."""
    if isinstance(expr, cst.Subscript):
        return appended_problem(rewriter, expr)
    if not isinstance(expr, cst.Name):
        return None
    target = single_assignment(rewriter, expr)
    return param_problem(rewriter, target, depth) if isinstance(target, cst.Param) else None


def appended_problem(rewriter: ContextRewriter, expr: cst.Subscript) -> Optional[str]:
    """``row[1]`` of ``for row in rows`` with ``rows = []`` grown by ``rows.append((url, ProtocolType.X, ...))``:
    the rows become client modules (`v1_protocol`) only when the list passes `appendedrows.rows_problem`
    (the check `v1_protocol` makes too) and every read of that item in the loop is the protocol argument
    of a V1 context; otherwise the context stays V1.  Other subscripts are not judged here."""
    if not (isinstance(expr.value, cst.Name) and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index)
            and isinstance(expr.slice[0].slice.value, cst.Integer)):
        return None
    target = single_assignment(rewriter, expr.value)
    loop = rewriter.get_metadata(ParentNodeProvider, target, None) if isinstance(target, cst.Name) else None
    if not (isinstance(loop, cst.For) and loop.target is target and isinstance(loop.iter, cst.Name)):
        return None
    table, index, shown = loop.iter, int(expr.slice[0].slice.value.value), rewriter.code(expr)
    rows = rows_problem(rewriter, table, index)
    if rows.problem is not None:
        return rows.problem
    reads = [n for n in walk_nodes(loop.body) if isinstance(n, cst.Subscript) and isinstance(n.value, cst.Name)
             and n.value.value == target.value and rewriter.code(n) == shown]
    for read in reads:
        arg = rewriter.get_metadata(ParentNodeProvider, read, None)
        call = rewriter.get_metadata(ParentNodeProvider, arg, None) if isinstance(arg, cst.Arg) else None
        if not (isinstance(call, cst.Call) and rewriter.resolver.v1_name(call.func) in CONTEXT_CLASSES
                and (arg.keyword is None and call.args.index(arg) == 1
                     or arg.keyword is not None and arg.keyword.value == "protocol")):
            return f"`{shown}` is also read where it must stay a ProtocolType"
    return None


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


# -- contexts kept on ``self`` ---------------------------------------------------------------
#
# ``self.ctx = InferContext(url, protocol, model, ...)`` in ``__init__`` (or another method,
# ``setUp`` of a test) and
# ``self.ctx.run(...)`` / ``async_run`` / ``get_async_run_results`` / ``close`` in the
# other methods of the class.  The attribute is followed only when it cannot escape:
# the one store is that statement, and every other ``.ctx`` of the file is
# ``self.ctx.<method>(...)`` in a method of the same class (no ``obj.ctx`` elsewhere,
# no subclass in the file, not passed on, not in a nested function).  The context's
# settings that a request needs are written into each request when they are literals
# (``self.model_name`` counts as one when the file stores it once, as a literal, in a
# method of the class), and otherwise kept on the instance beside the client, as a person
# porting by hand would: ``self.ctx_model_name = ...``, ``self.ctx_client_module =
# protocol`` (`ATTR_SETTINGS`).

# Settings a converted request reads from the context (the others only build the client).
ATTR_SETTINGS = ("model_name", "model_version", "correlation_id", "http_headers", "streaming")
# Methods of the InferContext rewrite (the other classes: their `Rename` methods).
INFER_METHODS = frozenset({"run", "async_run", "get_async_run_results", "close"})
MODULE_SUFFIX = "client_module"
_PLANS = "_escape_attr_plans"


@dataclass
class AttrPlan:
    cls: cst.ClassDef
    attr: str
    me: str
    statement: cst.SimpleStatementLine
    call: cst.Call
    bound: Any  # the constructor's Bound (client.Bound), as written where it is built
    use_bound: Any  # what the uses in the other methods see (settings as literals or self.<attr>_<setting>)
    stored: list[str] = field(default_factory=list)  # settings kept on the instance


def is_literal(node: cst.BaseExpression) -> bool:
    if isinstance(node, (cst.SimpleString, cst.Integer, cst.Float)):
        return True
    if isinstance(node, cst.Name):
        return node.value in ("None", "True", "False")
    return isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus) \
        and isinstance(node.expression, cst.Integer)


def _allowed(cls_name: str, method: str) -> bool:
    from triton_migrate.data.v1_client_api import CONTEXTS, Rename

    if cls_name == "InferContext":
        return method in INFER_METHODS
    return isinstance(CONTEXTS[cls_name].methods.get(method), Rename)


def _attributes(rewriter: ContextRewriter) -> dict[str, list[cst.Attribute]]:
    return index_of(rewriter.module).attributes  # every ``.<name>`` of the module, in walk order


def _single_literal_store(rewriter: ContextRewriter, node: cst.BaseExpression, plan_cls: cst.ClassDef,
                          me: str) -> Optional[cst.BaseExpression]:
    """The literal of ``self.X`` when the file stores ``.X`` once, ``self.X = <literal>`` in a method of the class."""
    if not (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == me):
        return None
    stores = []
    for other in _attributes(rewriter).get(node.attr.value, []):
        parent = _parent(rewriter, other)
        if isinstance(parent, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.Del)) or (
                isinstance(parent, (cst.Tuple, cst.List, cst.Element, cst.StarredElement))):
            stores.append((other, parent))
    if len(stores) != 1 or not isinstance(stores[0][1], cst.AssignTarget):
        return None
    assign = _parent(rewriter, stores[0][1])
    method = enclosing(rewriter, stores[0][0], cst.FunctionDef)
    if not isinstance(assign, cst.Assign) or len(assign.targets) != 1 or not is_literal(assign.value) \
            or not isinstance(method, cst.FunctionDef) or method_class(rewriter, method) is not plan_cls:
        return None
    return assign.value


def attr_plan(rewriter: ContextRewriter, call: cst.Call, bound: Any) -> Optional[AttrPlan]:
    """The plan of a V1 context constructed as ``self.<attr> = Ctx(...)`` in a method of its class
    (usually ``__init__``; ``setUp`` in a test), or None when the attribute may escape (then the
    context stays V1 as a whole)."""
    plans = rewriter.__dict__.setdefault(_PLANS, {})
    if call in plans:
        return plans[call]
    found = _attr_plan(rewriter, call, bound)
    plans[call] = plan = found if isinstance(found, AttrPlan) else None
    if plan is None and bound.cls in getattr(rewriter, "classes", ()):
        target = rewriter.code(_parent(rewriter, call).targets[0].target)  # type: ignore[union-attr]
        rewriter.report(call, f"`{bound.cls}` kept on `{target}` is not converted: {found or 'the tool cannot follow it'}; "
                              "the whole context stays V1 (each use is reported).", severity="error", v1=bound.cls,
                        replacement="self.client = httpclient.InferenceServerClient(url) (or grpcclient), the model "
                                    "name kept beside it, and V2 calls in each method; see docs/python-client.md")
    return plan


def held_on_attribute(rewriter: ContextRewriter, call: cst.Call) -> bool:
    """``<x>.<attr> = Ctx(...)``: the context is kept on an object."""
    assign = _parent(rewriter, call)
    return isinstance(assign, cst.Assign) and assign.value is call \
        and any(isinstance(t.target, cst.Attribute) for t in assign.targets)


def _attr_plan(rewriter: ContextRewriter, call: cst.Call, bound: Any) -> Union[AttrPlan, str, None]:
    assign = _parent(rewriter, call)
    statement = _parent(rewriter, assign) if assign is not None else None
    if not (isinstance(assign, cst.Assign) and len(assign.targets) == 1 and isinstance(statement, cst.SimpleStatementLine)
            and len(statement.body) == 1):
        return None
    target = assign.targets[0].target
    if not (isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name)):
        return None
    init = enclosing(rewriter, statement, cst.FunctionDef)
    cls = method_class(rewriter, init) if isinstance(init, cst.FunctionDef) else None
    me = self_name(init) if isinstance(init, cst.FunctionDef) else None
    if cls is None or me != target.value.value:
        return "only a context kept on `self` by a method of its class is followed"
    scope = rewriter.get_metadata(ScopeProvider, target.value, None)
    if getattr(scope, "node", None) is not init:
        return "it is built in a nested scope of the method"
    attr = target.attr.value
    body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
    methods = [s for s in body if isinstance(s, cst.FunctionDef)]
    if any(self_name(m) not in (me, None) for m in methods):
        return f"the methods of `{cls.name.value}` name their instance differently"
    if _extended(rewriter, cls):
        return f"a class of this file extends `{cls.name.value}`"
    bases = {b.value.value if isinstance(b.value, cst.Name) else b.value.attr.value
             for b in cls.bases if isinstance(b.value, (cst.Name, cst.Attribute))}
    for node in _attributes(rewriter).get(attr, []):
        if node is target:
            continue
        method = enclosing(rewriter, node, cst.FunctionDef)
        other = method_class(rewriter, method) if isinstance(method, cst.FunctionDef) else None
        if other is not None and other is not cls and other.name.value not in bases \
                and isinstance(node.value, cst.Name) and node.value.value == self_name(method) \
                and getattr(rewriter.get_metadata(ScopeProvider, node.value, None), "node", None) is method:
            continue  # ``self.<attr>`` of another class's own instances (not a base of this one)
        use = _parent(rewriter, node)
        called = _parent(rewriter, use) if use is not None else None
        if not (isinstance(node.value, cst.Name) and node.value.value == me and isinstance(method, cst.FunctionDef)
                and method_class(rewriter, method) is cls
                and getattr(rewriter.get_metadata(ScopeProvider, node.value, None), "node", None) is method
                and isinstance(use, cst.Attribute) and use.value is node and isinstance(called, cst.Call)
                and called.func is use and _allowed(bound.cls, use.attr.value)):
            # read elsewhere, passed on, stored again, or a use with no V2 form
            shown = rewriter.code(use if isinstance(use, cst.Attribute) and use.value is node else node)
            return f"`{shown}{'()' if isinstance(called, cst.Call) and called.func is use else ''}` " \
                   "is not a use the tool converts on it"
    args: dict[str, cst.BaseExpression] = dict(bound.args)
    stored = []
    for name in ATTR_SETTINGS:
        value = args.get(name)
        if value is None or is_literal(value):
            continue
        literal = _single_literal_store(rewriter, value, cls, me)
        if literal is not None:
            args[name] = literal
            continue
        stored.append(name)
        args[name] = cst.parse_expression(f"{me}.{attr}_{name}")
    which = rewriter.resolver.v1_name(bound.args["protocol"])
    module = {"ProtocolType.HTTP": "httpclient", "ProtocolType.GRPC": "grpcclient"}.get(which or "")
    if module is None:
        stored.append(MODULE_SUFFIX)
        module = f"{me}.{attr}_{MODULE_SUFFIX}"
    if any(_attributes(rewriter).get(f"{attr}_{name}") for name in stored):
        return f"`{me}.{attr}_...`, where its settings would be kept, is taken"
    use_bound = replace(bound, args=args, module_expr=module, extra={})
    return AttrPlan(cls, attr, me, statement, call, bound, use_bound, stored)


def _classes(rewriter: ContextRewriter) -> list[cst.ClassDef]:
    """The classes of the module, in walk order (one walk per module, as `_attributes`)."""
    return index_of(rewriter.module).classes


def _extended(rewriter: ContextRewriter, cls: cst.ClassDef) -> bool:
    for node in _classes(rewriter):
        if any(
                (isinstance(b.value, cst.Name) and b.value.value == cls.name.value)
                or (isinstance(b.value, cst.Attribute) and b.value.attr.value == cls.name.value) for b in node.bases):
            return True
    return False


def attr_use_bound(rewriter: Any, receiver: cst.Attribute) -> Optional[Any]:
    """The Bound a ``self.<attr>`` receiver has: the context a method of its class keeps there."""
    if not isinstance(receiver.value, cst.Name):
        return None
    for node in _attributes(rewriter).get(receiver.attr.value, []):
        assign = _parent(rewriter, _parent(rewriter, node)) if _parent(rewriter, node) is not None else None
        if isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Call):
            bound = rewriter.bound_of_call(assign.value)
            plan = rewriter.__dict__.get(_PLANS, {}).get(assign.value) if bound is not None else None
            if plan is not None and any(n is receiver for n in _attributes(rewriter)[plan.attr]):
                method = enclosing(rewriter, receiver, cst.FunctionDef)
                if isinstance(method, cst.FunctionDef) and method_class(rewriter, method) is plan.cls:
                    return plan.use_bound
    return None


def settings_statements(rewriter: Any, original: cst.SimpleStatementLine) -> list[str]:
    """After a converted ``self.<attr> = Ctx(...)``: the settings kept on the instance."""
    plan = next((p for p in rewriter.__dict__.get(_PLANS, {}).values()
                 if p is not None and p.statement is original), None)
    if plan is None or plan.bound.cls not in rewriter.classes or rewriter.bound_of_call(plan.call) is None:
        return []
    lines = []
    for name in plan.stored:
        value = rewriter.module_expr(plan.bound) if name == MODULE_SUFFIX else rewriter.code(plan.bound.args[name])
        lines.append(f"{plan.me}.{plan.attr}_{name} = {value}")
    return lines


# -- factories returning contexts ------------------------------------------------------------
#
# ``def create_context(url, protocol_name, model_name): protocol = ProtocolType.from_str(
# protocol_name); return InferContext(url, protocol, model_name)`` and ``ctx =
# create_context(url, "grpc", "simple")``: the factory returns a V2 client (its
# constructor converts like any other), and each call site knows the settings the
# context had, because they are the call's own arguments: the model name, version,
# correlation id and headers must be literals there (or the factory's literals), and the
# protocol module comes from the call too (``ProtocolType`` value passed in, a literal
# protocol name, or a name whose module is chosen just before the call:
# ``ctx_client_module = httpclient if s.lower() == "http" else grpcclient``).  The
# verifier follows the returned client to every use at every call site, so one use
# that does not convert rolls the factory's constructor, and with it every call, back.

FACTORY = "factory"
_MODULES = {"ProtocolType.HTTP": "httpclient", "ProtocolType.GRPC": "grpcclient"}


# id(function) -> (the function, its own returns): a function no rule changed is the same node in the
# next rule's tree (`triton_migrate.analysis.reparse`), so each rule does not walk it again.
_RETURNS: dict[int, tuple[cst.FunctionDef, Optional[list[cst.CSTNode]]]] = {}


def forget() -> None:
    """Drop the returns kept (the carrier calls it when a file is done)."""
    _RETURNS.clear()


def own_returns(function: cst.FunctionDef) -> Optional[list[cst.CSTNode]]:
    """The ``return`` statements of ``function`` itself, not of a function, lambda or class defined in it
    (None when it yields: a generator's returns are no values it gives its callers)."""
    kept = _RETURNS.get(id(function))
    if kept is not None and kept[0] is function:
        return kept[1]
    found = _own_returns(function)
    _RETURNS[id(function)] = (function, found)
    return found


def _own_returns(function: cst.FunctionDef) -> Optional[list[cst.CSTNode]]:
    found: list[cst.CSTNode] = []
    stack: list[cst.CSTNode] = [function.body]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            continue
        if isinstance(node, (cst.Yield,)):
            return None
        if isinstance(node, cst.Return):
            found.append(node)
        stack.extend(node.children)
    return found


def factory_bound(rewriter: Any, call: cst.Call) -> Optional[Any]:
    """The context a call of a factory of this file returns, as the call site sees it, or None."""
    names = rewriter.__dict__.get("_escape_function_names")
    if names is None:
        names = rewriter.__dict__["_escape_function_names"] = {f.name.value for f in rewriter.functions}
    if not isinstance(call.func, cst.Name) or call.func.value not in names:
        return None  # only a function defined in this file can be a factory (cheap test for every call)
    function = single_assignment(rewriter, call.func)
    if not isinstance(function, cst.FunctionDef) or method_class(rewriter, function) is not None:
        return None
    returns = own_returns(function)  # kept per function: a factory is called at many sites
    if not returns:
        return None
    # several returns (branches, early returns): each a constructor of one class (or None), and the call
    # site must see the same request settings and protocol module whichever returns (factories module)
    constructors = [r.value for r in returns if not _returns_none(r)]  # type: ignore[attr-defined]
    if not constructors or not all(isinstance(c, cst.Call) and rewriter.constructor(c) for c in constructors) \
            or call_sites(rewriter, function) is None:
        return None
    why = _differing(rewriter, constructors)  # before any rewrite (also once the verifier froze them)
    bound = None
    if why is None:
        bound, why = agreeing(rewriter, [_factory_bound_one(rewriter, call, function, c) for c in constructors])
    cls = rewriter.constructor(constructors[0])
    if why and why != "class" and cls in getattr(rewriter, "classes", ()):
        # returns that differ: each call may still pick its branch from literal arguments (factorybranch)
        picked = branch_bound(rewriter, function, call_sites(rewriter, function), _factory_bound_one,
                              _passed_literal)
        if picked is not None:
            return picked(call)
        why += unresolved_reason(rewriter, function)
    if why and cls in getattr(rewriter, "classes", ()):
        reported = rewriter.__dict__.setdefault("_escape_factories_disagree", set())
        if function not in reported:
            reported.add(function)
            rewriter.report(function.name, f"`{function.name.value}()` returns a V1 `{cls}` from "
                                           f"{len(constructors)} places that differ in {why}: a V2 client does not "
                                           "carry it, so the callers' requests could not name it; not converted "
                                           "(each use is reported).", severity="error", v1=cls,
                            replacement="one factory per model (or return the model name with the client)")
    return bound


def _passed_literal(rewriter: Any, call: cst.Call, function: cst.FunctionDef,
                    name: cst.Name) -> Optional[cst.BaseExpression]:
    """The literal ``call`` passes for the parameter ``name`` reads in ``function`` (never reassigned), or None."""
    target = single_assignment(rewriter, name)
    scope = rewriter.get_metadata(ScopeProvider, name, None)
    names = param_names(rewriter, function)
    if not isinstance(target, cst.Param) or scope is None or len(scope.assignments[name.value]) != 1 \
            or names is None or not any(p is target for p in function.params.params):
        return None
    passed = bind_arguments(call, names)
    given = passed.get(name.value, target.default) if passed is not None else None
    return given if given is not None and is_literal(given) else None


def _returns_none(node: cst.CSTNode) -> bool:
    value = getattr(node, "value", None)
    return value is None or (isinstance(value, cst.Name) and value.value == "None")


def _differing(rewriter: Any, constructors: list[cst.Call]) -> Optional[str]:
    """What the returned constructors differ in, as written (class, protocol or a request setting), or None."""
    from triton_migrate.data.v1_client_api import CONTEXTS

    if len(constructors) < 2:
        return None
    classes = {rewriter.constructor(c) for c in constructors}
    if len(classes) > 1:
        return "class"
    cls = classes.pop()
    bound = [bind_arguments(c, CONTEXTS[cls].params) for c in constructors]
    if None in bound:
        return None  # judged by the bounds (unreadable arguments: not converted, no extra finding)
    for name in ("protocol", *ATTR_SETTINGS):
        codes = {rewriter.code(b[name]) if name in b else None for b in bound}  # type: ignore[index, operator]
        if len(codes) > 1:
            return name.replace("_", " ")
    return None


def agreeing(rewriter: Any, bounds: list[Optional[Any]]) -> tuple[Optional[Any], Optional[str]]:
    """(the first bound, None) when every return of a factory gives the call site the same context
    settings; else (None, what differs) (None, None: a return the tool cannot follow at all)."""
    if not bounds or None in bounds:
        return None, None
    first = bounds[0]
    for other in bounds[1:]:
        if other.cls != first.cls:
            return None, "class"
        if other.module_expr != first.module_expr or other.extra.get("hoist") != first.extra.get("hoist"):
            return None, "protocol"
        for name in ATTR_SETTINGS:
            mine, theirs = first.args.get(name), other.args.get(name)
            if (mine is None) != (theirs is None) or (mine is not None and rewriter.code(mine) != rewriter.code(theirs)):
                return None, name.replace("_", " ")
    return first, None


def _factory_bound_one(rewriter: Any, call: cst.Call, function: cst.FunctionDef, constructor: cst.Call) -> Optional[Any]:
    """The context ``constructor`` (returned by ``function``) is, as the call ``call`` sees it."""
    made = rewriter.bound_of_call(constructor)
    if made is None:
        return None
    names = param_names(rewriter, function)
    passed = bind_arguments(call, names) if names is not None else None
    if passed is None:
        return None
    params = {p.name.value: p for p in [*function.params.posonly_params, *function.params.params,
                                        *function.params.kwonly_params]}

    def at_call(value: cst.BaseExpression) -> Optional[cst.BaseExpression]:
        """``value`` (an expression of the factory) as the call site passes it."""
        if is_literal(value):
            return value
        target = single_assignment(rewriter, value) if isinstance(value, cst.Name) else None
        if isinstance(target, cst.Param) and params.get(target.name.value) is target:
            given = passed.get(target.name.value, target.default)  # type: ignore[union-attr]
            return given
        return None

    args: dict[str, cst.BaseExpression] = {}
    for name, value in made.args.items():
        moved = at_call(value)
        if name in ATTR_SETTINGS and (moved is None or not is_literal(moved)):
            return None  # a setting each request needs must be known as a literal at the call
        args[name] = moved if moved is not None else value
    module, hoist = _factory_module(rewriter, call, made.args["protocol"], at_call)
    if module is None:
        return None
    return replace(made, call=call, args=args, module_expr=module,
                   extra={FACTORY: function, "hoist": hoist, "constructor": constructor})


def _factory_module(rewriter: Any, call: cst.Call, protocol: cst.BaseExpression,
                    at_call: Any) -> tuple[Optional[str], Optional[str]]:
    """(module expression at the call site, code to choose it just before the call or None)."""
    which = rewriter.resolver.v1_name(protocol)
    if which in _MODULES:
        return _MODULES[which], None
    given = at_call(protocol)
    if given is not None:  # the factory's protocol parameter: the call passes a ProtocolType value
        which = rewriter.resolver.v1_name(given)
        if which in _MODULES:
            return _MODULES[which], None
        if not is_protocol_value(rewriter, given, 0):
            return None, None
        text = rewriter.code(given)
        return (text if isinstance(given, (cst.Name, cst.Attribute)) else f"({text})"), None
    target = single_assignment(rewriter, protocol) if isinstance(protocol, cst.Name) else None
    value = rewriter.values.get(target) if isinstance(target, cst.Name) else None
    if rewriter.resolver.v1_name(value) in _MODULES:
        return _MODULES[rewriter.resolver.v1_name(value)], None
    if not (isinstance(value, cst.Call) and rewriter.resolver.v1_name(value.func) == "ProtocolType.from_str"
            and len(value.args) == 1 and not value.args[0].keyword and not value.args[0].star):
        return None, None
    name = at_call(value.args[0].value)  # ``ProtocolType.from_str(protocol_name)``: the name the call passes
    if name is None:
        return None, None
    if isinstance(name, cst.SimpleString) and isinstance(name.evaluated_value, str):
        chosen = {"http": "httpclient", "grpc": "grpcclient"}.get(name.evaluated_value.lower())
        return chosen, None
    text = rewriter.code(name)
    if not isinstance(name, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
        text = f"({text})"
    choice = f'httpclient if {text}.lower() == "http" else grpcclient'
    return f"({choice})", choice


def factory_call(rewriter: Any, original: cst.Call, updated: cst.Call, bound: Any) -> cst.BaseExpression:
    """A call of a factory that now returns a V2 client: the call stays; the protocol module its
    requests use is chosen just before it when it is a run-time choice."""
    hoist = bound.extra.get("hoist")
    assign = _parent(rewriter, original)
    if hoist and isinstance(assign, cst.Assign) and assign.value is original and len(assign.targets) == 1 \
            and isinstance(assign.targets[0].target, cst.Name) and rewriter.can_insert() \
            and not rewriter.suppressed(original):
        name = f"{assign.targets[0].target.value}_{MODULE_SUFFIX}"
        scope = rewriter.get_metadata(ScopeProvider, original, None)
        if scope is None or name not in scope:
            rewriter.insert(f"{name} = {hoist}")
            bound.module_expr = name
    function = bound.extra[FACTORY]
    reported = rewriter.__dict__.setdefault("_escape_factories", set())
    if function not in reported:
        reported.add(function)
        rewriter.report(function.name, f"`{function.name.value}()` returned a V1 `{bound.cls}`; it now returns a V2 "
                                       "`InferenceServerClient`, and each call in this file passes the settings V1 "
                                       "kept in the context (model name, version, sequence id) to every request. "
                                       "Callers in other files must do the same.", applied=True, severity="warning",
                        v1=bound.cls, replacement="client = factory(...); client.infer(model_name, inputs, ...)")
    return updated
