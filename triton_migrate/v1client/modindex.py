"""One walk of a module for the node lists several V1 client helpers read, shared by every rule that
runs on the same tree (a rule that changes nothing hands its tree to the next one).

Each list is in reading order (`triton_migrate.analysis.resolve.walk`, the order of ``m.findall`` and
of libcst's visits), exactly what the helpers' own walks gave: ``.attr`` attributes by name, classes
and functions, names by value, ``async_run`` calls, and single-target assignments to a name or an
attribute (the container candidates).  The index of the last module asked about is kept, and the
lists of each of its top-level statements: the next text version of the file reuses those of the
statements it kept (`ModuleIndex`).
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from triton_migrate.analysis.resolve import walk


# The node types the index lists (each final in libcst: an exact type test answers ``isinstance``
# without ``ABCMeta.__instancecheck__``, which cost 1.6 million calls on a 2,500-line file).
_NAME, _ATTRIBUTE, _CALL, _ASSIGN, _FUNCTION, _CLASS = range(6)
_KINDS = {cst.Name: _NAME, cst.Attribute: _ATTRIBUTE, cst.Call: _CALL, cst.Assign: _ASSIGN,
          cst.FunctionDef: _FUNCTION, cst.ClassDef: _CLASS}


class _Lists:
    """The node lists, empty."""

    def __init__(self) -> None:
        self.attributes: dict[str, list[cst.Attribute]] = {}
        self.classes: list[cst.ClassDef] = []
        self.functions: list[cst.FunctionDef] = []
        self.names: dict[str, list[cst.Name]] = {}
        self.async_runs: list[cst.Call] = []
        self.assigns: list[cst.Assign] = []


class _Part(_Lists):
    """The lists of one top-level statement (or header / footer line), in reading order."""

    def __init__(self, node: cst.CSTNode) -> None:
        super().__init__()
        kinds = _KINDS
        for node in walk(node):
            kind = kinds.get(type(node))
            if kind is None:
                continue
            if kind == _NAME:
                self.names.setdefault(node.value, []).append(node)
            elif kind == _ATTRIBUTE:
                self.attributes.setdefault(node.attr.value, []).append(node)
            elif kind == _CALL:
                func = node.func
                if type(func) is cst.Attribute and func.attr.value == "async_run":
                    self.async_runs.append(node)
            elif kind == _ASSIGN:
                if len(node.targets) == 1 and type(node.targets[0].target) in (cst.Name, cst.Attribute):
                    self.assigns.append(node)
            elif kind == _FUNCTION:
                self.functions.append(node)
            else:
                self.classes.append(node)


# id of a top-level statement -> (the statement, its part), for the module indexed last: the next text
# version of the file keeps most statements as the very same nodes (analysis.reparse), whose parts hold.
_PARTS: dict[int, tuple[cst.CSTNode, _Part]] = {}


class ModuleIndex(_Lists):
    """The lists of a whole module: its top-level parts (header lines, statements, footer lines, the
    module's children in reading order) one after the other, which is the module's own walk (the
    module node is none of the listed types).  A part of a statement the module indexed last also had
    is reused."""

    def __init__(self, module: cst.Module) -> None:
        super().__init__()
        self.module = module
        kept: dict[int, tuple[cst.CSTNode, _Part]] = {}
        for child in (*module.header, *module.body, *module.footer):
            found = _PARTS.get(id(child))
            part = found[1] if found is not None and found[0] is child else _Part(child)
            kept[id(child)] = (child, part)
            for key, nodes in part.attributes.items():
                self.attributes.setdefault(key, []).extend(nodes)
            for key, names in part.names.items():
                self.names.setdefault(key, []).extend(names)
            self.classes.extend(part.classes)
            self.functions.extend(part.functions)
            self.async_runs.extend(part.async_runs)
            self.assigns.extend(part.assigns)
        _PARTS.clear()
        _PARTS.update(kept)


_LAST: list[Optional[ModuleIndex]] = [None]


def index_of(module: cst.Module) -> ModuleIndex:
    """The index of ``module`` (built on first use; the last one is kept)."""
    found = _LAST[0]
    if found is None or found.module is not module:
        found = _LAST[0] = ModuleIndex(module)
    return found


def forget() -> None:
    """Drop the kept index and statement parts (the carrier calls it when a file is done)."""
    _LAST[0] = None
    _PARTS.clear()


__all__ = ["ModuleIndex", "forget", "index_of"]
