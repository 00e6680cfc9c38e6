"""V1 `InferContext` objects kept in containers: lists, dicts by model name, queues used as pools.

A V1 context carried its model name (and protocol, version, correlation id,
headers); a V2 client carries none of them, so a request made on a context
taken out of a container must get them from somewhere.  What a person
migrating by hand writes, and what this module plans:

* a list or a queue whose contexts all share the same settings (one model
  literal, the same protocol, version, correlation id and headers):
  ``workers = [InferContext(url, p, "simple") for _ in range(n)]`` becomes a
  list of clients, and ``ctx.run(...)`` on an element becomes
  ``ctx.infer("simple", ...)`` (the model is known at every use);
* a dict with literal keys: ``by_model["simple"].run(...)`` uses the settings
  of the entry under that key;
* element uses that need no setting (``close()``) are fine whatever the
  elements' settings are.

A container is planned when it is assigned once, in one scope, from a list
comprehension or display of constructors, a dict display with literal string
keys, or an empty list / dict / ``queue.Queue()`` filled with ``append`` /
``put`` / ``d["k"] = ...`` of constructors; and every read of it is one the
tool follows: iteration (``for c in xs``, ``enumerate(xs)``, ``xs + ys``,
``list(d.values())``), a subscript (a literal key for a dict), ``q.get()``, an
element put back (``q.put(c)``), ``len``, ``in``, ``empty()``, ``qsize()``.
Each element taken out (a loop variable, ``c = q.get()``, ``d["k"]``,
``q.get()`` itself) may only be used to call ``run()`` or ``close()``.
Containers iterated together are planned together: all or nothing.  A
container passed out of its scope (returned, handed to a function, stored on
an object), a key that is not a literal, elements of different models read
for ``run()``, or any other use leave every context of it V1 (constructors
included), and each use is reported by the verifier.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

import libcst as cst
from libcst.metadata import Assignment, ParentNodeProvider, PositionProvider, ScopeProvider

from triton_migrate.analysis.resolve import literal_string, single_assignment, walk, within
from triton_migrate.v1client.client import Bound
from triton_migrate.v1client.inferparams import _stable
from triton_migrate.v1client.modindex import index_of
from triton_migrate.v1client.selfheld import (
    attr_accesses,
    attr_candidate,
    element_methods,
    is_attribute_plan,
    pair_use,
    use_bound,
)

if TYPE_CHECKING:
    from triton_migrate.v1client.inferparams import InferRewriter

#: Methods an element taken out of a container may be used for.
ELEMENT_METHODS = frozenset({"run", "close"})
#: Element methods that need no per-context setting (fine on elements of different models).
PLAIN_METHODS = frozenset({"close"})
PUTS = frozenset({"append", "put", "put_nowait", "appendleft"})
GETS = frozenset({"get", "get_nowait", "pop", "popleft"})
NEUTRAL = frozenset({"empty", "qsize", "full", "keys", "task_done"})
#: Calls an iterated container may pass through on its way to a ``for``.
ITERATORS = frozenset({"list", "tuple", "enumerate", "sorted", "reversed", "iter"})
#: The settings a request copies from the context (they must agree among the elements it may be).
SETTINGS = ("protocol", "model_name", "model_version", "correlation_id", "streaming", "http_headers")


@dataclass(eq=False)
class ContainerPlan:
    name: str
    target: cst.Name
    scope: object
    kind: str  # "list" | "dict" | "queue"
    entries: dict[cst.Call, Optional[str]] = field(default_factory=dict)  # constructor -> dict key
    failed: list[str] = field(default_factory=list)
    group: Optional["Group"] = None


@dataclass(eq=False)
class Group:
    """Containers read together (``for c in xs + ys``): converted together or not at all."""

    plans: list[ContainerPlan] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@dataclass
class Read:
    """A place an element comes out: the node the rewriter sees as a receiver, and what it may be."""

    plans: list[ContainerPlan]
    key: Optional[str] = None  # a dict entry's key
    methods: set[str] = field(default_factory=set)


class Containers:
    """The container plans of one module, and the receivers they resolve."""

    def __init__(self, rewriter: InferRewriter, module: cst.Module) -> None:
        self.rw = rewriter
        self.plans: dict[cst.Name, ContainerPlan] = {}
        self.reads: dict[cst.CSTNode, Read] = {}  # Subscript / get() Call / holder target Name -> read
        self.bounds: dict[cst.CSTNode, Bound] = {}
        self.blocked: set[cst.Call] = set()
        self.why: dict[cst.Call, tuple[str, str]] = {}  # blocked constructor -> (container, why)
        self.methods = element_methods(tuple(getattr(rewriter, "classes", ("InferContext",))))
        if not rewriter.resolver.candidates:
            return
        for node in index_of(module).assigns:  # single-target assignments to a name or attribute, in walk order
            self._candidate(node.targets[0].target, node.value)  # type: ignore[arg-type]
        for plan in list(self.plans.values()):
            self._follow(plan)
        self._settle()

    # -- public: what the rewriter asks ---------------------------------------------------
    def bound_of(self, receiver: cst.BaseExpression) -> Optional[Bound]:
        if isinstance(receiver, cst.Name):
            target = single_assignment(self.rw, receiver)  # type: ignore[arg-type]
            return self.bounds.get(target) if target is not None else None
        return self.bounds.get(receiver)

    # -- planning -----------------------------------------------------------------------------
    def _ctor(self, node: cst.CSTNode) -> Optional[cst.Call]:
        if isinstance(node, cst.Call) and self.rw.constructor(node) in getattr(  # type: ignore[attr-defined]
                self.rw, "classes", ("InferContext",)):
            return node
        return None

    def _candidate(self, target: cst.Name, value: cst.BaseExpression) -> None:
        get = self.rw.get_metadata
        scope = get(ScopeProvider, target, None)
        if isinstance(target, cst.Attribute):  # ``self.<attr> = ...`` in a method (selfheld)
            found = attr_candidate(self, target)
            scope = found[0] if found is not None else None
        if scope is None:
            return
        plan: Optional[ContainerPlan] = None
        if isinstance(value, cst.ListComp) and self._ctor(value.elt):
            plan = ContainerPlan(target.value, target, scope, "list", {value.elt: None})  # type: ignore[dict-item]
        elif isinstance(value, (cst.List, cst.Tuple)) and value.elements \
                and all(self._ctor(e.value) for e in value.elements):
            plan = ContainerPlan(target.value, target, scope, "list", {e.value: None for e in value.elements})  # type: ignore[misc]
        elif isinstance(value, cst.Dict) and value.elements and any(
                isinstance(e, cst.DictElement) and self._ctor(e.value) for e in value.elements):
            plan = ContainerPlan(target.value, target, scope, "dict")
            for e in value.elements:
                key = literal_string(e.key) if isinstance(e, cst.DictElement) else None
                if key is None or not self._ctor(e.value):
                    plan.failed.append("a dict entry is not a context under a literal string key")
                    if self._ctor(e.value):
                        plan.entries[e.value] = None  # type: ignore[index]
                    continue
                plan.entries[e.value] = key  # type: ignore[index]
        elif isinstance(value, (cst.List, cst.Dict)) and not value.elements:
            plan = ContainerPlan(target.value, target, scope, "list" if isinstance(value, cst.List) else "dict")
        elif isinstance(value, cst.Call) and not value.args and (
                (isinstance(value.func, cst.Attribute) and value.func.attr.value in ("Queue", "LifoQueue", "deque"))
                or (isinstance(value.func, cst.Name) and value.func.value in ("Queue", "LifoQueue", "deque"))):
            plan = ContainerPlan(target.value, target, scope, "queue")
        if plan is None:
            return
        if isinstance(target, cst.Attribute):
            plan.name = self.rw.code(target)
            self.plans[target] = plan  # type: ignore[index]
            return
        assignments = list(scope.assignments[target.value])
        if len(assignments) != 1 or not isinstance(assignments[0], Assignment) or assignments[0].node is not target:
            if plan.entries:
                self.blocked.update(plan.entries)
            return
        self.plans[target] = plan

    def _accesses(self, target: cst.Name, scope: object) -> Optional[list[cst.Name]]:
        """Reads of the name ``target`` binds, or None when one is in another scope or not resolvable."""
        found = []
        for access in scope.accesses[target.value]:  # type: ignore[attr-defined]
            node = access.node
            if not isinstance(node, cst.Name):
                return None
            if single_assignment(self.rw, node) is not target:
                continue
            found.append(node)
        for assignment in scope.assignments[target.value]:  # type: ignore[attr-defined]
            if getattr(assignment, "node", None) is target:
                for access in getattr(assignment, "references", ()):
                    if self.rw.get_metadata(ScopeProvider, access.node, None) is not scope:
                        return None  # read from a nested function, lambda or comprehension
        return sorted(found, key=self._where)  # in reading order: the reason reported is stable

    def _where(self, node: cst.CSTNode) -> tuple[int, int]:
        start = self.rw.get_metadata(PositionProvider, node).start
        return start.line, start.column

    def _parent(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        return self.rw.get_metadata(ParentNodeProvider, node, None)

    def _follow(self, plan: ContainerPlan) -> None:
        uses = attr_accesses(self, plan) if is_attribute_plan(plan) else self._accesses(plan.target, plan.scope)
        if uses is None:
            plan.failed.append(f"`{plan.name}` is read in a nested function")
            return
        for use in uses:
            why = self._container_use(plan, use)
            if why:
                plan.failed.append(why)

    def _container_use(self, plan: ContainerPlan, use: cst.Name) -> Optional[str]:
        parent = self._parent(use)
        if isinstance(parent, cst.Attribute) and parent.value is use:
            call = self._parent(parent)
            method = parent.attr.value
            if not (isinstance(call, cst.Call) and call.func is parent):
                return f"`{plan.name}.{method}`"
            if method in PUTS and len(call.args) == 1 and not call.args[0].keyword:
                value = call.args[0].value
                if self._ctor(value):
                    plan.entries[value] = None  # type: ignore[index]
                    return None
                if isinstance(value, cst.Name):
                    held = getattr(self.rw, "values", {}).get(single_assignment(self.rw, value))
                    if self._ctor(held):  # ``ctx = InferContext(...)`` then ``pool.put(ctx)``
                        plan.entries[held] = None  # type: ignore[index]
                        return None
                    self.reads.setdefault(value, Read([plan])).methods.add("put back")
                    return None
                return f"`{self.rw.code(call)}`"
            if method in GETS and not call.args and plan.kind != "dict":
                return self._element(call, Read([plan]))
            if method in NEUTRAL:
                return None
            if method == "values" and not call.args:
                return self._iterated(plan, call)
            return f"`{self.rw.code(call)}`"
        if isinstance(parent, cst.Subscript) and parent.value is use and len(parent.slice) == 1 \
                and isinstance(parent.slice[0].slice, cst.Index):
            index = parent.slice[0].slice.value
            holder = self._parent(parent)
            if isinstance(holder, cst.AssignTarget) and holder.target is parent:
                assign = self._parent(holder)
                key = literal_string(index)
                if plan.kind == "dict" and key is not None and isinstance(assign, cst.Assign) \
                        and self._ctor(assign.value):
                    plan.entries[assign.value] = key  # type: ignore[index]
                    return None
                return f"`{self.rw.code(parent)} = ...`"
            if plan.kind == "dict":
                key = literal_string(index)
                if key is None:
                    return f"`{self.rw.code(parent)}` (not a literal key)"
                return self._element(parent, Read([plan], key))
            return self._element(parent, Read([plan]))
        if isinstance(parent, cst.Arg) and parent.value is use:
            call = self._parent(parent)
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "len":
                return None
        if isinstance(parent, cst.ComparisonTarget) and isinstance(parent.operator, (cst.In, cst.NotIn)):
            return None
        return self._iterated(plan, use)

    def _iterated(self, plan: ContainerPlan, node: cst.CSTNode) -> Optional[str]:
        """``node`` (the container, or its ``.values()``) on its way to a ``for``: the loop's element variable."""
        enumerated = False
        zipped: Optional[tuple[int, int]] = None  # ``zip(xs, ids)``: (position of the container, arguments)
        while True:
            parent = self._parent(node)
            if isinstance(parent, cst.Arg) and parent.value is node and not parent.keyword:
                call = self._parent(parent)
                if isinstance(call, cst.Call) and isinstance(call.func, cst.Name) \
                        and call.func.value in ITERATORS and len(call.args) == 1:
                    enumerated = enumerated or call.func.value == "enumerate"
                    node = call
                    continue
                if zipped is None and not enumerated and isinstance(call, cst.Call) \
                        and isinstance(call.func, cst.Name) and call.func.value == "zip" and len(call.args) > 1 \
                        and not any(a.keyword or a.star for a in call.args):
                    zipped = (next(i for i, a in enumerate(call.args) if a is parent), len(call.args))  # selfheld
                    node = call
                    continue
                break
            if isinstance(parent, cst.BinaryOperation) and isinstance(parent.operator, cst.Add):
                other = parent.right if parent.left is node else parent.left
                linked = self._linked(other)
                if linked is None:
                    return f"`{self.rw.code(parent)}`"
                for other_plan in linked:
                    self._join(plan, other_plan)
                node = parent
                continue
            break
        loop = self._parent(node)
        if not isinstance(loop, (cst.For, cst.CompFor)) or loop.iter is not node:
            shown = loop or node
            while isinstance(shown, (cst.Arg, cst.Element, cst.BaseExpression)) and self._parent(shown) is not None \
                    and not isinstance(self._parent(shown), (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
                shown = self._parent(shown)
            return f"`{plan.name}` is used where the tool cannot follow its contexts: `{self.rw.code(shown)}`"
        if isinstance(loop, cst.CompFor):
            return f"`{plan.name}` is read in a comprehension"
        target = loop.target
        if enumerated and isinstance(target, cst.Tuple) and len(target.elements) == 2:
            target = target.elements[1].value
        elif zipped is not None:
            if not (isinstance(target, cst.Tuple) and len(target.elements) == zipped[1]):
                return f"`for {self.rw.code(loop.target)} in zip(...)` does not unpack its contexts"
            target = target.elements[zipped[0]].value  # request ids kept beside their contexts
        if not isinstance(target, cst.Name):
            return f"`for {self.rw.code(loop.target)} in ...`"
        return self._holder(target, Read([plan]))

    def _linked(self, node: cst.CSTNode) -> Optional[list[ContainerPlan]]:
        """The planned containers an operand of ``xs + ys`` reads (``ys``, ``list(d.values())``)."""
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in ITERATORS \
                and len(node.args) == 1:
            return self._linked(node.args[0].value)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "values" \
                and not node.args:
            return self._linked(node.func.value)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            left, right = self._linked(node.left), self._linked(node.right)
            return None if left is None or right is None else left + right
        if isinstance(node, cst.Name):
            target = single_assignment(self.rw, node)
            plan = self.plans.get(target) if isinstance(target, cst.Name) else None
            return [plan] if plan is not None else None
        return None

    def _join(self, a: ContainerPlan, b: ContainerPlan) -> None:
        ga, gb = a.group or Group([a]), b.group or Group([b])
        if ga is gb:
            return
        ga.plans += [p for p in gb.plans if p not in ga.plans]
        for p in ga.plans:
            p.group = ga

    def _element(self, node: cst.CSTNode, read: Read) -> Optional[str]:
        """An element read as ``node`` (``d["k"]``, ``q.get()``): used at once, or assigned to a name."""
        parent = self._parent(node)
        if isinstance(parent, cst.Attribute) and parent.value is node:
            call = self._parent(parent)
            if isinstance(call, cst.Call) and call.func is parent and parent.attr.value in self.methods:
                read.methods.add(parent.attr.value)
                self.reads[node] = read
                return None
            return f"`{self.rw.code(parent)}`"
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1 \
                and isinstance(parent.targets[0].target, cst.Name):
            return self._holder(parent.targets[0].target, read)
        return f"an element is used where the tool cannot follow it: `{self.rw.code(parent or node)}`"

    def _holder(self, target: cst.Name, read: Read) -> Optional[str]:
        """A name holding an element (a loop variable, ``c = q.get()``): only method calls and puts back."""
        scope = self.rw.get_metadata(ScopeProvider, target, None)
        if scope is None:
            return f"`{target.value}`"
        uses = self._accesses(target, scope)
        if uses is None:
            return f"`{target.value}` is read in a nested function"
        if target in self.reads:  # the same loop variable reached from two containers (xs + ys)
            self.reads[target].plans += [p for p in read.plans if p not in self.reads[target].plans]
            return None
        self.reads[target] = read
        for use in uses:
            parent = self._parent(use)
            call = self._parent(parent) if parent is not None else None
            if isinstance(parent, cst.Attribute) and parent.value is use and isinstance(call, cst.Call) \
                    and call.func is parent and parent.attr.value in self.methods:
                read.methods.add(parent.attr.value)
                continue
            if isinstance(parent, cst.Arg) and isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) \
                    and call.func.attr.value in PUTS and (
                        (isinstance(call.func.value, cst.Name)
                         and single_assignment(self.rw, call.func.value) in [p.target for p in read.plans])
                        or any(is_attribute_plan(p) and self.rw.code(call.func.value) == p.name for p in read.plans)):
                continue  # put back into its own container
            paired = pair_use(self, use, read)  # kept in a tuple with its request id (selfheld)
            if paired is None:
                continue
            if paired:
                return paired
            return f"`{self.rw.code(call if isinstance(parent, cst.Attribute) and call is not None else parent or use)}`"
        return None

    # -- deciding -------------------------------------------------------------------------------
    def _settle(self) -> None:
        # a name put back must be an element of that container
        for node, read in list(self.reads.items()):
            if read.methods == {"put back"}:
                target = single_assignment(self.rw, node) if isinstance(node, cst.Name) else None
                if target is None or target not in self.reads or not set(read.plans) <= set(self.reads[target].plans):
                    for plan in read.plans:
                        plan.failed.append(f"`{self.rw.code(node)}` is put in `{plan.name}`")
                del self.reads[node]
        groups: list[Group] = []
        for plan in self.plans.values():
            if plan.group is None:
                plan.group = Group([plan])
            if plan.group not in groups:
                groups.append(plan.group)
        for plan in self.plans.values():
            if not plan.entries:
                plan.failed.append(f"`{plan.name}` holds no context")
            for call in plan.entries:
                if self.rw.bound_of_call(call) is None:  # type: ignore[attr-defined]
                    plan.failed.append(f"a context of `{plan.name}` stays V1")
            for call in plan.entries:
                if not self._portable(call, plan.scope):
                    plan.failed.append(f"a context of `{plan.name}` takes its model or another setting from a "
                                       "variable of the loop or comprehension that fills it, known only at run time")
            plan.group.failed += plan.failed  # type: ignore[union-attr]
        for node, read in self.reads.items():
            entries = [c for p in read.plans for c, key in p.entries.items() if read.key is None or key == read.key]
            if read.key is not None and not entries:
                for p in read.plans:
                    p.group.failed.append(f"`{p.name}` has no entry {read.key!r}")  # type: ignore[union-attr]
                continue
            bounds = [self.rw.bound_of_call(c) for c in entries]  # type: ignore[attr-defined]
            if not entries or None in bounds:
                continue  # reported by the plans above
            if read.methods - PLAIN_METHODS - {"put back"}:
                why = self._why_not_uniform(bounds, read.plans[0].scope)
                if why:
                    for p in read.plans:
                        p.group.failed.append(why)  # type: ignore[union-attr]
                    continue
            if any(is_attribute_plan(p) for p in read.plans) and read.methods - PLAIN_METHODS - {"put back"}:
                # an element of ``self.<attr>``: its settings as the other methods see them (selfheld)
                seen, why = use_bound(self, read.plans[0], bounds[0]) if len(read.plans) == 1 else \
                    (None, "contexts kept on `self` are read together with another container")
                if seen is None:
                    for p in read.plans:
                        p.group.failed.append(why)  # type: ignore[union-attr]
                    continue
                bounds = [seen]
            self.bounds[node] = bounds[0]
        for group in groups:
            if group.failed:
                for plan in group.plans:
                    self.blocked.update(plan.entries)
                    for call in plan.entries:
                        self.why.setdefault(call, (plan.name, group.failed[0]))
        failed = {id(p) for g in groups if g.failed for p in g.plans}
        self.bounds = {n: b for n, b in self.bounds.items()
                       if not any(id(p) in failed for p in self.reads[n].plans)}

    def _portable(self, call: cst.Call, scope: object) -> bool:
        """The settings of ``call`` mean the same at a use in ``scope``: no name bound by a comprehension,
        nor assigned in a loop around the constructor (``correlation_id=base + c`` per element)."""
        inner = self.rw.get_metadata(ScopeProvider, call, None)
        if inner is None:
            return False
        loops = []
        node: Optional[cst.CSTNode] = call
        while node is not None and not isinstance(node, (cst.FunctionDef, cst.Module)):
            if isinstance(node, (cst.For, cst.While)):
                loops.append(node)
            node = self._parent(node)
        bound = self.rw.bound_of_call(call)  # type: ignore[attr-defined]
        for key, value in (bound.args.items() if bound is not None else ()):
            if key in ("url", "verbose"):
                continue  # used by the constructor only
            for name in walk(value):
                if not isinstance(name, cst.Name):
                    continue
                if inner is not scope and any(a.scope is inner for a in inner.assignments[name.value]):
                    return False
                for assignment in inner.assignments[name.value]:
                    if any(within(assignment.node, loop) for loop in loops):
                        return False
        return True

    def _why_not_uniform(self, bounds: list[Optional[Bound]], scope: object) -> Optional[str]:
        first = bounds[0]
        assert first is not None
        model = first.args.get("model_name")
        if first.cls == "InferContext" and (model is None or self.rw.string_value(model) is None):  # type: ignore[attr-defined]
            return "the model name of its contexts is not a literal"
        for setting in SETTINGS:
            codes = {self.rw.code(b.args[setting]) if setting in b.args else None for b in bounds if b is not None}
            if len(codes) > 1:
                return f"its contexts differ in {setting} where a request needs it"
            value = first.args.get(setting)
            if value is not None and not _stable(self.rw, value, scope):
                return f"the {setting} of its contexts is assigned more than once"
        return None


__all__ = ["Containers", "ContainerPlan"]
