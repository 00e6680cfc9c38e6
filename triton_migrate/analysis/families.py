"""Classes of one file joined by inheritance ("families"), for the analyses that read ``self.<attr>``.

A store ``self.protocol = value`` in a method of class ``D`` sets the attribute of a ``D`` object. A
method of class ``C`` that reads ``self.protocol`` sees it only when one object is both: ``C`` and
``D`` are bases or subclasses of each other, or share a subclass (``class E(C, D)`` runs the methods of
both on one object). The family of ``C`` is every class of the file joined to it that way (the
connected part of the file's inheritance graph); stores through the ``self`` of a class outside it
set other objects.

Both sides ask the same question with their own tree: the verifier (stdlib ``ast``,
`triton_migrate.analysis.verify`) and the ``ProtocolType`` rewriter (libcst, ``codemods/v1_protocol``).
Each says, for each class, what each base is: ``("class", name)`` for a class of the file,
``("external", "")`` for an imported class, a builtin or an ``a.b`` attribute, ``("unknown", "")`` for
anything else (``Base = Other``, ``class C(make_base())``): a base that may be a class of the file
under another name, which makes every class one family (the answer is then None: "not known").
Not followed: methods moved between classes at run time (``C.m = D.m``) and a method called with a
foreign object (``D.__init__(c_object)``).
"""
from __future__ import annotations

from typing import Any, Hashable, Iterable, Optional, TypeVar

import libcst as cst
from libcst.metadata import Assignment, BuiltinAssignment, ScopeProvider

from triton_migrate.analysis.cstwalk import children

Base = tuple[str, str]
K = TypeVar("K", bound=Hashable)


def families(classes: Iterable[tuple[K, str, list[Base]]]) -> Optional[dict[K, frozenset[K]]]:
    """Each class (a key of the caller's: its node) -> the keys of its family, itself included; None when a
    base is unknown. A base named ``X`` joins every class of the file called ``X`` (two ``Client`` classes
    of two functions are apart until a class names ``Client`` as its base)."""
    listed = list(classes)
    by_name: dict[str, list[K]] = {}
    for key, name, _ in listed:
        by_name.setdefault(name, []).append(key)
    groups: dict[K, set[K]] = {key: {key} for key, _, _ in listed}
    for key, _, bases in listed:
        for kind, base in bases:
            if kind == "unknown":
                return None
            for other in by_name.get(base, ()) if kind == "class" else ():
                if groups[other] is not groups[key]:
                    merged = groups[key] | groups[other]
                    for member in merged:
                        groups[member] = merged
    return {key: frozenset(group) for key, group in groups.items()}


# The last libcst tree's families (trees are immutable): (module, answer).
_CST: list[Any] = [None, None]


def cst_families(visitor: Any, module: cst.Module) -> Optional[dict[cst.ClassDef, frozenset[cst.ClassDef]]]:
    """`families` of a libcst tree, read with ``visitor``'s scope metadata: a base is a class of the file
    when every assignment of its name is a class definition, external when it is imported, a builtin or
    ``a.b``, unknown otherwise."""
    if _CST[0] is not module:
        found: list[tuple[cst.ClassDef, str, list[Base]]] = []
        stack: list[cst.CSTNode] = [module]
        while stack:  # the file's classes, nested ones too
            node = stack.pop()
            if isinstance(node, cst.ClassDef):
                found.append((node, node.name.value, [_base_kind(visitor, arg.value) for arg in node.bases]))
            if isinstance(node, (cst.Module, cst.ClassDef, cst.FunctionDef, cst.IndentedBlock, cst.If, cst.Else,
                                 cst.Try, cst.ExceptHandler, cst.Finally, cst.For, cst.While, cst.With)):
                stack.extend(children(node))
        _CST[:] = [module, families(found)]
    return _CST[1]  # type: ignore[no-any-return]


def _base_kind(visitor: Any, base: cst.BaseExpression) -> Base:
    if isinstance(base, cst.Attribute):
        return ("external", "")
    if not isinstance(base, cst.Name):
        return ("unknown", "")
    scope = visitor.get_metadata(ScopeProvider, base, None)
    if scope is None:
        return ("unknown", "")
    assignments = list(scope[base.value])
    if all(isinstance(a, BuiltinAssignment) for a in assignments):
        return ("external", "")  # a builtin (``object``, ``Exception``), or a name bound nowhere
    if all(isinstance(a, Assignment) and isinstance(a.node, cst.ClassDef) for a in assignments):
        return ("class", base.value)
    if all(isinstance(a, Assignment) and isinstance(a.node, (cst.Import, cst.ImportFrom)) for a in assignments):
        return ("external", "")
    return ("unknown", "")


def apart(visitor: Any, module: cst.Module, klass: cst.ClassDef, other: cst.ClassDef) -> bool:
    """``other`` is a class of the file outside ``klass``'s family (known to share no object with it)."""
    if other is klass:
        return False
    found = cst_families(visitor, module)
    return found is not None and other not in found.get(klass, ())
