"""A transformer base for rules that rewrite single V1 names (`ProtocolType.HTTP`, flags, ...).

Subclasses implement `rewrite(node, v1_name)` returning a replacement node
(after recording a finding) or None; the base resolves every name and
attribute chain with `V1Resolver` and keeps the longest match only.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst
from libcst.metadata import (
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    ScopeProvider,
)

from triton_migrate.analysis.resolve import V1Resolver


class V1NameRewriter(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    def __init__(self, ctx, module: cst.Module) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.ctx = ctx
        self.module = module
        self.resolver = V1Resolver(self, module)
        self.in_import = 0

    def visit_Import(self, node: cst.Import) -> None:
        self.in_import += 1

    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
        self.in_import -= 1
        return updated

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.in_import += 1

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
        self.in_import -= 1
        return updated

    def report(self, node: cst.CSTNode, message: str, *, applied: bool = True, severity: str = "",
               replacement: Optional[str] = None, v1: Optional[str] = None) -> bool:
        rng = self.get_metadata(PositionProvider, node)
        return self.ctx.report(line=rng.start.line, column=rng.start.column, end_line=rng.end.line,
                               end_column=rng.end.column, message=message, applied=applied,
                               severity=severity or ("info" if applied else "warning"),
                               replacement=replacement, v1=v1)

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def rewrite(self, node: cst.CSTNode, updated: cst.CSTNode, name: str) -> Optional[cst.BaseExpression]:
        raise NotImplementedError

    def _leave_name(self, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode:
        if self.in_import:
            return updated
        parent = self.get_metadata(ParentNodeProvider, original, None)
        if isinstance(parent, cst.Attribute) and parent.value is original:
            # ``ProtocolType`` inside ``ProtocolType.HTTP``: the whole chain decides.
            if self.resolver.v1_name(parent):
                return updated
        if isinstance(parent, cst.Attribute) and parent.attr is original:
            return updated
        name = self.resolver.v1_name(original)
        if name is None:
            return updated
        new = self.rewrite(original, updated, name)
        return updated if new is None else new

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.CSTNode:  # type: ignore[override]
        return self._leave_name(original, updated)

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.CSTNode:  # type: ignore[override]
        return self._leave_name(original, updated)


def parenthesize_for(parent: Optional[cst.CSTNode], node: cst.BaseExpression) -> cst.BaseExpression:
    """Wrap an expression with low precedence in parentheses unless its parent needs none."""
    if isinstance(parent, (cst.Assign, cst.Arg, cst.Return, cst.AnnAssign, cst.Element, cst.DictElement)):
        return node
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
