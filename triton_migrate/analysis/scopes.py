"""libcst's scope analysis (``ScopeProvider``) for less: the same visitor, the same scopes.

A profile of the Python carrier put libcst's ``ScopeProvider`` first among the costs of each
text version of a file (about 1.1x a bare parse+codegen per version, and a file goes through
about 11 versions).  Two parts of libcst's ``ScopeVisitor`` cost far more than they give:

- ``on_leave`` asks ``isinstance(node, _ASSIGNMENT_LIKE_NODES)`` of every node: fifteen checks
  through ``ABCMeta.__instancecheck__`` per node, about 40% of the visitor's time.  Here the
  answer is kept per node type (a node's type decides it), and the ``leave_<Type>`` hook is
  looked up once per type;
- ``visit_Call`` computes the qualified names of every call (and ``visit_Subscript`` those of
  every subscripted name) only to ask whether one of them is ``typing.NewType``,
  ``typing.TypeVar``, ``typing.cast`` or starts with ``typing.`` / ``typing_extensions.``.  Every
  qualified name is made of identifiers of the file (module and imported names, function and
  class names, dotted names) and libcst's own ``builtins.`` / ``<locals>`` / ``<comprehension>``
  parts, so none can start with ``typing`` unless the text contains ``typing``.  In a file whose
  text does not, the answer is known; what the lookup does besides answering (``scope[name]``
  of the call's first bound prefix, which records a builtin's assignment in the builtin scope
  on first use) is still done, in the same order.  Inside a string annotation (a small module
  parsed from an evaluated string, where escapes could spell the word) libcst's code runs.

Per top-level statement (`scopes_of`, texts without ``typing``).  A file goes through about 11
text versions, and each keeps most top-level statements of the one before as the very same nodes
(`triton_migrate.analysis.reparse`).  What the visitor does while it visits one top-level statement
depends on that statement alone: every stack it keeps is back at its base between two statements,
the scopes it creates are children of the module's scope, and what it reads of the module's scope
(the ``_touch`` above) is redone, not remembered.  So each statement's visit is recorded as a log
(`_Log`): the scopes it created (kind, parent, node, name), the assignments, imports,
``global``/``nonlocal`` overwrites, accesses (with their enclosing attribute) and touches in order,
each scope's final assignment count, and the scope of each node it set.  Indexes in the module's
scope are kept relative to its count when the statement began.  A later version that has the same
statement replays the log on its own module scope, with new objects of the same kinds and the same
indexes; statements that changed are visited (and recorded), and libcst's ``infer_accesses`` then
links every access to its assignments over the whole module, as libcst does.  A statement whose
visit parsed a string annotation (new nodes every time) or used a scope from elsewhere is never
replayed.  A text that contains ``typing`` (or whose parts might) gets the whole-module visit.

Everything else is libcst's ``ScopeVisitor``: the scope objects, assignments, accesses, their
indexes, referents and references, the order of every map, are those ``ScopeProvider`` gives
(``tests/test_scopes.py`` compares the two on every text version the carrier makes over the
fixtures, e2e programs and their outputs, and dense files).
"""
from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any, Callable, Iterator, Mapping, Optional

import libcst as cst
from libcst import CSTVisitor
from libcst.helpers import get_full_name_for_node
from libcst.metadata import ExpressionContextProvider
from libcst.metadata import scope_provider as _libcst
from libcst.metadata.scope_provider import (
    Access,
    Assignment,
    DeferredAccess,
    ImportAssignment,
    LocalScope,
    Scope,
    ScopeProvider,
    ScopeVisitor,
)

# Top-level statements analysed and replayed, in this process (for tests and bench/).
stats: Counter[str] = Counter()

# node type -> (is it one of libcst's assignment-like nodes, its own leave_<Type> hook or None)
_LEAVES: dict[type, tuple[bool, Optional[Callable[[Any, cst.CSTNode], None]]]] = {}


def _leave_of(kind: type) -> tuple[bool, Optional[Callable[[Any, cst.CSTNode], None]]]:
    name = f"leave_{kind.__name__}"
    hook = getattr(_ScopeVisitor, name, None)
    if hook is getattr(CSTVisitor, name, None):  # libcst's typed no-op stub
        hook = None
    found = _LEAVES[kind] = (issubclass(kind, _libcst._ASSIGNMENT_LIKE_NODES), hook)
    return found


def _touch(scope: Scope, node: cst.CSTNode) -> None:
    """What ``scope.get_qualified_names_for(node)`` changes, without computing the names: it reads
    ``scope[prefix]`` of the longest dotted prefix of the node's name bound in ``scope``."""
    if scope._accesses_by_node.get(node):
        return
    prefix = get_full_name_for_node(node)
    while prefix:
        if prefix in scope:
            scope[prefix]
            return
        idx = prefix.rfind(".")
        prefix = None if idx == -1 else prefix[:idx]


class _ScopeVisitor(ScopeVisitor):
    def __init__(self, provider: ScopeProvider, typing: bool) -> None:
        super().__init__(provider)
        self._typing = typing  # the text may name typing: libcst's own visit_Call / visit_Subscript
        self._computed = provider._computed
        self._log: Optional[_Recorder] = None  # the statement being recorded (`_incremental`)

    @contextmanager
    def _new_scope(self, kind: type[LocalScope], node: cst.CSTNode, name: Optional[str] = None) -> Iterator[None]:
        parent_scope = self.scope
        self.scope = kind(parent_scope, node, name)
        if self._log is not None:
            self._log.scope(kind, parent_scope, node, name, self.scope)
        try:
            yield
        finally:
            self.scope = parent_scope

    def visit_Name(self, node: cst.Name) -> Optional[bool]:
        if self._log is None:
            return super().visit_Name(node)
        deferred = self._ScopeVisitor__deferred_accesses  # type: ignore[attr-defined]
        before = len(deferred)
        super().visit_Name(node)
        if len(deferred) > before:
            self._log.access(deferred[-1])
        return None

    def _handle_string_annotation(self, node: cst.BaseString) -> bool:  # type: ignore[override]
        handled = super()._handle_string_annotation(node)  # type: ignore[misc]
        if handled and self._log is not None:
            self._log.ok = False  # nodes of a string parsed again each time: not replayed
        return handled  # type: ignore[no-any-return]

    def _in_string(self) -> bool:
        return self._ScopeVisitor__last_string_annotation is not None  # type: ignore[attr-defined,no-any-return]

    def visit_Call(self, node: cst.Call) -> Optional[bool]:
        if self._typing or self._in_string():
            return super().visit_Call(node)
        self._ScopeVisitor__top_level_attribute_stack.append(None)  # type: ignore[attr-defined]
        self._ScopeVisitor__in_type_hint_stack.append(False)  # type: ignore[attr-defined]
        if self._log is not None:
            self._log.touch(self.scope, node)
        _touch(self.scope, node)
        return True

    def visit_Subscript(self, node: cst.Subscript) -> Optional[bool]:
        if self._typing or self._in_string():
            return super().visit_Subscript(node)
        if isinstance(node.value, cst.Name):
            if self._log is not None:
                self._log.touch(self.scope, node.value)
            _touch(self.scope, node.value)
        self._ScopeVisitor__in_type_hint_stack.append(False)  # type: ignore[attr-defined]
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        kind = type(original_node)
        assigns, hook = _LEAVES.get(kind) or _leave_of(kind)
        self._computed[original_node] = self.scope  # provider.set_metadata
        if assigns:
            self.scope._assignment_count += 1
        if hook is not None:
            hook(self, original_node)


_SCOPE, _ASSIGN, _IMPORT, _GLOBAL, _NONLOCAL, _ACCESS, _TOUCH = range(7)


class _Recorder:
    """What the visitor does to the scopes while it visits one top-level statement, with scopes as
    numbers (0 the module's, then those the statement creates) and the indexes of the module scope
    relative to its count when the statement began: the statement's `_Log`."""

    def __init__(self, glob: Scope) -> None:
        self.glob = glob
        self.base = glob._assignment_count
        self.scopes: list[Scope] = [glob]
        self.numbers: dict[int, int] = {id(glob): 0}
        self.ops: list[tuple[Any, ...]] = []
        self.ok = True

    def ref(self, scope: Scope) -> int:
        number = self.numbers.get(id(scope))
        if number is None or self.scopes[number] is not scope:
            self.ok = False  # a scope from outside the statement: not replayed
            return -1
        return number

    def index(self, scope: Scope, value: int) -> int:
        return value - self.base if scope is self.glob else value

    def scope(self, kind: type, parent: Scope, node: cst.CSTNode, name: Optional[str], new: Scope) -> None:
        self.ops.append((_SCOPE, kind, self.ref(parent), node, name))
        self.numbers[id(new)] = len(self.scopes)
        self.scopes.append(new)

    def access(self, deferred: DeferredAccess) -> None:
        access = deferred.access
        self.ops.append((_ACCESS, self.ref(access.scope), access.node, access.is_annotation, access.is_type_hint,
                         self.index(access.scope, access._index), deferred.enclosing_attribute))
        if deferred.enclosing_string_annotation is not None:
            self.ok = False

    def touch(self, scope: Scope, node: cst.CSTNode) -> None:
        self.ops.append((_TOUCH, self.ref(scope), node))


class _Log:
    """One top-level statement's record: replayed on the next text version that has the statement."""

    __slots__ = ("ops", "counts", "delta", "nodes", "refs")

    def __init__(self, ops: list[tuple[Any, ...]], counts: list[int], delta: int, nodes: list[cst.CSTNode],
                 refs: list[int]) -> None:
        self.ops, self.counts, self.delta, self.nodes, self.refs = ops, counts, delta, nodes, refs


_RECORDING: list[_Recorder] = []  # the recorder of the statement being visited, while any
_LIBCST_RECORD = (Scope.record_assignment, Scope.record_import_assignment,
                  LocalScope.record_global_overwrite, LocalScope.record_nonlocal_overwrite)


def _record_assignment(self: Scope, name: str, node: cst.CSTNode) -> None:
    if _RECORDING:
        log = _RECORDING[-1]
        target = self._find_assignment_target(name)
        log.ops.append((_ASSIGN, log.ref(target), name, node, log.index(target, target._assignment_count), None))
    _LIBCST_RECORD[0](self, name, node)


def _record_import_assignment(self: Scope, name: str, node: cst.CSTNode, as_name: cst.CSTNode) -> None:
    if _RECORDING:
        log = _RECORDING[-1]
        target = self._find_assignment_target(name)
        log.ops.append((_IMPORT, log.ref(target), name, node, log.index(target, target._assignment_count), as_name))
    _LIBCST_RECORD[1](self, name, node, as_name)


def _record_global(self: LocalScope, name: str) -> None:
    if _RECORDING:
        _RECORDING[-1].ops.append((_GLOBAL, _RECORDING[-1].ref(self), name))
    _LIBCST_RECORD[2](self, name)


def _record_nonlocal(self: LocalScope, name: str) -> None:
    if _RECORDING:
        _RECORDING[-1].ops.append((_NONLOCAL, _RECORDING[-1].ref(self), name))
    _LIBCST_RECORD[3](self, name)


@contextmanager
def _recording() -> Iterator[None]:
    """libcst's scope methods that record assignments and overwrites, logging what they are asked."""
    Scope.record_assignment = _record_assignment  # type: ignore[method-assign]
    Scope.record_import_assignment = _record_import_assignment  # type: ignore[method-assign]
    LocalScope.record_global_overwrite = _record_global  # type: ignore[method-assign]
    LocalScope.record_nonlocal_overwrite = _record_nonlocal  # type: ignore[method-assign]
    try:
        yield
    finally:
        (Scope.record_assignment, Scope.record_import_assignment,  # type: ignore[method-assign]
         LocalScope.record_global_overwrite, LocalScope.record_nonlocal_overwrite) = _LIBCST_RECORD  # type: ignore[method-assign]
        _RECORDING.clear()


# top-level statement id -> (the statement, its log), for the statements of the file's text version
# analysed last (`forget` drops them with the file's other per-statement analyses).
_KEPT: dict[int, tuple[cst.CSTNode, _Log]] = {}


def forget() -> None:
    _KEPT.clear()


def _record(visitor: _ScopeVisitor, provider: ScopeProvider, stmt: cst.CSTNode) -> Optional[_Log]:
    """Visit ``stmt`` as libcst's visitor does, and return what it did as a `_Log` (None when the
    statement holds something not replayed: a string annotation, a scope from elsewhere)."""
    glob = visitor.scope
    main = provider._computed
    computed: dict[cst.CSTNode, Scope] = {}
    visitor._computed = provider._computed = computed
    log = _Recorder(glob)
    visitor._log = log
    _RECORDING.append(log)
    try:
        stmt.visit(visitor)
    finally:
        _RECORDING.pop()
        visitor._log = None
        visitor._computed = provider._computed = main
        main.update(computed)
    stats["scope_statements"] += 1
    numbers = log.numbers
    try:
        refs = [numbers[id(scope)] for scope in computed.values()]
    except KeyError:  # a scope from outside the statement
        return None
    if not log.ok or visitor.scope is not glob:
        return None
    counts = [scope._assignment_count for scope in log.scopes[1:]]
    return _Log(log.ops, counts, glob._assignment_count - log.base, list(computed), refs)


def _replay(visitor: _ScopeVisitor, provider: ScopeProvider, log: _Log) -> None:
    """Do to the scopes what visiting the statement of ``log`` did, on the current module scope."""
    glob = visitor.scope
    base = glob._assignment_count
    scopes: list[Scope] = [glob]
    deferred = visitor._ScopeVisitor__deferred_accesses  # type: ignore[attr-defined]
    for op in log.ops:
        kind = op[0]
        if kind == _ACCESS:
            _, ref, node, annotation, hint, index, attribute = op
            access = Access(node, scopes[ref], annotation, hint)
            access._Access__index = index + base if ref == 0 else index  # type: ignore[attr-defined]
            deferred.append(DeferredAccess(access=access, enclosing_attribute=attribute,
                                           enclosing_string_annotation=None))
        elif kind == _TOUCH:
            _touch(scopes[op[1]], op[2])
        elif kind == _ASSIGN or kind == _IMPORT:
            _, ref, name, node, index, as_name = op
            target = scopes[ref]
            index = index + base if ref == 0 else index
            target._assignments[name].add(
                Assignment(name=name, scope=target, node=node, index=index) if kind == _ASSIGN else
                ImportAssignment(name=name, scope=target, node=node, as_name=as_name, index=index))
        elif kind == _SCOPE:
            _, scope_kind, parent, node, name = op
            scopes.append(scope_kind(scopes[parent], node, name))
        elif kind == _GLOBAL:
            _LIBCST_RECORD[2](scopes[op[1]], op[2])
        else:
            _LIBCST_RECORD[3](scopes[op[1]], op[2])
    for scope, count in zip(scopes[1:], log.counts):
        scope._assignment_count = count
    glob._assignment_count = base + log.delta
    provider._computed.update(zip(log.nodes, map(scopes.__getitem__, log.refs)))
    stats["scope_replayed"] += 1


def _incremental(provider: ScopeProvider, module: cst.Module) -> None:
    """``module.visit(visitor)`` of libcst's ScopeProvider, statement by statement: a top-level
    statement the file's previous text version had (the same node) is replayed from its log."""
    visitor = _ScopeVisitor(provider, False)
    kept: dict[int, tuple[cst.CSTNode, _Log]] = {}
    with _recording():
        for line in module.header:
            line.visit(visitor)
        for stmt in module.body:
            found = _KEPT.get(id(stmt))
            if found is not None and found[0] is stmt:
                log: Optional[_Log] = found[1]
                _replay(visitor, provider, found[1])
            else:
                log = _record(visitor, provider, stmt)
            if log is not None:
                kept[id(stmt)] = (stmt, log)
        for line in module.footer:
            line.visit(visitor)
    visitor.on_leave(module)
    visitor.infer_accesses()
    _KEPT.clear()
    _KEPT.update(kept)


def _text_for_typing(module: cst.Module) -> Optional[str]:
    """For `provider_for`, a module whose text is not known: "" when no part of it can contain
    ``typing`` (its statements kept from an earlier version, which did not, and the code of the
    others), else None."""
    parts = [module.code_for_node(line) for line in (*module.header, *module.footer)]
    for stmt in module.body:
        found = _KEPT.get(id(stmt))
        if found is None or found[0] is not stmt:
            parts.append(module.code_for_node(stmt))
    return None if any("typing" in part for part in parts) else ""


def scopes_of(module: cst.Module, contexts: Mapping[cst.CSTNode, object],
              text: Optional[str]) -> Mapping[cst.CSTNode, Optional[Scope]]:
    """``ScopeProvider``'s map of ``module`` (parsed from ``text``, None if unknown), given its expression
    contexts; per top-level statement (`_incremental`) when the text does not contain ``typing``."""
    cls = provider_for(text if text is not None else _text_for_typing(module))
    stats["whole" if cls is not FastScopeProvider else "incremental"] += 1
    provider = cls()
    provider._computed = {}
    provider.metadata = {ExpressionContextProvider: contexts}
    try:
        if cls is FastScopeProvider:
            _incremental(provider, module)
        else:
            provider.visit_Module(module)
    finally:
        provider.metadata = {}
    return MappingProxyType(provider._computed)


class FastScopeProvider(ScopeProvider):
    """``ScopeProvider``'s map, by `_ScopeVisitor`.  ``typing`` is False only when the module's text
    is known not to contain ``typing`` (`triton_migrate.analysis.metadata` passes it)."""

    typing = True

    def visit_Module(self, node: cst.Module) -> Optional[bool]:
        visitor = _ScopeVisitor(self, self.typing)
        node.visit(visitor)
        visitor.infer_accesses()
        return None


def provider_for(text: Optional[str]) -> type[ScopeProvider]:
    """The provider class for a module parsed from ``text`` (None: text unknown)."""
    if text is None or "typing" in text:
        return _TypingScopeProvider
    return FastScopeProvider


class _TypingScopeProvider(FastScopeProvider):
    typing = True


FastScopeProvider.typing = False
