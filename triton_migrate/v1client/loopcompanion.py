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
(or ``from_str`` of a literal) at the same place, the loop variable is read only
in the loop's own body (plain ``pair[i]`` subscripts for a single name), and
some reads of the protocol item are client-module uses of converted clients
while others need the V1 value (the protocol argument of a V1 context that
stays, a comparison with ``ProtocolType.GRPC``, a print), then each row gets the
matching module as a new last item, read by the converted clients only::

    for pair in [("localhost:8000", ProtocolType.HTTP, httpclient), ("localhost:8001", ProtocolType.GRPC, grpcclient)]:
        ctx = ServerStatusContext(pair[0], pair[1], model_name, True)      # V1, reported
        ...
        hctx = pair[2].InferenceServerClient(pair[0], verbose=True)

and ``for url, protocol in [...]`` gets a new loop name (``for url, protocol,
protocol_client in [...]``).  The protocol item keeps its V1 value for every
other read, which therefore behaves as before (each such read is still
reported, and the kept context keeps its own findings).  Anything else (a
single loop variable read other than as ``pair[i]``: printed, passed on,
unpacked, where a longer row would show; the loop variable read after the loop
or in a nested function or comprehension, or assigned in the body; rows of
other lengths; a protocol chosen at run time) plans nothing: the clients built from the item stay V1 through
the verifier and every use is reported, as before.
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
    rows: dict[int, str] = field(default_factory=dict)  # id of a row of the loop's list -> module appended
    subscripts: dict[int, int] = field(default_factory=dict)  # id of a ``pair[k]`` read -> the new index
    targets: dict[int, str] = field(default_factory=dict)  # id of a ``url, protocol`` target -> name appended


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
        if at is None:
            return None  # ``pair`` printed, passed on, unpacked, measured: a longer row would show
        if at == position:
            found.append(sub)
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
        position, modules = column
        target = loop.target
        width = len(rows[0].elements)
        if isinstance(target, cst.Name):
            name, subscripted, new = target.value, True, None
        elif isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == width \
                and all(isinstance(e, cst.Element) and isinstance(e.value, cst.Name) for e in target.elements):
            name, subscripted = target.elements[position].value.value, False  # type: ignore[attr-defined]
            new = _unique(words, f"{name}_client")
        else:
            continue
        reads = _reads(rewriter, loop, name, subscripted, position)
        if not reads:
            continue
        renamed = [node for node in reads if rewriter.module_use(node)]  # a V1 constructor's argument is not one
        if not renamed or len(renamed) == len(reads) or _suppressed(rewriter, loop):
            # only module uses: `v1_protocol` turns the item itself into the module
            continue
        shown = f"{name}[{position}]" if subscripted else name
        companion = f"{name}[{width}]" if subscripted else new
        rewriter.report(loop, f"`{shown}` keeps its V1 `ProtocolType` for the reads that need it (a V1 context, a comparison); "
                              f"the converted clients read `{companion}`, the client module added to each row "
                              "of the loop.", applied=True, v1="ProtocolType",
                        replacement=", ".join(dict.fromkeys(modules)))
        for row, which in zip(rows, modules):
            found.rows[id(row)] = which
        if subscripted:
            for node in renamed:
                found.subscripts[id(node)] = width
        else:
            assert new is not None
            words.add(new)
            found.targets[id(target)] = new
            for node in renamed:
                companions.reads[id(node)] = new
    return found


def _suppressed(rewriter: Any, loop: cst.For) -> bool:
    rng = rewriter.get_metadata(PositionProvider, loop)
    return bool(rewriter.ctx.suppressed(rng.start.line, rng.start.line))


def _append(node: Row, value: cst.BaseExpression) -> Row:
    elements = list(node.elements)
    last = elements[-1]
    if isinstance(last.comma, cst.Comma):
        elements.append(cst.Element(value, comma=last.comma))  # keep a trailing comma where it was
        elements[-2] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    else:
        elements[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        elements.append(cst.Element(value))
    return node.with_changes(elements=elements)


def leave_sequence(found: LoopCompanions, original: Row, updated: Row) -> Row:
    """A row of a planned loop with its module appended; a planned ``url, protocol`` target with its new name."""
    which = found.rows.get(id(original)) or found.targets.get(id(original))
    return _append(updated, cst.Name(which)) if which is not None else updated


def leave_subscript(found: LoopCompanions, original: cst.Subscript, updated: cst.Subscript) -> cst.Subscript:
    """``pair[1]`` read as a client module: ``pair[2]``, the module of the row."""
    index = found.subscripts.get(id(original))
    if index is None:
        return updated
    return updated.with_changes(slice=[cst.SubscriptElement(cst.Index(cst.Integer(str(index))))])
