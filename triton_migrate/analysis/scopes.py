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

Everything else is libcst's ``ScopeVisitor``: the scope objects, assignments, accesses, their
indexes and referents are those ``ScopeProvider`` gives (``tests/test_scopes.py`` compares the
two on every text version the carrier makes over the fixtures, e2e programs and dense files).
"""
from __future__ import annotations

from typing import Any, Callable, Optional

import libcst as cst
from libcst import CSTVisitor
from libcst.helpers import get_full_name_for_node
from libcst.metadata import scope_provider as _libcst
from libcst.metadata.scope_provider import Scope, ScopeProvider, ScopeVisitor

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

    def _in_string(self) -> bool:
        return self._ScopeVisitor__last_string_annotation is not None  # type: ignore[attr-defined,no-any-return]

    def visit_Call(self, node: cst.Call) -> Optional[bool]:
        if self._typing or self._in_string():
            return super().visit_Call(node)
        self._ScopeVisitor__top_level_attribute_stack.append(None)  # type: ignore[attr-defined]
        self._ScopeVisitor__in_type_hint_stack.append(False)  # type: ignore[attr-defined]
        _touch(self.scope, node)
        return True

    def visit_Subscript(self, node: cst.Subscript) -> Optional[bool]:
        if self._typing or self._in_string():
            return super().visit_Subscript(node)
        if isinstance(node.value, cst.Name):
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
