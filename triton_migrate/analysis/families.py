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

from typing import Iterable, Optional

Base = tuple[str, str]


def families(classes: Iterable[tuple[str, list[Base]]]) -> Optional[dict[str, frozenset[str]]]:
    """Class name -> the names of its family (itself included); None when a base is unknown. Classes of
    one name are one node (the file's two ``Client`` classes are taken as joined)."""
    listed = list(classes)
    groups: dict[str, set[str]] = {name: {name} for name, _ in listed}
    for name, bases in listed:
        for kind, base in bases:
            if kind == "unknown":
                return None
            if kind == "class" and base in groups and groups[base] is not groups[name]:
                merged = groups[name] | groups[base]
                for member in merged:
                    groups[member] = merged
    return {name: frozenset(group) for name, group in groups.items()}
