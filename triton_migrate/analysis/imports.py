"""One reader of a module's import statements (stdlib ``ast``): what name each binds, and to what.

Every analysis that asks "which names of this file come from the V1 (or V2)
client packages" reads the imports through here: the verifier's object model
(`triton_migrate.analysis.verify.Model`), the run-wide first pass
(`triton_migrate.crossfile`), the shared-memory helper hold
(`triton_migrate.v1client.shmhold`), the test-check analysis
(`triton_migrate.analysis.dropchecks`) and the residue scan (`v2_bound`).
Each of them keeps its own notion of which modules count (a package prefix,
one module, the shared-memory helper modules); this module only says, for each
import statement, the bindings it makes, in one shape:

- ``import a.b`` binds ``a`` (``local``) and names the module ``a.b``
  (``module``; code refers to it as ``a.b``, its ``reference``);
- ``import a.b as c`` binds ``c`` to the module ``a.b``;
- ``from m import x as y`` binds ``y`` to the member ``x`` of ``m``
  (``target`` ``m.x``); ``from . import x`` has ``level`` 1 and ``module`` "";
- ``from m import *`` is one binding with ``member`` "*" (``local`` "*": the
  names it binds are not known here).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Union

ImportNode = Union[ast.Import, ast.ImportFrom]


@dataclass(frozen=True)
class Binding:
    """One name an import statement binds."""

    node: ImportNode
    local: str  # the name bound in the statement's scope ("*" for a star import)
    module: str  # ``import a.b``: "a.b"; ``from m import x``: "m" ("" for ``from . import x``)
    member: Optional[str] = None  # ``from m import x``: "x" ("*" for a star); None for ``import``
    alias: Optional[str] = None  # the ``as`` name
    level: int = 0  # dots of a relative ``from`` import

    @property
    def star(self) -> bool:
        return self.member == "*"

    @property
    def target(self) -> str:
        """The dotted name the binding stands for: the module, or ``module.member``."""
        if self.member is None or self.star:
            return self.module
        return f"{self.module}.{self.member}" if self.module else self.member

    @property
    def reference(self) -> str:
        """How the code names it: the ``as`` name, the dotted module of an ``import a.b``, or the member."""
        if self.alias:
            return self.alias
        return self.module if self.member is None else self.member


def bindings(node: ast.AST) -> list[Binding]:
    """The bindings of one import statement (nothing for any other node)."""
    if isinstance(node, ast.Import):
        return [Binding(node, a.asname or a.name.split(".")[0], a.name, None, a.asname) for a in node.names]
    if isinstance(node, ast.ImportFrom):
        module = node.module or ""
        return [Binding(node, a.asname or a.name, module, a.name, a.asname, node.level or 0) for a in node.names]
    return []


def read(nodes: Iterable[ast.AST]) -> Iterator[Binding]:
    """The bindings of the import statements among ``nodes``, in their order."""
    for node in nodes:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield from bindings(node)


def of_tree(tree: ast.AST) -> Iterator[Binding]:
    """Every binding of every import in ``tree`` (nested ones too), in ``ast.walk`` order."""
    return read(ast.walk(tree))


def in_package(module: str, package: str) -> bool:
    """``module`` is ``package`` or one of its submodules (a dotted-name test, not a text prefix)."""
    return module == package or module.startswith(package + ".")


def v2_bound(tree: ast.AST, v2: str = "tritonclient", v1: str = "tensorrtserver") -> frozenset[str]:
    """Names that only imports from the V2 package ``v2`` bind: no import of ``v1`` binds them
    (a V1 star import after the V2 import may rebind any name: those names are left out)."""
    found: dict[str, int] = {}  # local name -> first line a V2 import binds it
    v1_named: set[str] = set()
    stars: list[int] = []  # lines of V1 star imports
    for b in of_tree(tree):
        if b.level:
            continue
        if in_package(b.module, v2) and not b.star:
            found.setdefault(b.local, b.node.lineno)
        elif in_package(b.module, v1):
            if b.star:
                stars.append(b.node.lineno)
            else:
                v1_named.add(b.local)
    return frozenset(name for name, line in found.items()
                     if name not in v1_named and not any(star >= line for star in stars))


def v2_import_lines(tree: ast.AST, v2: str = "tritonclient") -> frozenset[int]:
    """Lines of the (absolute) import statements from the V2 package ``v2``: every name on them is V2."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level and in_package(node.module or "", v2) \
                or isinstance(node, ast.Import) and all(in_package(a.name, v2) for a in node.names):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return frozenset(lines)


__all__ = ["Binding", "bindings", "read", "of_tree", "in_package", "v2_bound", "v2_import_lines"]
