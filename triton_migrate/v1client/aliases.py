"""Module-level aliases of V1 result formats: ``RAW = InferContext.ResultFormat.RAW``.

V1 code often names the output format once (``RAW = InferContext.ResultFormat.RAW``)
and writes ``{'OUTPUT0': RAW}`` in each ``run()``.  The infer rewriter reads
such a name as the format it aliases.  The alias statement itself names the V1
API, so it goes away, but only when every read of the name is an output format
of a ``run()`` that was converted; otherwise it stays (and the verifier names
its line), so no converted file is left reading a name that is gone.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst
from libcst.metadata import Assignment, ScopeProvider

from triton_migrate.analysis.resolve import single_assignment

if TYPE_CHECKING:
    from triton_migrate.v1client.inferparams import InferRewriter


class FormatAliases:
    def __init__(self, rewriter: InferRewriter, module: cst.Module) -> None:
        self.rw = rewriter
        self.formats: dict[cst.Name, str] = {}  # alias target -> "InferContext.ResultFormat.RAW"
        self.statements: dict[cst.SimpleStatementLine, cst.Name] = {}
        self.reads: dict[cst.Name, list[cst.Name]] = {}
        self.converted: set[cst.Name] = set()
        self.left: dict[cst.SimpleStatementLine, cst.SimpleStatementLine] = {}  # original -> updated
        for statement in module.body:
            if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
                continue
            assign = statement.body[0]
            if not isinstance(assign, cst.Assign) or len(assign.targets) != 1 \
                    or not isinstance(assign.targets[0].target, cst.Name):
                continue
            name = rewriter.resolver.v1_name(assign.value)
            if not name or not name.startswith("InferContext.ResultFormat."):
                continue
            target = assign.targets[0].target
            scope = rewriter.get_metadata(ScopeProvider, target, None)
            assignments = list(scope.assignments[target.value]) if scope is not None else []
            if len(assignments) != 1 or not isinstance(assignments[0], Assignment):
                continue
            self.formats[target] = name
            self.statements[statement] = target
            self.reads[target] = [a.node for a in assignments[0].references if isinstance(a.node, cst.Name)]

    def format_of(self, node: cst.CSTNode) -> Optional[str]:
        """The V1 format a name aliases, or None."""
        if not isinstance(node, cst.Name) or not self.formats:
            return None
        target = single_assignment(self.rw, node)
        return self.formats.get(target) if isinstance(target, cst.Name) else None

    def leave_statement(self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine) -> None:
        if original in self.statements:
            self.left[original] = updated

    def module_body(self, updated: cst.Module, reporter) -> cst.Module:  # type: ignore[no-untyped-def]
        """``updated`` without the alias statements whose every read was converted."""
        gone = []
        for statement, target in self.statements.items():
            reads = self.reads[target]
            if reads and all(r in self.converted for r in reads) and statement in self.left \
                    and reporter.report(statement, f"`{target.value}` aliased the V1 `{self.formats[target]}`; every "
                                        "request that used it now asks for its outputs with InferRequestedOutput, "
                                        "so the alias is removed.", applied=True, v1="ResultFormat",
                                        replacement="(removed)"):
                gone.append(self.left[statement])
        if not gone:
            return updated
        body = [s for s in updated.body if not any(s is g for g in gone)]
        return updated.with_changes(body=body)
