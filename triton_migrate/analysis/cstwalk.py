"""libcst's visits, without rebuilding the tree: the same callbacks in the same order, for less.

``CSTNode.visit`` builds a new copy of every node it passes, for a read-only
``CSTVisitor`` as much as for a ``CSTTransformer`` that changes nothing, and it
looks up each hook by name (``getattr(visitor, f"visit_{type}")``, and again for
every attribute of every node).  On a V1 file a libcst walk costs about as much as
parsing it, and one migration walks each tree dozens of times (scope analysis, each
rule's passes).  Inside ``fast_visits()``, ``CSTNode.visit`` is replaced by a walk
that:

- takes each node type's child attributes in libcst's own order (recorded once per
  type from the node's ``_visit_and_replace_children``; for the few types whose
  visited attributes vary, once per node) and reads the children straight from
  them;
- looks each hook up once per visitor class and node type, and skips libcst's typed
  no-op stubs and attribute hooks nobody defined;
- for a transformer, builds a new node (by libcst's own ``_visit_and_replace_children``,
  fed the children already visited) only when one of its children changed; a node
  whose children all came back unchanged is passed on as it is, so a transformer that
  changes nothing returns the tree it was given.

Visitors that override ``on_visit``, ``on_leave`` or the attribute callbacks (batched
metadata visitors, matcher visitors) get those called exactly as libcst calls them.
The callbacks, their order and the resulting trees are libcst's (a test compares
traces over the fixtures and the standard library); the one visible difference is
that ``updated_node`` is the original node object when nothing under it changed
(libcst hands an equal copy).
"""
from __future__ import annotations

import inspect
from contextlib import contextmanager
from types import FunctionType
from typing import Any, Callable, Iterator, Optional, Sequence

import libcst as cst
from libcst._batched_visitor import _BatchedCSTVisitor
from libcst import CSTNode, CSTTransformer, CSTVisitor, FlattenSentinel, MaybeSentinel, RemovalSentinel

_LIBCST_VISIT = CSTNode.visit

# Node types whose _visit_and_replace_children visits an attribute only in some cases.
_VARIABLE = frozenset(getattr(cst, name) for name in (
    "ImportFrom", "LazyImportFrom", "FormattedStringExpression", "TemplatedStringExpression") if hasattr(cst, name))
_ORDER: dict[type, tuple[str, ...]] = {}


class _Recorder(CSTVisitor):
    """Records the attributes ``_visit_and_replace_children`` visits, without descending."""

    def __init__(self) -> None:
        super().__init__()
        self.attrs: list[str] = []

    def on_visit(self, node: CSTNode) -> bool:
        return False

    def on_leave(self, original_node: CSTNode) -> None:
        return None

    def on_visit_attribute(self, node: CSTNode, attribute: str) -> None:
        self.attrs.append(attribute)

    def on_leave_attribute(self, original_node: CSTNode, attribute: str) -> None:
        return None


def attributes(node: CSTNode) -> tuple[str, ...]:
    """The child attributes libcst visits on ``node``, in its order."""
    kind = type(node)
    order = _ORDER.get(kind)
    if order is None:
        recorder = _Recorder()
        with fast_visits():
            node._visit_and_replace_children(recorder)
        order = tuple(recorder.attrs)
        if kind not in _VARIABLE:
            _ORDER[kind] = order
    return order


def children(node: CSTNode) -> list[CSTNode]:
    """``node.children`` (the nodes a visit enters under it, in order), without rebuilding ``node``."""
    out: list[CSTNode] = []
    for attr in attributes(node):
        value = getattr(node, attr)
        if isinstance(value, CSTNode):
            out.append(value)
        elif value is not None and type(value) is not MaybeSentinel:
            out.extend(value)
    return out


def _hook(cls: type, name: str) -> Optional[Callable[..., Any]]:
    """``name`` of ``cls`` as a function taking the visitor first; None for none or a no-op stub."""
    fn = getattr(cls, name, None)
    if fn is None or getattr(fn, "_is_no_op", False):
        return None
    if isinstance(inspect.getattr_static(cls, name), FunctionType):
        return fn  # type: ignore[no-any-return]
    return lambda visitor, *args: getattr(visitor, name)(*args)  # a static method, a callable object, ...


class _Plan:
    """How to call one visitor class's hooks, per node type (looked up once)."""

    __slots__ = ("cls", "on_visit", "on_leave", "on_visit_attribute", "on_leave_attribute", "nodes", "attr_hooks")

    def __init__(self, cls: type, transformer: bool) -> None:
        base = CSTTransformer if transformer else CSTVisitor
        self.cls = cls
        # True: the class overrides libcst's callback, so it is called as libcst calls it.
        self.on_visit = cls.on_visit is not base.on_visit
        self.on_leave = cls.on_leave is not base.on_leave
        self.on_visit_attribute = cls.on_visit_attribute is not base.on_visit_attribute
        self.on_leave_attribute = cls.on_leave_attribute is not base.on_leave_attribute
        self.nodes: dict[type, tuple[Any, Any]] = {}
        self.attr_hooks: dict[tuple[type, str], tuple[Any, Any]] = {}

    def hooks(self, kind: type) -> tuple[Any, Any]:
        found = self.nodes.get(kind)
        if found is None:
            name = kind.__name__
            found = self.nodes[kind] = (_hook(self.cls, "visit_" + name), _hook(self.cls, "leave_" + name))
        return found

    def attribute_hooks(self, kind: type, attr: str) -> tuple[Any, Any]:
        key = (kind, attr)
        found = self.attr_hooks.get(key)
        if found is None:
            name = f"{kind.__name__}_{attr}"
            found = self.attr_hooks[key] = (_hook(self.cls, "visit_" + name), _hook(self.cls, "leave_" + name))
        return found


def _calling(functions: list[Callable[..., Any]]) -> Optional[Callable[..., Any]]:
    """A hook calling each of ``functions`` on the node, ignoring what they return (as the batched
    visitor does: it always descends)."""
    if not functions:
        return None

    def call(visitor: object, node: CSTNode) -> None:
        for function in functions:
            function(node)

    return call


class _BatchedPlan(_Plan):
    """libcst's batched metadata visitor (``_BatchedCSTVisitor``): its per-name lists of provider
    methods, called as its callbacks call them (always descending), looked up once per type."""

    __slots__ = ("methods",)

    def __init__(self, visitor: _BatchedCSTVisitor) -> None:
        super().__init__(type(visitor), False)
        self.methods = visitor.visitor_methods
        self.on_visit = visitor.before_visit is not None
        self.on_leave = visitor.after_leave is not None
        self.on_visit_attribute = self.on_leave_attribute = False

    def hooks(self, kind: type) -> tuple[Any, Any]:
        found = self.nodes.get(kind)
        if found is None:
            name = kind.__name__
            found = self.nodes[kind] = (_calling(self.methods.get("visit_" + name, [])),
                                        _calling(self.methods.get("leave_" + name, [])))
        return found

    def attribute_hooks(self, kind: type, attr: str) -> tuple[Any, Any]:
        key = (kind, attr)
        found = self.attr_hooks.get(key)
        if found is None:
            name = f"{kind.__name__}_{attr}"
            found = self.attr_hooks[key] = (_calling(self.methods.get("visit_" + name, [])),
                                            _calling(self.methods.get("leave_" + name, [])))
        return found


_PLANS: dict[tuple[type, bool], _Plan] = {}


def _plan(visitor: object, transformer: bool) -> Optional[_Plan]:
    """The plan for ``visitor``'s class; None when its instance carries hooks of its own."""
    if type(visitor) is _BatchedCSTVisitor:
        return _BatchedPlan(visitor)
    own = getattr(visitor, "__dict__", None)
    if own and any(k.startswith(("visit_", "leave_", "on_")) for k in own):
        return None
    cls = type(visitor)
    if getattr(cls, "__getattr__", None) is not None:
        return None
    plan = _PLANS.get((cls, transformer))
    if plan is None:
        plan = _PLANS[(cls, transformer)] = _Plan(cls, transformer)
    return plan


def _walk(node: CSTNode, v: Any, p: _Plan) -> None:
    kind = type(node)
    visit, leave = p.hooks(kind)
    if p.on_visit:
        go = v.on_visit(node)
    else:
        go = visit is None or visit(v, node) is not False
    if go:
        order = _ORDER.get(kind) or attributes(node)
        for attr in order:
            if p.on_visit_attribute:
                v.on_visit_attribute(node, attr)
                enter_attr = leave_attr = None
            else:
                enter_attr, leave_attr = p.attribute_hooks(kind, attr)
                if enter_attr is not None:
                    enter_attr(v, node)
            value = getattr(node, attr)
            if isinstance(value, CSTNode):
                _walk(value, v, p)
            elif value is not None and type(value) is not MaybeSentinel:
                for child in value:
                    _walk(child, v, p)
            if p.on_leave_attribute:
                v.on_leave_attribute(node, attr)
            elif leave_attr is not None:
                leave_attr(v, node)
    if p.on_leave:
        v.on_leave(node)
    elif leave is not None:
        leave(v, node)


class _Replay(CSTTransformer):
    """Feeds ``_visit_and_replace_children`` the children a transform already produced."""

    def __init__(self, results: Sequence[object]) -> None:
        super().__init__()
        self.results = iter(results)

    def on_visit_attribute(self, node: CSTNode, attribute: str) -> None:
        return None

    def on_leave_attribute(self, original_node: CSTNode, attribute: str) -> None:
        return None


def _transform(node: CSTNode, v: Any, p: _Plan) -> Any:
    kind = type(node)
    visit, leave = p.hooks(kind)
    if p.on_visit:
        go = v.on_visit(node)
    else:
        go = visit is None or visit(v, node) is not False
    updated = node
    if go:
        results: list[object] = []
        changed = False
        order = _ORDER.get(kind) or attributes(node)
        for attr in order:
            if p.on_visit_attribute:
                v.on_visit_attribute(node, attr)
                enter_attr = leave_attr = None
            else:
                enter_attr, leave_attr = p.attribute_hooks(kind, attr)
                if enter_attr is not None:
                    enter_attr(v, node)
            value = getattr(node, attr)
            if isinstance(value, CSTNode):
                result = _transform(value, v, p)
                results.append(result)
                changed = changed or result is not value
            elif value is not None and type(value) is not MaybeSentinel:
                for child in value:
                    result = _transform(child, v, p)
                    results.append(result)
                    changed = changed or result is not child
            if p.on_leave_attribute:
                v.on_leave_attribute(node, attr)
            elif leave_attr is not None:
                leave_attr(v, node)
        if changed:
            updated = node._visit_and_replace_children(_Replay(results))
    if p.on_leave:
        result = v.on_leave(node, updated)
    elif leave is not None:
        result = leave(v, node, updated)
    else:
        result = updated
    if not isinstance(result, (CSTNode, RemovalSentinel, FlattenSentinel)):
        raise cst.CSTValidationError(
            "Expected a node of type CSTNode or a RemovalSentinel, "
            + f"but got a return value of {type(result).__name__}"
        )
    return result


def _visit(self: CSTNode, visitor: Any) -> Any:
    if type(visitor) is _Replay:
        return next(visitor.results)
    if isinstance(visitor, CSTVisitor):
        plan = _plan(visitor, False)
        if plan is None:
            return _LIBCST_VISIT(self, visitor)
        _walk(self, visitor, plan)
        return self
    plan = _plan(visitor, True)
    if plan is None:
        return _LIBCST_VISIT(self, visitor)
    return _transform(self, visitor, plan)


_depth = 0


@contextmanager
def fast_visits() -> Iterator[None]:
    """Within this block every ``CSTNode.visit`` (``Module.visit`` included) walks as above."""
    global _depth
    if _depth == 0:
        CSTNode.visit = _visit  # type: ignore[method-assign]
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            CSTNode.visit = _LIBCST_VISIT  # type: ignore[method-assign]
