"""Containers of V1 contexts kept on ``self``, and containers of the other context classes.

`containers` plans lists, dicts and queues of contexts held in a local name.
Real code also keeps them on the instance::

    class Pool(object):
        def __init__(self, url, protocol):
            self.workers = [InferContext(url, protocol, "simple") for _ in range(2)]

        def work(self):
            for ctx in self.workers:
                ctx.run(...)

Such a container is planned like a local one when the attribute cannot escape:
its one store is ``self.<attr> = <container>`` in a method of its class, and
every other ``.<attr>`` of the file is ``self.<attr>`` read in a method of the
same class (not in a nested function, no subclass of the class in this file,
every method names its instance the same way).  The element uses happen in
other methods, where the names of the method that built the contexts are not
visible, so the settings a request copies from a context (model name, version,
correlation id, headers, streaming) must be literals (``self.model_name`` stored
once as a literal counts); the protocol may be a name of that method, and is
then kept on the instance beside the container (``self.<attr>_client_module =
protocol``), as a person porting by hand would.

Containers of `ServerHealthContext`, `ModelControlContext` and
`SharedMemoryControlContext` are planned by the same rules: their element
methods are the table renames (``is_live()``, ``load()``, ``unregister_all()``
...), which need no per-context setting but the headers, which must agree.
An `InferContext` element may also be used for ``async_run()`` and
``get_async_run_results()``: the request ids live apart from the context, and
the rewrite of ``async_run`` is the one a local context gets.

Anything else leaves every context of the container V1, each use reported.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Optional

import libcst as cst
from libcst.metadata import ParentNodeProvider, ScopeProvider

from triton_migrate.data.v1_client_api import CONTEXTS, Rename
from triton_migrate.v1client.escape import (
    MODULE_SUFFIX,
    _attributes,
    _extended,
    _single_literal_store,
    enclosing,
    is_literal,
    method_class,
    self_name,
    self_of_class_apart,
)

if TYPE_CHECKING:
    from triton_migrate.v1client.client import Bound

# (containers imports this module: its types are named as strings only, never imported here)
Containers = ContainerPlan = Any

#: Element methods of an InferContext taken out of a container.
INFER_ELEMENT_METHODS = frozenset({"run", "close", "async_run", "get_async_run_results"})
#: The semantic methods of SharedMemoryControlContext its rule converts on any receiver (v1_shm_control).
SHM_METHODS = frozenset({"register", "cuda_register", "unregister", "unregister_all"})
#: Settings a request made on an element copies from its context (literals when used in another method).
REQUEST_SETTINGS = ("model_name", "model_version", "correlation_id", "http_headers", "streaming")
#: Statements written after a converted ``self.<attr> = <container>`` (read by escape.settings_statements).
AFTER = "_selfheld_after"


def element_methods(classes: tuple[str, ...]) -> frozenset[str]:
    """The methods an element of a container of ``classes`` may be used for."""
    found: set[str] = set()
    for cls in classes:
        if cls == "InferContext":
            found |= INFER_ELEMENT_METHODS
        elif cls in CONTEXTS:
            found |= {m for m, entry in CONTEXTS[cls].methods.items() if isinstance(entry, Rename)} | {"close"}
        if cls == "SharedMemoryControlContext":
            found |= SHM_METHODS
        if cls == "ServerStatusContext":
            found |= {"get_server_status"}  # planned use by use by v1_status (or left V1 whole)
        if cls == "ModelRepositoryContext":
            found |= {"get_model_repository_index"}
    return frozenset(found)


def plain_methods(classes: tuple[str, ...]) -> frozenset[str]:
    """Element methods that need no per-context setting (fine on elements of different settings)."""
    return frozenset({"close"})


def is_attribute_plan(plan: ContainerPlan) -> bool:
    return isinstance(plan.target, cst.Attribute)


def attr_candidate(held: Containers, target: cst.Attribute) -> Optional[tuple[object, str]]:
    """(scope of the storing method, the instance name) when ``target`` is ``self.<attr>`` stored in a method."""
    rw = held.rw
    if not isinstance(target.value, cst.Name):
        return None
    method = enclosing(rw, target, cst.FunctionDef)  # type: ignore[arg-type]
    if not isinstance(method, cst.FunctionDef) or method_class(rw, method) is None:  # type: ignore[arg-type]
        return None
    if self_name(method) != target.value.value:
        return None
    scope = rw.get_metadata(ScopeProvider, target.value, None)
    if getattr(scope, "node", None) is not method:
        return None
    return scope, target.value.value


def attr_accesses(held: Containers, plan: ContainerPlan) -> Optional[list[cst.Attribute]]:
    """Every read of ``self.<attr>`` (in reading order), or None when the attribute may escape."""
    rw = held.rw
    target = plan.target
    assert isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name)
    me = target.value.value
    method = enclosing(rw, target, cst.FunctionDef)  # type: ignore[arg-type]
    cls = method_class(rw, method)  # type: ignore[arg-type]
    if cls is None:
        return None
    body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
    if any(isinstance(s, cst.FunctionDef) and self_name(s) not in (me, None) for s in body):
        plan.failed.append(f"the methods of `{cls.name.value}` name their instance differently")
        return []
    if _extended(rw, cls):
        plan.failed.append(f"a class of this file extends `{cls.name.value}`")
        return []
    found = []
    for node in _attributes(rw).get(target.attr.value, []):
        if node is target:
            continue
        where = enclosing(rw, node, cst.FunctionDef)
        if self_of_class_apart(rw, node, cls):
            continue  # ``self.<attr>`` of a class that shares no object with this one (analysis/families.py)
        parent = rw.get_metadata(ParentNodeProvider, node, None)
        if not (isinstance(node.value, cst.Name) and node.value.value == me and isinstance(where, cst.FunctionDef)
                and method_class(rw, where) is cls  # type: ignore[arg-type]
                and getattr(rw.get_metadata(ScopeProvider, node.value, None), "node", None) is where):
            plan.failed.append(f"`{rw.code(node)}` is read where the tool cannot follow it")
            return []
        if isinstance(parent, (cst.AssignTarget, cst.AugAssign, cst.Del, cst.AnnAssign)) or (
                isinstance(parent, (cst.Element, cst.Tuple, cst.List)) and _stored(rw, parent)):
            plan.failed.append(f"`{rw.code(node)}` is stored more than once")
            return []
        found.append(node)
    return sorted(found, key=held._where)


def _stored(rw: Any, node: cst.CSTNode) -> bool:
    while isinstance(node, (cst.Element, cst.Tuple, cst.List)):
        node = rw.get_metadata(ParentNodeProvider, node, None)
    return isinstance(node, (cst.AssignTarget, cst.For))


def use_bound(held: Containers, plan: ContainerPlan, bound: Bound) -> tuple[Optional[Bound], Optional[str]]:
    """What a use of an element of ``self.<attr>`` sees in another method: (Bound, None) or (None, why)."""
    rw = held.rw
    target = plan.target
    assert isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name)
    me, attr = target.value.value, target.attr.value
    cache = rw.__dict__.setdefault("_selfheld_bounds", {})
    key = _Keyed(plan, bound.call)  # one use-bound per entry (a dict's keys name different models)
    if key in cache:
        return cache[key]
    method = enclosing(rw, target, cst.FunctionDef)
    cls = method_class(rw, method)  # type: ignore[arg-type]
    args = dict(bound.args)
    entries = plan.entries
    for name in REQUEST_SETTINGS:
        value = args.get(name)
        if value is None or is_literal(value):
            continue
        literal = _single_literal_store(rw, value, cls, me)  # type: ignore[arg-type]
        if literal is None:
            cache[key] = None, (f"the {name.replace('_', ' ')} of its contexts, `{rw.code(value)}`, is not a literal, "
                                 f"and `{me}.{attr}` is used in other methods")
            return cache[key]
        args[name] = literal
    protocol = bound.args["protocol"]
    which = rw.resolver.v1_name(protocol)
    module = {"ProtocolType.HTTP": "httpclient", "ProtocolType.GRPC": "grpcclient"}.get(which or "")
    if module is None:
        stored = f"{attr}_{MODULE_SUFFIX}"
        if not isinstance(protocol, cst.Name):
            cache[key] = None, "the protocol of its contexts is not a name the tool can keep on the instance"
            return cache[key]
        if _attributes(rw).get(stored):
            cache[key] = None, f"`{me}.{stored}`, where its protocol would be kept, is taken"
            return cache[key]
        for call in entries:  # every context built in the storing method, with that protocol
            if enclosing(rw, call, cst.FunctionDef) is not method or rw.bound_of_call(call) is None \
                    or rw.code(rw.bound_of_call(call).args["protocol"]) != protocol.value:
                cache[key] = None, f"the contexts of `{me}.{attr}` are not all built with `{protocol.value}` in one method"
                return cache[key]
        module = f"{me}.{stored}"
        statement = enclosing(rw, target, cst.SimpleStatementLine)
        rw.__dict__.setdefault(AFTER, {})[statement] = [f"{me}.{stored} = {protocol.value}"]
    cache[key] = replace(bound, args=args, module_expr=module, extra={}), None
    return cache[key]


class _Keyed:
    """A container plan and one of its constructors, as a cache key."""

    def __init__(self, plan: Any, call: cst.Call) -> None:
        self.plan, self.call = plan, call

    def __hash__(self) -> int:
        return hash((id(self.plan), id(self.call)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Keyed) and other.plan is self.plan and other.call is self.call


def after_statements(rewriter: Any, original: cst.SimpleStatementLine) -> list[str]:
    """Statements to write after ``original`` (a converted ``self.<attr> = <container>``)."""
    held = getattr(rewriter, "held", None)
    lines = rewriter.__dict__.get(AFTER, {}).get(original, [])
    if not lines or held is None:
        return []
    plan = next((p for p in held.plans.values() if is_attribute_plan(p)
                 and enclosing(rewriter, p.target, cst.SimpleStatementLine) is original), None)
    if plan is None or any(c in held.blocked for c in plan.entries):
        return []
    return list(lines)


def with_after(rewriter: Any, original: cst.SimpleStatementLine, result: Any) -> Any:
    """``result`` (what leaving ``original`` gives) followed by its `after_statements`."""
    lines = after_statements(rewriter, original)
    if not lines:
        return result
    added = [cst.parse_statement(line) for line in lines]
    if isinstance(result, cst.FlattenSentinel):
        return cst.FlattenSentinel([*result.nodes, *added])
    return cst.FlattenSentinel([result, *added])


# -- contexts kept in tuples with their request ids ----------------------------------------------
#
# ``pending.append((ctx, ctx.async_run(...)))`` then ``for ctx, request_id in pending:
# ctx.get_async_run_results(request_id)`` (or ``ctx, request_id = pending.get()``): ``pending``
# is a companion of the container ``ctx`` came from.  It is followed when it is a plain name
# assigned once in the same scope from ``[]`` / ``queue.Queue()`` / ``deque()``, every put into
# it is a tuple of one length with an element of the container at one position, and every read
# unpacks that tuple (a ``for`` target or ``a, b = pending.get()``) or only looks at it (``len``,
# ``empty()``, ``qsize()``); the name unpacked at that position then holds an element.

PAIR_GETS = frozenset({"get", "get_nowait", "pop", "popleft"})
PAIR_NEUTRAL = frozenset({"empty", "qsize", "full", "task_done"})


def pair_use(held: Any, use: cst.Name, read: Any) -> Optional[str]:
    """``use`` (a name holding an element) put into a companion container inside a tuple: follow
    the companion (None), or why not (a reason), or "" when ``use`` is not in such a tuple."""
    from triton_migrate.analysis.resolve import single_assignment

    rw = held.rw
    element = rw.get_metadata(ParentNodeProvider, use, None)
    pair = rw.get_metadata(ParentNodeProvider, element, None) if isinstance(element, cst.Element) else None
    arg = rw.get_metadata(ParentNodeProvider, pair, None) if isinstance(pair, cst.Tuple) else None
    call = rw.get_metadata(ParentNodeProvider, arg, None) if isinstance(arg, cst.Arg) else None
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and len(call.args) == 1
            and call.func.attr.value in ("append", "put", "put_nowait", "appendleft")
            and isinstance(call.func.value, cst.Name) and not arg.keyword and not arg.star):  # type: ignore[union-attr]
        return ""
    position = next(i for i, e in enumerate(pair.elements) if e is element)  # type: ignore[union-attr]
    arity = len(pair.elements)  # type: ignore[union-attr]
    target = single_assignment(rw, call.func.value)
    if not isinstance(target, cst.Name):
        return f"`{rw.code(call)}`: the tool cannot follow `{call.func.value.value}`"
    key = (target, position, arity)
    done = held.__dict__.setdefault("_pairs_followed", {})
    if key in done:
        return done[key]
    done[key] = None
    done[key] = why = _follow_pairs(held, target, position, arity, read)
    return why


def _follow_pairs(held: Any, target: cst.Name, position: int, arity: int, read: Any) -> Optional[str]:
    rw = held.rw
    assign = rw.get_metadata(ParentNodeProvider, rw.get_metadata(ParentNodeProvider, target, None), None)
    value = assign.value if isinstance(assign, cst.Assign) and len(assign.targets) == 1 else None
    empty = (isinstance(value, cst.List) and not value.elements) or (
        isinstance(value, cst.Call) and not value.args and (
            (isinstance(value.func, cst.Attribute) and value.func.attr.value in ("Queue", "LifoQueue", "deque"))
            or (isinstance(value.func, cst.Name) and value.func.value in ("Queue", "LifoQueue", "deque", "list"))))
    name = target.value
    if not empty:
        return f"`{name}`, where the contexts are kept with their request ids, is not filled from empty"
    scope = rw.get_metadata(ScopeProvider, target, None)
    uses = held._accesses(target, scope) if scope is not None else None
    if uses is None:
        return f"`{name}` is read in a nested function"
    for use in uses:
        parent = rw.get_metadata(ParentNodeProvider, use, None)
        call = rw.get_metadata(ParentNodeProvider, parent, None) if parent is not None else None
        if isinstance(parent, cst.Attribute) and parent.value is use and isinstance(call, cst.Call) \
                and call.func is parent:
            method = parent.attr.value
            if method in PAIR_NEUTRAL:
                continue
            if method in ("append", "put", "put_nowait", "appendleft") and len(call.args) == 1 \
                    and isinstance(call.args[0].value, cst.Tuple) and len(call.args[0].value.elements) == arity:
                continue  # each put is checked from the element it holds (the verifier checks the rest)
            if method in PAIR_GETS and not call.args:
                holder = rw.get_metadata(ParentNodeProvider, call, None)
                if isinstance(holder, cst.Assign) and len(holder.targets) == 1:
                    why = _unpacked(held, holder.targets[0].target, position, arity, read)
                    if why is None:
                        continue
                    return why
            return f"`{rw.code(call)}`"
        if isinstance(parent, cst.Arg) and isinstance(call, cst.Call) and isinstance(call.func, cst.Name) \
                and call.func.value == "len":
            continue
        if isinstance(parent, cst.For) and parent.iter is use:
            why = _unpacked(held, parent.target, position, arity, read)
            if why is None:
                continue
            return why
        return f"`{name}` is used where the tool cannot follow the contexts kept in it"
    return None


def _unpacked(held: Any, target: cst.BaseExpression, position: int, arity: int, read: Any) -> Optional[str]:
    if not (isinstance(target, cst.Tuple) and len(target.elements) == arity
            and isinstance(target.elements[position].value, cst.Name)
            and not any(isinstance(e, cst.StarredElement) for e in target.elements)):
        return f"`{held.rw.code(target)}` does not unpack the tuples the contexts are kept in"
    return held._holder(target.elements[position].value, type(read)(list(read.plans)))
