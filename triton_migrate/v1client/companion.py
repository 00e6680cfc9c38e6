"""A `ProtocolType` variable read both by converted clients and by a V1 context that stays.

Test scripts keep the protocol in one variable, often a module global set in
the branches of ``if __name__ == '__main__':``, and every method builds its
contexts from it::

    def test_register(self):
        ctx = SharedMemoryControlContext(_url, _protocol)      # converts
    def _infer(self, handle):
        ctx = InferContext(_url, _protocol, "simple", -1)      # stays V1 (reported)
    ...
    if __name__ == '__main__':
        if os.environ.get('CLIENT_TYPE') == "http":
            _protocol = ProtocolType.HTTP
        else:
            _protocol = ProtocolType.GRPC

When the variable becomes a client module (`v1_protocol`) the V1 context breaks;
when it stays a `ProtocolType` every converted client breaks.  So, when every
assignment of the name (in its scope) is a `ProtocolType.HTTP` / `GRPC` literal
(or ``from_str`` of a literal) on its own line, and every read is either a
client-module use of a converted client or the protocol argument of a V1
context constructor (directly, or through a parameter of a function of the file
that is only that), the name keeps its V1 value (still reported as such) and
a companion holding the matching module is assigned beside each assignment::

        _protocol = ProtocolType.HTTP
        _protocol_client = httpclient

The converted clients read the companion (``_protocol_client.InferenceServerClient(...)``),
so both kinds work under either branch.  Any other read (printed, compared,
passed to a function) or any other assignment (``global`` in a function, a
value computed at run time) leaves everything as before: the verifier keeps
the clients V1 and each use is reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider, ScopeProvider

from triton_migrate.analysis.resolve import accesses, bind_arguments
from triton_migrate.data.v1_client_api import CONTEXTS

MODULES = {"ProtocolType.HTTP": "httpclient", "ProtocolType.GRPC": "grpcclient"}


@dataclass
class Companions:
    reads: dict[int, str] = field(default_factory=dict)  # id of a read Name -> the companion it reads instead
    lines: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # id of an assignment line ->
    #                                                                       (name, companion, module)


def _module_of(rewriter: Any, value: cst.BaseExpression) -> Optional[str]:
    name = rewriter.resolver.v1_name(value)
    if name in MODULES:
        return MODULES[name]
    if isinstance(value, cst.Call) and rewriter.resolver.v1_name(value.func) == "ProtocolType.from_str" \
            and len(value.args) == 1 and not value.args[0].keyword and not value.args[0].star \
            and isinstance(value.args[0].value, cst.SimpleString):
        text = value.args[0].value.evaluated_value
        return {"http": "httpclient", "grpc": "grpcclient"}.get(text.lower()) if isinstance(text, str) else None
    return None


def _v1_protocol_arg(rewriter: Any, node: cst.CSTNode, depth: int = 0) -> bool:
    """``node`` is the protocol argument of a V1 context constructor (which the context rules left V1), or
    is passed to a function of the file (``self.check_status(url, protocol)``) whose parameter is only that."""
    arg = rewriter.get_metadata(ParentNodeProvider, node, None)
    call = rewriter.get_metadata(ParentNodeProvider, arg, None) if isinstance(arg, cst.Arg) else None
    if not (isinstance(call, cst.Call) and isinstance(arg, cst.Arg) and arg.value is node):
        return False
    cls = rewriter.resolver.v1_name(call.func)
    if cls not in CONTEXTS:
        if depth >= 3 or arg.star:
            return False
        function, skip = rewriter.callee(call)
        param = rewriter.param_of(function, skip, call, arg)
        scope = rewriter.get_metadata(ScopeProvider, param.name, None) if param is not None else None
        if scope is None or param.default is not None or len(scope.assignments[param.name.value]) != 1:
            return False
        reads = accesses(scope, param.name.value)
        return bool(reads) and all(_v1_protocol_arg(rewriter, a.node, depth + 1) for a in reads)
    bound = bind_arguments(call, CONTEXTS[cls].params)
    return bound is not None and bound.get("protocol") is node


def plan(rewriter: Any) -> Companions:
    """The names of the file to pair with a companion module variable."""
    found = Companions()
    module: cst.Module = rewriter.module
    words = set(re.findall(r"\w+", module.code))
    groups: dict[tuple[int, str], list[tuple[cst.SimpleStatementLine, cst.Name, str]]] = {}
    scopes: dict[tuple[int, str], Any] = {}
    for line in _lines(module):
        assign = line.body[0]
        if not (isinstance(assign, cst.Assign) and len(assign.targets) == 1
                and isinstance(assign.targets[0].target, cst.Name)):
            continue
        target = assign.targets[0].target
        which = _module_of(rewriter, assign.value)
        scope = rewriter.get_metadata(ScopeProvider, target, None)
        if which is None or scope is None:
            continue
        key = (id(scope), target.value)
        groups.setdefault(key, []).append((line, target, which))
        scopes[key] = scope
    for key, members in groups.items():
        scope, name = scopes[key], key[1]
        if re.search(rf"\b(global|nonlocal)\b[^\n]*\b{re.escape(name)}\b", module.code):
            continue  # assigned from another scope too
        targets = {id(t) for _, t, _ in members}
        if any(id(getattr(a, "node", None)) not in targets for a in scope.assignments[name]):
            continue  # another assignment of the name: its value is not a known protocol
        renamed, kept = [], 0
        for access in accesses(scope, name):
            node = access.node
            if _v1_protocol_arg(rewriter, node):
                kept += 1
            elif isinstance(node, cst.Name) and rewriter.module_use(node):
                renamed.append(node)
            else:
                renamed = []
                break
        if not renamed or not kept:
            continue  # all module uses (v1_protocol converts the name) or another use (left as it is)
        companion, count = f"{name}_client", 1
        while companion in words:
            count += 1
            companion = f"{name}_client{count}"
        if any(_suppressed(rewriter, line) for line, _, _ in members):
            continue  # `# triton-migrate: ignore` on an assignment: leave the name alone
        # (another scope may reuse the companion's name: each reads only its own name's companion)
        for line, _, which in members:
            rewriter.report(line, f"`{name}` keeps its V1 `ProtocolType` for the V1 context that still reads it; "
                                  f"the converted clients read `{companion}`, the module assigned beside it.",
                            applied=True, v1="ProtocolType", replacement=f"{companion} = {which}")
        for node in renamed:
            found.reads[id(node)] = companion
        for line, _, which in members:
            found.lines[id(line)] = (name, companion, which)
    return found


def _lines(module: cst.Module) -> list[cst.SimpleStatementLine]:
    """Every one-statement simple line of the module, at any depth."""
    out: list[cst.SimpleStatementLine] = []

    class _Walk(cst.CSTVisitor):
        def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
            if len(node.body) == 1:
                out.append(node)
            return False

    module.visit(_Walk())
    return out


def renamed(found: Companions, original: cst.Name) -> Optional[cst.Name]:
    new = found.reads.get(id(original))
    return cst.Name(new) if new is not None else None


def _suppressed(rewriter: Any, line: cst.SimpleStatementLine) -> bool:
    rng = rewriter.get_metadata(PositionProvider, line)
    return bool(rewriter.ctx.suppressed(rng.start.line, rng.end.line))


def add_companion(found: Companions, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine) -> Any:
    """The assignment line, followed by its companion's."""
    entry = found.lines.get(id(original))
    if entry is None:
        return updated
    _, companion, which = entry
    return cst.FlattenSentinel([updated, cst.parse_statement(f"{companion} = {which}")])
