"""``self.<method>(...)`` in another class of the file: a call of that class's own method.

A helper method that builds a context from its parameters
(``def check_setup(self, url, protocol, model_name): ServerStatusContext(url, protocol, ...)``)
converts with its callers only when every ``.check_setup`` of the file is a
call the tool can bind (`escape.call_sites`).  Test files often hold several
test classes, and another class (deriving from an imported helper class) has a
``check_setup`` of its own: ``self.check_setup(model_name)`` there runs that
class's method, not this one, whenever neither class derives from the other
through the classes of the file.  Such a read is skipped; any other
``.check_setup`` (on another object, in a class of the same family, in a
function outside a class) still keeps the helper V1.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst


def _ancestors(classes: dict[str, list[cst.ClassDef]], cls: cst.ClassDef) -> Optional[set[int]]:
    """ids of ``cls`` and of every class of the file it derives from; None when a base names a class of
    the file ambiguously (two classes of one name)."""
    seen: set[int] = set()
    stack = [cls]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        for base in current.bases:
            if base.keyword is not None or not isinstance(base.value, cst.Name):
                continue  # ``su.Helper`` and keywords (metaclass=...) name nothing of this file
            found = classes.get(base.value.value, [])
            if len(found) > 1:
                return None
            stack.extend(found)
    return seen


def other_family(module_classes: list[cst.ClassDef], cls: cst.ClassDef, method_cls: Optional[cst.ClassDef]) -> bool:
    """``method_cls`` (the class of the method holding a ``self.<name>`` read) is a class of the file that
    neither derives from ``cls`` nor is a base of it: the read is that class's own method.
    ``module_classes``: the classes of the module (`escape._classes`, listed once per rewriter)."""
    if method_cls is None or method_cls is cls:
        return False
    classes: dict[str, list[cst.ClassDef]] = {}
    for node in module_classes:
        classes.setdefault(node.name.value, []).append(node)
    if len(classes.get(cls.name.value, [])) != 1 or len(classes.get(method_cls.name.value, [])) != 1:
        return False
    mine, theirs = _ancestors(classes, cls), _ancestors(classes, method_cls)
    return mine is not None and theirs is not None and id(method_cls) not in mine and id(cls) not in theirs
