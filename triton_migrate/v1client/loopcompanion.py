"""A loop's protocol item read both by converted clients and by a V1 context that stays.

Test scripts walk a literal list of (url, protocol) rows and build several
contexts from each row::

    for pair in [("localhost:8000", ProtocolType.HTTP), ("localhost:8001", ProtocolType.GRPC)]:
        ctx = ServerStatusContext(pair[0], pair[1], model_name, True)
        ss = ctx.get_server_status()
        ... ss.uptime_ns ...                        # stays V1 (V2 has no uptime)
        hctx = ServerHealthContext(pair[0], pair[1], True)
        self.assertTrue(hctx.is_ready())            # converts on its own

When ``pair[1]`` becomes a client module the status context breaks; when it
stays a ``ProtocolType`` the health client breaks.  This is the loop form of
`triton_migrate.v1client.companion` (a module global read by both kinds): when
every row of the literal list holds a ``ProtocolType.HTTP`` / ``GRPC`` literal
(or ``from_str`` of a literal) at the same place, the loop variable is neither
assigned in the body nor read after the loop or in a nested function or
comprehension, and some reads of the protocol item (``pair[1]``, or the
unpacked ``protocol``) are client-module uses of converted clients while
others need the V1 value (the protocol argument of a V1 context that stays, a
comparison with ``ProtocolType.GRPC``, a print), the loop body starts with a
companion holding the row's client module, and the converted clients read it::

    for pair in [("localhost:8000", ProtocolType.HTTP), ("localhost:8001", ProtocolType.GRPC)]:
        pair_client = (httpclient, grpcclient)[pair[1]]
        ctx = ServerStatusContext(pair[0], pair[1], model_name, True)      # V1, reported
        ...
        hctx = pair_client.InferenceServerClient(pair[0], verbose=True)

V1's ``ProtocolType`` is an ``IntEnum`` (``HTTP = 0``, ``GRPC = 1``), so the
item indexes the pair of modules; the rows themselves, and so every other
read of the loop variable (the whole row printed, say), stay as they were, and
so does the line of the loop, which keeps its findings.  The protocol item
keeps its V1 value for every other read (each still reported, and the kept
context keeps its own findings).  Otherwise (the loop variable assigned in the
body, read after the loop or in a nested scope; rows of other lengths; a
protocol chosen at run time) nothing is planned: the clients built from the
item stay V1 through the verifier and every use is reported, as before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional, Union

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider, ScopeProvider

from triton_migrate.analysis.resolve import accesses, in_other_loop, walk
from triton_migrate.v1client.companion import Companions, _module_of

Row = Union[cst.Tuple, cst.List]


@dataclass
class LoopCompanions:
    subscripts: dict[int, str] = field(default_factory=dict)  # id of a ``pair[k]`` read -> the companion
    loops: dict[int, str] = field(default_factory=dict)  # id of a planned loop -> its companion's assignment


def _rows(loop: cst.For) -> Optional[list[Row]]:
    table = loop.iter
    if not isinstance(table, (cst.List, cst.Tuple)) or not table.elements:
        return None
    rows = [e.value for e in table.elements]
    if any(isinstance(e, cst.StarredElement) or not isinstance(e.value, (cst.Tuple, cst.List))
           for e in table.elements):
        return None
    width = len(rows[0].elements)  # type: ignore[attr-defined]
    for row in rows:
        if len(row.elements) != width or any(isinstance(e, cst.StarredElement) for e in row.elements):  # type: ignore[attr-defined]
            return None
    return rows  # type: ignore[return-value]


def _protocol_column(rewriter: Any, rows: list[Row]) -> Optional[tuple[int, list[str]]]:
    """The one place where every row holds a known protocol literal, with the module of each row."""
    found = []
    for index in range(len(rows[0].elements)):
        modules = [_module_of(rewriter, row.elements[index].value) for row in rows]
        if all(modules):
            found.append((index, modules))
    return found[0] if len(found) == 1 else None  # type: ignore[return-value]


def _index(sub: cst.CSTNode) -> Optional[int]:
    if isinstance(sub, cst.Subscript) and len(sub.slice) == 1 and isinstance(sub.slice[0].slice, cst.Index) \
            and isinstance(sub.slice[0].slice.value, cst.Integer) and not sub.lpar:
        return int(sub.slice[0].slice.value.value)
    return None


def _reads(rewriter: Any, loop: cst.For, name: str, subscripted: bool, position: int) -> Optional[list[cst.CSTNode]]:
    """The reads of the protocol item in the loop's body (``pair[position]`` nodes, or the unpacked name),
    or None when the loop variable is read or written in a way the plan cannot follow."""
    scope = rewriter.get_metadata(ScopeProvider, loop, None)
    if scope is None:
        return None
    inside = {id(n) for n in walk(loop.body)}
    if any(id(getattr(a, "node", None)) in inside for a in scope.assignments[name]):
        return None  # assigned again in the body
    found: list[cst.CSTNode] = []
    for access in accesses(scope, name):
        node = access.node
        if id(node) not in inside:
            if in_other_loop(rewriter, node, name, loop):
                continue
            return None  # read after the loop, or before it
        if rewriter.get_metadata(ScopeProvider, node, None) is not scope:
            return None  # a nested function or comprehension reads it later
        if not subscripted:
            found.append(node)
            continue
        sub = rewriter.get_metadata(ParentNodeProvider, node, None)
        at = _index(sub) if isinstance(sub, cst.Subscript) and sub.value is node else None
        if at == position:
            found.append(sub)  # (``pair`` read whole, or another item of it, reads the row as it was)
    return found


def _unique(words: set[str], base: str) -> str:
    name, count = base, 1
    while name in words:
        count += 1
        name = f"{base}{count}"
    return name


def plan(rewriter: Any, companions: Companions) -> LoopCompanions:
    """The loops of the file whose protocol item gets a companion module; the reads of unpacked names
    to rename go into ``companions.reads`` (renamed by `companion.renamed`, as for module globals)."""
    found = LoopCompanions()
    module: cst.Module = rewriter.module
    words = set(re.findall(r"\w+", module.code))
    loops: list[cst.For] = []

    class _Walk(cst.CSTVisitor):
        def visit_For(self, node: cst.For) -> None:
            loops.append(node)

    module.visit(_Walk())
    for loop in loops:
        rows = _rows(loop)
        column = _protocol_column(rewriter, rows) if rows else None
        if rows is None or column is None:
            continue
        position, _ = column
        target = loop.target
        width = len(rows[0].elements)
        if isinstance(target, cst.Name):
            name, subscripted = target.value, True
        elif isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == width \
                and all(isinstance(e, cst.Element) and isinstance(e.value, cst.Name) for e in target.elements):
            name, subscripted = target.elements[position].value.value, False  # type: ignore[attr-defined]
        else:
            continue
        reads = _reads(rewriter, loop, name, subscripted, position)
        if not reads:
            continue
        renamed = [node for node in reads if rewriter.module_use(node)]  # a V1 constructor's argument is not one
        if not renamed or rewriter.module_use(rows[0].elements[position].value) or _suppressed(rewriter, loop):
            continue  # no client reads it, or `v1_protocol` turns the rows' item itself into the module
        if not isinstance(loop.body, cst.IndentedBlock):
            continue
        shown = f"{name}[{position}]" if subscripted else name
        # one name for every loop of that variable: each loop assigns it first and reads it only inside
        companion = _unique(words, f"{name}_client")
        rewriter.report(loop, f"`{shown}` keeps its V1 `ProtocolType` for the reads that need it (a V1 context, a "
                              f"comparison); the converted clients read `{companion}`, the client module of the row "
                              "assigned at the top of the loop (V1's ProtocolType is an IntEnum: HTTP = 0, GRPC = 1).",
                        applied=True, v1="ProtocolType", replacement=f"{companion} = (httpclient, grpcclient)[{shown}]")
        found.loops[id(loop)] = f"{companion} = (httpclient, grpcclient)[{shown}]"
        for node in renamed:
            if subscripted:
                found.subscripts[id(node)] = companion
            else:
                companions.reads[id(node)] = companion
    return found


def _suppressed(rewriter: Any, loop: cst.For) -> bool:
    rng = rewriter.get_metadata(PositionProvider, loop)
    return bool(rewriter.ctx.suppressed(rng.start.line, rng.start.line))


def leave_for(found: LoopCompanions, original: cst.For, updated: cst.For) -> cst.For:
    """A planned loop with its companion's assignment as the first statement of the body."""
    line = found.loops.get(id(original))
    if line is None or not isinstance(updated.body, cst.IndentedBlock):
        return updated
    body = updated.body
    return updated.with_changes(body=body.with_changes(body=[cst.parse_statement(line), *body.body]))


def leave_subscript(found: LoopCompanions, original: cst.Subscript, updated: cst.BaseExpression) -> cst.BaseExpression:
    """``pair[1]`` read as a client module: the loop's companion."""
    name = found.subscripts.get(id(original))
    return cst.Name(name) if name is not None else updated
