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
from libcst._nodes.internal import CodegenState
from libcst import CSTNode, CSTTransformer, CSTVisitor, FlattenSentinel, MaybeSentinel, RemovalSentinel

_LIBCST_VISIT = CSTNode.visit

# Node types whose _visit_and_replace_children visits an attribute only in some cases.
_VARIABLE = frozenset(getattr(cst, name) for name in (
    "ImportFrom", "LazyImportFrom", "FormattedStringExpression", "TemplatedStringExpression") if hasattr(cst, name))
_ORDER: dict[type, tuple[str, ...]] = {}

# Token nodes: whitespace, comments, newlines, punctuation and operators.  Every node under one of them is
# one of them too (their fields hold only whitespace nodes, a comment, a newline or a comma:
# tests/test_speed_caches.py checks it over libcst's field types), so a visitor with no hook on any of
# them (no ``visit_``/``leave_`` of their types or of their attributes, no ``on_*`` callback) would call
# nothing in their subtrees: the walk does not enter them, and a transformer gets them back as they are.
_OPERATOR_BASES = tuple(getattr(cst, name) for name in (
    "BaseUnaryOp", "BaseBinaryOp", "BaseBooleanOp", "BaseCompOp", "BaseAugOp"))
TOKENS = frozenset(
    [kind for kind in vars(cst).values() if isinstance(kind, type) and issubclass(kind, _OPERATOR_BASES)
     and not inspect.isabstract(kind) and not kind.__name__.startswith("Base")]
    + [getattr(cst, name) for name in (
        "Comma", "Dot", "Colon", "Semicolon", "AssignEqual", "LeftParen", "RightParen", "LeftSquareBracket",
        "RightSquareBracket", "LeftCurlyBrace", "RightCurlyBrace", "ImportStar", "Asynchronous", "ParamStar",
        "ParamSlash", "SimpleWhitespace", "ParenthesizedWhitespace", "TrailingWhitespace", "EmptyLine", "Comment",
        "Newline")])


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
    for attr in _ORDER.get(type(node)) or attributes(node):
        value = getattr(node, attr)
        kind = _KIND.get(type(value)) or _kind(value)
        if kind == 1:
            out.append(value)
        elif kind == 2:
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
    """How to call one visitor class's hooks, per node type (looked up once): for a node type,
    ``(visit, leave, ((attribute, enter, exit), ...))``, each a function taking the visitor
    first, or None where nothing is to be called."""

    __slots__ = ("cls", "transformer", "custom", "nodes", "_skip")

    def __init__(self, cls: type, transformer: bool) -> None:
        base = CSTTransformer if transformer else CSTVisitor
        self.cls = cls
        self.transformer = transformer
        # The callbacks the class overrides: those are called as libcst calls them.
        self.custom = {name for name in ("on_visit", "on_leave", "on_visit_attribute", "on_leave_attribute")
                       if getattr(cls, name) is not getattr(base, name)}
        self.nodes: dict[type, tuple[Any, Any, tuple[tuple[str, Any, Any], ...]]] = {}
        self._skip: Optional[frozenset[type]] = None

    def hook(self, name: str) -> Optional[Callable[..., Any]]:
        return _hook(self.cls, name)

    def names(self) -> list[str]:
        """The names a hook may be looked up under."""
        return dir(self.cls)

    def skip(self) -> frozenset[type]:
        """``TOKENS`` when no hook of this visitor would be called on a token node (so on anything under
        one), else nothing: the node types the walk need not enter."""
        if self._skip is None:
            hooked = bool(self.custom) or any(
                self.hook(f"{when}_{kind.__name__}") is not None for kind in TOKENS for when in ("visit", "leave"))
            if not hooked:
                prefixes = tuple(f"{when}_{kind.__name__}_" for kind in TOKENS for when in ("visit", "leave"))
                hooked = any(name.startswith(prefixes) and self.hook(name) is not None for name in self.names())
            self._skip = frozenset() if hooked else TOKENS
        return self._skip

    def entry(self, node: CSTNode) -> tuple[Any, Any, tuple[tuple[str, Any, Any], ...]]:
        kind = type(node)
        name = kind.__name__
        custom = self.custom
        if "on_visit" in custom:
            visit: Any = lambda v, n: True if v.on_visit(n) else False  # noqa: E731
        else:
            visit = self.hook("visit_" + name)
        if "on_leave" in custom:
            leave: Any = (lambda v, n, u: v.on_leave(n, u)) if self.transformer else (lambda v, n: v.on_leave(n))
        else:
            leave = self.hook("leave_" + name)
        attrs = []
        for attr in attributes(node):
            if "on_visit_attribute" in custom:
                enter: Any = lambda v, n, a=attr: v.on_visit_attribute(n, a)  # noqa: E731
            else:
                enter = self.hook(f"visit_{name}_{attr}")
            if "on_leave_attribute" in custom:
                exit_: Any = lambda v, n, a=attr: v.on_leave_attribute(n, a)  # noqa: E731
            else:
                exit_ = self.hook(f"leave_{name}_{attr}")
            attrs.append((attr, enter, exit_))
        found = (visit, leave, tuple(attrs))
        if kind not in _VARIABLE:
            self.nodes[kind] = found
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
        self.custom = {name for name, hook in (("on_visit", visitor.before_visit), ("on_leave", visitor.after_leave))
                       if hook is not None}

    def hook(self, name: str) -> Optional[Callable[..., Any]]:
        return _calling(self.methods.get(name, []))

    def names(self) -> list[str]:
        return list(self.methods)


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


# What an attribute value is: 1 a node, 2 a sequence of nodes, 3 nothing (None, MaybeSentinel).
_KIND: dict[type, int] = {type(None): 3, MaybeSentinel: 3, tuple: 2, list: 2}


def _kind(value: object) -> int:
    kind = 1 if isinstance(value, CSTNode) else 3 if value is None or isinstance(value, MaybeSentinel) else 2
    _KIND[type(value)] = kind
    return kind


def _walk(node: CSTNode, v: Any, p: _Plan, skip: frozenset[type] = frozenset()) -> None:
    visit, leave, attrs = p.nodes.get(type(node)) or p.entry(node)
    if visit is None or visit(v, node) is not False:
        for attr, enter, exit_ in attrs:
            if enter is not None:
                enter(v, node)
            value = getattr(node, attr)
            kind = _KIND.get(type(value)) or _kind(value)
            if kind == 1:
                if type(value) not in skip:
                    _walk(value, v, p, skip)
            elif kind == 2:
                for child in value:
                    if type(child) not in skip:
                        _walk(child, v, p, skip)
            if exit_ is not None:
                exit_(v, node)
    if leave is not None:
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


_RESULTS: dict[type, bool] = {}


def _transform(node: CSTNode, v: Any, p: _Plan, skip: frozenset[type] = frozenset()) -> Any:
    visit, leave, attrs = p.nodes.get(type(node)) or p.entry(node)
    updated = node
    if visit is None or visit(v, node) is not False:
        results: list[object] = []
        changed = False
        for attr, enter, exit_ in attrs:
            if enter is not None:
                enter(v, node)
            value = getattr(node, attr)
            kind = _KIND.get(type(value)) or _kind(value)
            if kind == 1:
                if type(value) in skip:
                    results.append(value)  # nothing under it would be called: it comes back as it is
                else:
                    result = _transform(value, v, p, skip)
                    results.append(result)
                    changed = changed or result is not value
            elif kind == 2:
                for child in value:
                    if type(child) in skip:
                        results.append(child)
                        continue
                    result = _transform(child, v, p, skip)
                    results.append(result)
                    changed = changed or result is not child
            if exit_ is not None:
                exit_(v, node)
        if changed:
            updated = node._visit_and_replace_children(_Replay(results))
    result = updated if leave is None else leave(v, node, updated)
    ok = _RESULTS.get(type(result))
    if ok is None:
        ok = _RESULTS[type(result)] = isinstance(result, (CSTNode, RemovalSentinel, FlattenSentinel))
    if not ok:
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
        _walk(self, visitor, plan, plan.skip())
        return self
    plan = _plan(visitor, True)
    if plan is None:
        return _LIBCST_VISIT(self, visitor)
    return _transform(self, visitor, plan, plan.skip())


class _NoSpan:
    """The base ``CodegenState.record_syntactic_position`` (a no-op) without a generator per node."""

    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


_NO_SPAN = _NoSpan()
_LIBCST_SPAN = CodegenState.record_syntactic_position
_LIBCST_CODE = cst.Module.__dict__["code"]
# The module the carrier parsed last and the text it was parsed from (`known_code`).
_KNOWN: dict[int, tuple[cst.Module, str]] = {}


def known_code(module: Optional[cst.Module], text: str = "") -> None:
    """``module`` was parsed from ``text``: inside ``fast_visits`` its ``code`` is ``text`` (libcst's
    codegen gives it back byte for byte), not a codegen of the whole tree.  One module is kept;
    None forgets it."""
    _KNOWN.clear()
    if module is not None:
        _KNOWN[id(module)] = (module, text)


# The module `triton_migrate.analysis.metadata.code_of` printed last and the code of each of its
# top-level statements (id -> (statement, code)), so `triton_migrate.analysis.reparse` does not print
# the statements a rule changed a second time.
_PRINTED: dict[int, tuple[CSTNode, str]] = {}
_PRINTED_MODULE: list[Optional[cst.Module]] = [None]


def remember_printed(module: Optional[cst.Module], parts: Sequence[tuple[CSTNode, str]] = ()) -> None:
    """``module``'s top-level statements print as ``parts`` (statement, ``module.code_for_node(statement)``);
    the one module kept; None forgets it."""
    _PRINTED.clear()
    _PRINTED_MODULE[0] = module
    for stmt, code in parts:
        _PRINTED[id(stmt)] = (stmt, code)


def printed(module: cst.Module, stmt: CSTNode) -> str:
    """``module.code_for_node(stmt)``, taken from `remember_printed` when it printed ``stmt`` of ``module``."""
    if _PRINTED_MODULE[0] is module:
        found = _PRINTED.get(id(stmt))
        if found is not None and found[0] is stmt:
            return found[1]
    return module.code_for_node(stmt)


def known_text(module: cst.Module) -> Optional[str]:
    """The text ``module`` was parsed from, when it is the module `known_code` was told of last."""
    known = _KNOWN.get(id(module))
    return known[1] if known is not None and known[0] is module else None


def _module_code(self: cst.Module) -> str:
    known = _KNOWN.get(id(self))
    if known is not None and known[0] is self:
        return known[1]
    return _LIBCST_CODE.fget(self)  # type: ignore[no-any-return]


_CODE = property(_module_code, doc=_LIBCST_CODE.__doc__)
_LIBCST_CHILDREN = CSTNode.__dict__["children"]
# ``node.children`` read from the attributes (libcst's property rebuilds the node to collect them).
_CHILDREN = property(children, doc=_LIBCST_CHILDREN.__doc__)


def _no_span(self: CodegenState, node: CSTNode, *, start_node: Optional[CSTNode] = None,
             end_node: Optional[CSTNode] = None) -> _NoSpan:
    return _NO_SPAN


_depth = 0


@contextmanager
def fast_visits() -> Iterator[None]:
    """Within this block every ``CSTNode.visit`` (``Module.visit`` included) walks as above, and plain
    codegen (``Module.code``, ``code_for_node``) skips the no-op context manager libcst's base
    ``CodegenState`` opens for every node (position-tracking states keep their own), and
    ``node.children`` is read from the node's attributes (`children`) instead of a rebuild, and
    the ``code`` of the module the carrier parsed last is its text (`known_code`)."""
    global _depth
    if _depth == 0:
        CSTNode.visit = _visit  # type: ignore[method-assign]
        CodegenState.record_syntactic_position = _no_span  # type: ignore[assignment,method-assign]
        CSTNode.children = _CHILDREN  # type: ignore[assignment,method-assign]
        cst.Module.code = _CODE  # type: ignore[assignment,method-assign]
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            CSTNode.visit = _LIBCST_VISIT  # type: ignore[method-assign]
            CodegenState.record_syntactic_position = _LIBCST_SPAN  # type: ignore[method-assign]
            CSTNode.children = _LIBCST_CHILDREN  # type: ignore[method-assign]
            cst.Module.code = _LIBCST_CODE  # type: ignore[method-assign]
            _KNOWN.clear()


# The last tree `named_nodes` indexed and its index.
_NAMED: list[Any] = [None, None]


_CALLS: list[Any] = [None, None]


def named_nodes(module: CSTNode) -> tuple[dict[str, list[cst.Name]], dict[str, list[cst.Attribute]]]:
    """Every ``Name`` of ``module`` by its value and every ``Attribute`` by its attribute's name, each
    list in visiting order: ``names[x]`` is ``m.findall(module, m.Name(x))`` and ``attributes[x]`` is
    ``m.findall(module, m.Attribute(attr=m.Name(x)))`` (the same nodes in the same order), found by one
    walk for all names instead of a walk of the whole tree per name.  The last tree's index is kept
    (trees are immutable); callers must not change the lists."""
    if _NAMED[0] is module:
        return _NAMED[1]  # type: ignore[no-any-return]
    names: dict[str, list[cst.Name]] = {}
    attrs: dict[str, list[cst.Attribute]] = {}
    stack = [module]
    while stack:
        node = stack.pop()
        if node.__class__ is cst.Name:
            names.setdefault(node.value, []).append(node)  # type: ignore[attr-defined]
        elif node.__class__ is cst.Attribute:
            attrs.setdefault(node.attr.value, []).append(node)  # type: ignore[attr-defined]
        stack.extend(reversed(children(node)))
    _NAMED[:] = [module, (names, attrs)]
    return names, attrs


def calls_of(module: CSTNode, methods: Optional[frozenset[str]] = None) -> list[cst.Call]:
    """Every ``Call`` of ``module`` in visiting order (``m.findall(module, m.Call())``), or with ``methods`` only
    those whose callee is an attribute named one of them; one walk per tree (the last tree's list is kept, and
    dropped with `forget_named`).  Callers must not change the list."""
    if _CALLS[0] is not module:
        found: list[cst.Call] = []
        stack = [module]
        while stack:
            node = stack.pop()
            if node.__class__ is cst.Call:
                found.append(node)  # type: ignore[arg-type]
            stack.extend(reversed(children(node)))
        _CALLS[:] = [module, found]
    calls: list[cst.Call] = _CALLS[1]
    if methods is None:
        return calls
    return [c for c in calls if c.func.__class__ is cst.Attribute and c.func.attr.value in methods]  # type: ignore


def forget_named() -> None:
    """Drop the kept indexes of `named_nodes` and `calls_of`."""
    _NAMED[:] = [None, None]
    _CALLS[:] = [None, None]
