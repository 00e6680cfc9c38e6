"""One walk of a module for the node lists several V1 client helpers read, shared by every rule that
runs on the same tree (a rule that changes nothing hands its tree to the next one).

Each list is in reading order (`triton_migrate.analysis.resolve.walk`, the order of ``m.findall`` and
of libcst's visits), exactly what the helpers' own walks gave: ``.attr`` attributes by name, classes
and functions, names by value, ``async_run`` calls, and single-target assignments to a name or an
attribute (the container candidates).  The index of the last module asked about is kept.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from triton_migrate.analysis.resolve import walk


class ModuleIndex:
    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self.attributes: dict[str, list[cst.Attribute]] = {}
        self.classes: list[cst.ClassDef] = []
        self.functions: list[cst.FunctionDef] = []
        self.names: dict[str, list[cst.Name]] = {}
        self.async_runs: list[cst.Call] = []
        self.assigns: list[cst.Assign] = []
        for node in walk(module):
            if isinstance(node, cst.Name):
                self.names.setdefault(node.value, []).append(node)
            elif isinstance(node, cst.Attribute):
                self.attributes.setdefault(node.attr.value, []).append(node)
            elif isinstance(node, cst.Call):
                func = node.func
                if isinstance(func, cst.Attribute) and func.attr.value == "async_run":
                    self.async_runs.append(node)
            elif isinstance(node, cst.Assign):
                if len(node.targets) == 1 and isinstance(node.targets[0].target, (cst.Name, cst.Attribute)):
                    self.assigns.append(node)
            elif isinstance(node, cst.FunctionDef):
                self.functions.append(node)
            elif isinstance(node, cst.ClassDef):
                self.classes.append(node)


_LAST: list[Optional[ModuleIndex]] = [None]


def index_of(module: cst.Module) -> ModuleIndex:
    """The index of ``module`` (built on first use; the last one is kept)."""
    found = _LAST[0]
    if found is None or found.module is not module:
        found = _LAST[0] = ModuleIndex(module)
    return found


__all__ = ["ModuleIndex", "index_of"]
