"""``get_server_status()`` read in the same expression that fetches it.

`v1_status` plans a status assigned to a name (``status = ctx.get_server_status()``,
also on a container element read in place, `heldstatus`) use by use.  Code
also reads it in one expression::

    config = ctx.get_server_status().model_status["simple"].config
    print(xs[0].get_server_status().model_status[m].config.max_batch_size)
    assert ctx.get_server_status().ready_state == server_status_pb2.SERVER_READY

Such a statement is read as the held form: the fetch is hoisted into a name of
its own just before the statement (``server_status = ctx.get_server_status()``,
the same point of evaluation), and the rule plans that name as it plans any
held status.  The hoisted text is kept only when the rule converts every
hoisted status; otherwise the rule runs on the file as it was, so nothing of
the context changes and each use is reported as before.

Only a statement on a line of its own is hoisted, and only a fetch not under
``and`` / ``or``, a conditional expression, a lambda or a comprehension (there
the fetch may not run, or run more than once).
"""
from __future__ import annotations

import re
from typing import Any, Optional

import libcst as cst

from triton_migrate.analysis.cstwalk import known_code
from triton_migrate.analysis.metadata import code_of, wrap
from triton_migrate.analysis.reparse import reparse
from triton_migrate.v1client import client as pyclient

_CHAINED = re.compile(r"get_server_status\(\s*\)\s*\.")
_STOP = (cst.BooleanOperation, cst.IfExp, cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


def _chained(node: cst.CSTNode, found: list[cst.Call]) -> None:
    """The ``X.get_server_status()`` calls under ``node`` read on the spot (``.attr`` of the result)."""
    if isinstance(node, _STOP):
        return
    if isinstance(node, cst.Attribute) and _fetch(node.value):
        found.append(node.value)  # type: ignore[arg-type]
    for child in node.children:
        _chained(child, found)


def _fetch(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
        and node.func.attr.value == "get_server_status" and not node.args \
        and isinstance(node.func.value, (cst.Name, cst.Subscript))


class _Hoist(cst.CSTTransformer):
    def __init__(self, words: set[str], only: Optional[set[int]] = None) -> None:
        super().__init__()
        self.words = words
        self.only = only  # the fetches to hoist, by their order in the file (None: all)
        self.seen = 0
        self.names: dict[str, int] = {}  # hoisted name -> the fetch's order
        self._calls: dict[cst.Call, tuple[str, int]] = {}
        self._found: dict[cst.SimpleStatementLine, list[cst.Call]] = {}  # the fetches of each line, read on entry

    def _name(self) -> str:
        name, count = "server_status", 1
        while name in self.words:
            count += 1
            name = f"server_status_{count}"
        self.words.add(name)
        return name

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> Optional[bool]:
        if len(node.body) == 1:
            found: list[cst.Call] = []
            _chained(node.body[0], found)
            if found:
                self._found[node] = found
            for call in found:
                if self.only is None or self.seen in self.only:
                    self._calls[call] = (self._name(), self.seen)
                self.seen += 1
        return True

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        entry = self._calls.get(original)
        return cst.Name(entry[0]) if entry else updated

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine) -> Any:
        found = self._found.pop(original, None)
        if not found:
            return updated
        hoisted = [(self._calls[call], call) for call in found if call in self._calls]
        if not hoisted:
            return updated
        lines = []
        for (name, order), call in hoisted:
            self.names[name] = order
            lines.append(cst.SimpleStatementLine(body=[cst.Assign(targets=[cst.AssignTarget(cst.Name(name))],
                                                                  value=call)]))
        lines[0] = lines[0].with_changes(leading_lines=updated.leading_lines)
        return cst.FlattenSentinel([*lines, updated.with_changes(leading_lines=())])


def run(rewriter_class: type[pyclient.ContextRewriter], wrapper: Any, ctx: Any) -> cst.Module:
    """`pyclient.run`, with statements that read a status in the fetching expression hoisted when the rule
    then converts every hoisted status (a second try hoists only those the first converted); else the
    rule on the text as it is."""
    module = wrapper.module
    if not _CHAINED.search(module.code):
        return pyclient.run(rewriter_class, wrapper, ctx)
    only: Optional[set[int]] = None
    for _attempt in range(2):
        planned = _attempt_hoisted(rewriter_class, module, ctx, only)
        if planned is None or isinstance(planned, cst.Module):
            return planned if planned is not None else pyclient.run(rewriter_class, wrapper, ctx)
        if not planned or planned == only:
            break
        only = planned
    return pyclient.run(rewriter_class, wrapper, ctx)


def _attempt_hoisted(rewriter_class: type[pyclient.ContextRewriter], module: cst.Module, ctx: Any,
                     only: Optional[set[int]]) -> Any:
    """The rule's output on the hoisted text when it converts every hoisted status; else the set of
    fetches (by order) it converted, its findings dropped; None when nothing is hoisted."""
    hoist = _Hoist(set(re.findall(r"\w+", module.code)), only)
    hoisted = module.visit(hoist)
    if not hoist.names:
        return None
    start = len(ctx.findings)
    current = module.code
    code = code_of(hoisted)
    ctx.set_current(code)
    try:
        # only the statements the hoist changed are parsed (the others stay the module's own nodes, so
        # their scopes and positions are replayed, and the carrier splices the rule's output again)
        parsed = reparse(module, hoisted, code) or cst.parse_module(code)
        known_code(parsed, code)
        variant = wrap(parsed)
        collector = pyclient.Collector()
        variant.visit(collector)
        rewriter = rewriter_class(ctx, variant.module, collector.values, collector.functions)
        out = variant.visit(rewriter)
        planned = {plan.target for plan in getattr(rewriter, "plans", {}).values()}
    finally:
        ctx.set_current(current)
        known_code(module, current)  # the carrier's module again (its code is its text)
    if set(hoist.names) <= planned:
        return out  # (its findings were mapped to the file's lines from the hoisted text)
    del ctx.findings[start:]  # not every hoisted status converts: not this text
    return {order for name, order in hoist.names.items() if name in planned}


__all__ = ["run"]
