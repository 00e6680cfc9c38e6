"""One libcst ``MetadataWrapper`` per file text whose metadata costs only what the rules ask for.

The Python rules are libcst visitors that declare ``PositionProvider``,
``ParentNodeProvider``, ``ScopeProvider`` and ``QualifiedNameProvider``.  A
plain ``MetadataWrapper`` computes each of them for every node of the file as
soon as a visitor declares it, and qualified names (about half of the cost)
are computed for every node even though `V1Resolver` only asks for the few
names a V1 import binds.  ``wrap()`` returns a wrapper whose metadata maps
are filled in by need, with the same values libcst gives:

- qualified names per node, on the first query of that node (libcst's own
  ``Scope.get_qualified_names_for``, cached like libcst's ``LazyValue``);
- parents, positions and scopes on the first query of any node, by libcst's
  providers (parents by one light walk that records the same parent for each
  node as ``ParentNodeProvider``).

A rule that never reads a kind of metadata never pays for it, and the rules
that change nothing share one wrapper (see `triton_migrate.carriers.python`).
``stats`` counts what was computed, so a test can check the mechanism is used.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping
from itertools import accumulate
from typing import Any, Callable, Iterator, Optional, Sequence

import libcst as cst
from libcst._position import CodePosition, CodeRange
from libcst.metadata import (
    ExpressionContext,
    ExpressionContextProvider,
    MetadataWrapper,
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    ScopeProvider,
)
from libcst._nodes.internal import CodegenState
from libcst.metadata.expression_context_provider import ExpressionContextVisitor
from libcst.metadata.position_provider import NEWLINE_RE

from triton_migrate.analysis.cstwalk import children, known_code, known_text, remember_printed
from triton_migrate.analysis import scopes as _scopes

_MISSING: Any = object()
_NEWLINE = re.compile(r"\n")  # the line ends of a text without "\r"

# How often each kind of metadata was computed in this process (for tests and bench/).
stats: Counter[str] = Counter()


class _OnDemand(Mapping):  # type: ignore[type-arg]
    """A read-only node -> value mapping computed by ``build`` on its first read."""

    __slots__ = ("_build", "_data", "_kind")

    def __init__(self, kind: str, build: Callable[[], Mapping[cst.CSTNode, object]]) -> None:
        self._kind = kind
        self._build: Optional[Callable[[], Mapping[cst.CSTNode, object]]] = build
        self._data: Optional[Mapping[cst.CSTNode, object]] = None

    def _mapping(self) -> Mapping[cst.CSTNode, object]:
        if self._data is None:
            assert self._build is not None
            stats[self._kind] += 1
            self._data, self._build = self._build(), None
        return self._data

    def __getitem__(self, node: cst.CSTNode) -> object:
        return self._mapping()[node]

    def get(self, node: cst.CSTNode, default: object = None) -> object:  # type: ignore[override]
        return self._mapping().get(node, default)

    def __contains__(self, node: object) -> bool:
        return node in self._mapping()

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())


def _parents(module: cst.Module) -> Mapping[cst.CSTNode, object]:
    """``ParentNodeProvider``'s map: each node's children (in libcst's visiting order) are assigned
    when it is left, the order libcst's provider assigns them in.  The entries inside a top-level
    statement depend on that statement alone: those of a statement the file's previous text version
    had (the same node, `triton_migrate.analysis.reparse`) are taken from it (`_per_statement`)."""
    parents: dict[cst.CSTNode, cst.CSTNode] = {}

    def walk(node: cst.CSTNode, into: dict[cst.CSTNode, cst.CSTNode]) -> None:
        kids = children(node)
        for child in kids:
            walk(child, into)
        for child in kids:
            into[child] = node

    def inside(stmt: cst.CSTNode) -> dict[cst.CSTNode, object]:
        own: dict[cst.CSTNode, cst.CSTNode] = {}
        walk(stmt, own)
        return own  # type: ignore[return-value]

    kids = children(module)
    for child in kids:
        if child.__class__ in _LINES:
            walk(child, parents)
        else:
            parents.update(_per_statement("parents", child, inside))  # type: ignore[arg-type]
    for child in kids:
        parents[child] = module
    _keep_only("parents", module)
    return parents


_LINES = (cst.EmptyLine,)  # the module's header and footer lines (its other children are its statements)
# kind ("parents", "contexts") -> top-level statement id -> (the statement, its entries), for the
# statements of the text version of the file analysed last.
_STATEMENTS: dict[str, dict[int, tuple[cst.CSTNode, dict[cst.CSTNode, object]]]] = {}


def _per_statement(kind: str, stmt: cst.CSTNode,
                   build: Callable[[cst.CSTNode], dict[cst.CSTNode, object]]) -> dict[cst.CSTNode, object]:
    """``build(stmt)``, or what it gave for this very statement in a recent text version of the file."""
    kept = _STATEMENTS.setdefault(kind, {})
    found = kept.get(id(stmt))
    if found is not None and found[0] is stmt:
        return found[1]
    stats[f"{kind}_statements"] += 1
    entries = build(stmt)
    kept[id(stmt)] = (stmt, entries)
    return entries


def _keep_only(kind: str, module: cst.Module) -> None:
    """Forget the statements of ``kind`` that ``module`` (the version just analysed) no longer has."""
    kept = _STATEMENTS.get(kind, {})
    if len(kept) > len(module.body):
        _STATEMENTS[kind] = {id(stmt): kept[id(stmt)] for stmt in module.body if id(stmt) in kept}


def _contexts(module: cst.Module) -> Mapping[cst.CSTNode, object]:
    """``ExpressionContextProvider``'s map.  libcst's visitor starts each top-level statement in the LOAD
    context and sets values only from what is inside the statement (the module, its header and footer
    get none), so the map is the statements' own maps in order, each reused from a recent text
    version that had the same statement."""
    def inside(stmt: cst.CSTNode) -> dict[cst.CSTNode, object]:
        provider = ExpressionContextProvider()
        provider._computed = {}
        stmt.visit(ExpressionContextVisitor(provider, ExpressionContext.LOAD))
        return provider._computed  # type: ignore[return-value]

    contexts: dict[cst.CSTNode, object] = {}
    for stmt in module.body:
        contexts.update(_per_statement("contexts", stmt, inside))
    _keep_only("contexts", module)
    return contexts


def _provided(module: cst.Module, provider: type,
              given: Optional[dict[type, Mapping[cst.CSTNode, object]]] = None) -> Mapping[cst.CSTNode, object]:
    # A wrapper of its own over the same nodes (no copy) running libcst's provider; its dependencies
    # are taken from ``given`` (the file's own maps, ExpressionContextProvider for scopes) when there.
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    wrapper._metadata.update(given or {})
    return wrapper.resolve(provider)


class _QualifiedNames(Mapping):  # type: ignore[type-arg]
    """``QualifiedNameProvider``'s map, one node at a time: a node with a scope gets
    ``scope.get_qualified_names_for(node)`` (computed once), any other node of the tree an
    empty set, and a node outside the tree is missing (KeyError, or the default)."""

    __slots__ = ("_scopes", "_module", "_parents", "_cache")

    def __init__(self, module: cst.Module, scopes: _OnDemand, parents: _OnDemand) -> None:
        self._module = module
        self._scopes = scopes
        self._parents = parents
        self._cache: dict[cst.CSTNode, object] = {}

    def _lookup(self, node: cst.CSTNode, default: object) -> object:
        cached = self._cache.get(node, _MISSING)
        if cached is not _MISSING:
            return cached
        scope = self._scopes.get(node)
        if scope is not None:
            stats["qualified_name"] += 1
            value: object = scope.get_qualified_names_for(node)  # type: ignore[attr-defined]
        elif node is self._module or node in self._parents:
            value = set()
        else:
            return default
        self._cache[node] = value
        return value

    def __getitem__(self, node: cst.CSTNode) -> object:
        value = self._lookup(node, _MISSING)
        if value is _MISSING:
            raise KeyError(node)
        return value

    def get(self, node: cst.CSTNode, default: object = None) -> object:  # type: ignore[override]
        return self._lookup(node, default)

    def __contains__(self, node: object) -> bool:
        return self._lookup(node, _MISSING) is not _MISSING  # type: ignore[arg-type]

    def _nodes(self) -> list[cst.CSTNode]:
        return [self._module, *self._parents]

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self._nodes())

    def __len__(self) -> int:
        return len(self._nodes())


class _TokenSpan:
    """``record_syntactic_position`` of ``_IndexState`` as a plain context manager: the node's span
    in token indexes, hoisted from ``start_node``/``end_node`` as libcst does."""

    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(self, state: _IndexState, node: cst.CSTNode, start_node: Optional[cst.CSTNode],
                 end_node: Optional[cst.CSTNode]) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self) -> None:
        self.start = len(self.state.tokens)

    def __exit__(self, *exc: object) -> None:
        spans = self.state.spans
        start = spans[self.start_node][0] if self.start_node is not None else self.start
        end = spans[self.end_node][1] if self.end_node is not None else len(self.state.tokens)
        spans[self.node] = (start, end)


class _IndexState(CodegenState):
    """A plain codegen that records where each node's ``PositionProvider`` range starts and ends, as
    indexes into the token list (``spans``), the rules ``PositionProvidingCodegenState`` follows:
    a syntactic position recorded by the node wins over the span of its whole codegen.  Lines and
    columns are worked out only for the nodes a rule asks about (`_Positions`)."""

    def __init__(self, module: cst.Module, nested: bool = False, indents: Sequence[str] = ()) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.spans: dict[cst.CSTNode, tuple[int, int]] = {}
        self.stack: list[int] = []
        self.module = module
        # With ``nested``, each statement of an indented block is printed by a state of its own (`_Sub`,
        # reused from `_SUBS` when a recent text version printed the same statement at the same indent)
        # and stands here as three tokens: its code before, inside and after its own span.
        self.nested = nested
        self.indent_tokens = list(indents)
        self.subs: dict[int, tuple[int, _Sub]] = {}  # id(statement) -> (index of its first token, its `_Sub`)

    def statement(self, stmt: cst.CSTNode) -> None:
        """Print ``stmt`` (a statement of an indented block) as its own `_Sub`."""
        indents = tuple(self.indent_tokens)
        sub = _SUBS.get(id(stmt))
        if sub is None or sub.stmt is not stmt or sub.indents != indents:
            stats["position_statements"] += 1
            state = _IndexState(self.module, True, indents)
            stmt._codegen(state)
            sub = _Sub(stmt, indents, state)
        else:
            stats["position_statements_kept"] += 1
        start, end = sub.spans[stmt]
        a, b, code = sub.offsets[start], sub.offsets[end], sub.code
        index = len(self.tokens)
        self.tokens += (code[:a], code[a:b], code[b:])
        self.spans[stmt] = (index + 1, index + 2)
        self.subs[id(stmt)] = (index, sub)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self.stack.append(len(self.tokens))

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self.stack.pop()
        if node not in self.spans:
            self.spans[node] = (start, len(self.tokens))

    def record_syntactic_position(self, node: cst.CSTNode, *, start_node: Optional[cst.CSTNode] = None,
                                  end_node: Optional[cst.CSTNode] = None) -> Any:
        return _TokenSpan(self, node, start_node, end_node)

    def pop_trailing_newline(self) -> None:
        # libcst's position state drops the token but not the line it counted: the module's range
        # ends after that newline, so the token stays here.
        return None


class _Sub:
    """A statement of an indented block as printed at its indent: its code, its nodes' spans in its
    tokens (those of its own blocks' statements in their `_Sub`), the tokens' character offsets."""

    __slots__ = ("stmt", "indents", "code", "spans", "offsets", "subs")

    def __init__(self, stmt: cst.CSTNode, indents: tuple[str, ...], state: _IndexState) -> None:
        self.stmt, self.indents = stmt, indents
        self.code = "".join(state.tokens)
        self.spans, self.subs = state.spans, state.subs
        self.offsets = [0, *accumulate(map(len, state.tokens))]


# id(statement) -> its `_Sub`, for the statements of blocks printed for the text version whose positions
# were computed last (`_Chunked.build` keeps those its statements hold).
_SUBS: dict[int, _Sub] = {}
_LIBCST_BLOCK = cst.IndentedBlock._codegen_impl


def _block_codegen(self: cst.IndentedBlock, state: CodegenState) -> None:
    """libcst's ``IndentedBlock._codegen_impl``; a nested `_IndexState` prints each statement as its own
    `_Sub` (`_IndexState.statement`)."""
    if not getattr(state, "nested", False):
        return _LIBCST_BLOCK(self, state)
    self.header._codegen(state)
    indent = self.indent
    state.increase_indent(state.default_indent if indent is None else indent)
    if self.body:
        with state.record_syntactic_position(self, start_node=self.body[0], end_node=self.body[-1]):
            for stmt in self.body:
                state.statement(stmt)  # type: ignore[attr-defined]
    else:
        state.add_indent_tokens()
        with state.record_syntactic_position(self):
            state.add_token("pass")
        state.add_token(state.default_newline)
    for line in self.footer:
        line._codegen(state)
    state.decrease_indent()
    return None


def _nodes(spans: dict[cst.CSTNode, tuple[int, int]], subs: dict[int, tuple[int, _Sub]]) -> Iterator[cst.CSTNode]:
    """The nodes of a chunk or `_Sub` in libcst's order (a statement printed apart stands for its nodes)."""
    for node in spans:
        entry = subs.get(id(node))
        if entry is not None and entry[1].stmt is node:
            yield from _nodes(entry[1].spans, entry[1].subs)
        else:
            yield node


def _count(spans: dict[cst.CSTNode, tuple[int, int]], subs: dict[int, tuple[int, _Sub]]) -> int:
    return len(spans) + sum(_count(sub.spans, sub.subs) - 1 for _index, sub in subs.values())


def _keep_subs(subs: dict[int, tuple[int, _Sub]], into: dict[int, _Sub]) -> None:
    for _index, sub in subs.values():
        into[id(sub.stmt)] = sub
        _keep_subs(sub.subs, into)


class _Positions(Mapping):  # type: ignore[type-arg]
    """``PositionProvider``'s map over token spans; a node's ``CodeRange`` is computed when read
    (from the tokens' character offsets and the line starts, the values libcst's per-token line
    and column count gives)."""

    __slots__ = ("_spans", "_offsets", "_starts", "_cache")

    def __init__(self, spans: dict[cst.CSTNode, tuple[int, int]], tokens: list[str]) -> None:
        self._spans = spans
        self._cache: dict[cst.CSTNode, CodeRange] = {}
        self._offsets = [0, *accumulate(map(len, tokens))]
        text = "".join(tokens)
        if "\r" in text:
            # libcst counts newlines per token; a "\r" ending one token and a "\n" starting the next
            # are two lines there, one in the joined text.  Count them per token, as libcst does.
            self._starts = [0]
            offset = 0
            for token in tokens:
                for match in NEWLINE_RE.finditer(token):
                    self._starts.append(offset + match.end())
                offset += len(token)
        else:
            self._starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]

    def _position(self, index: int) -> CodePosition:
        offset = self._offsets[index]
        line = bisect_right(self._starts, offset)
        return CodePosition(line, offset - self._starts[line - 1])

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        found = self._cache.get(node)
        if found is None:
            start, end = self._spans[node]
            found = self._cache[node] = CodeRange(self._position(start), self._position(end))
        return found

    def get(self, node: cst.CSTNode, default: object = None) -> object:  # type: ignore[override]
        return self[node] if node in self._spans else default

    def __contains__(self, node: object) -> bool:
        return node in self._spans

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


def _positions(module: cst.Module, parents: Optional[Mapping[cst.CSTNode, object]] = None) -> Mapping[cst.CSTNode, object]:
    """``PositionProvider``'s map (a test compares them node by node).  With ``parents``, per top-level
    statement (`_Chunked`), reusing the spans of statements an earlier text version of the file had."""
    if parents is not None and module.body and module.has_trailing_newline:
        chunked = _Chunked.build(module, parents)
        if chunked is not None:
            return chunked
    state = _IndexState(module)
    module._codegen(state)
    return _Positions(state.spans, state.tokens)


# Top-level statement -> (the statement, its code, each node's span as token indexes, the tokens'
# character offsets from its start), for the statements of the text version whose positions were
# computed last: the next version keeps most of them (`triton_migrate.analysis.reparse` splices only
# what a rule replaced).
_Chunk = tuple[cst.CSTNode, str, dict[cst.CSTNode, tuple[int, int]], list[int], dict[int, tuple[int, _Sub]]]
_CHUNKS: dict[int, _Chunk] = {}


def forget_chunks() -> None:
    """Drop the statement spans, parents and contexts kept for the next text version (the carrier calls
    it per file)."""
    _CHUNKS.clear()
    _SUBS.clear()
    _STATEMENTS.clear()
    _scopes.forget()
    remember_printed(None)


def code_of(module: cst.Module) -> str:
    """``module.code``: libcst's codegen prints the header lines, each top-level statement and the footer
    lines one after the other (the trailing newline kept), so the code of a statement whose positions
    were computed for a recent text version (`_CHUNKS`, same indent and newline) is taken from there and
    only the other statements are printed (and of those, only the statements of their blocks that no
    recent version printed at the same indent, `_Sub`)."""
    if not module.has_trailing_newline or not module.body \
            or _CHUNKS.get(0) != (module.default_indent, module.default_newline):
        return module.code
    parts = [module.code_for_node(line) for line in module.header]
    for stmt in module.body:
        found = _CHUNKS.get(id(stmt))
        if found is not None and found[0] is stmt:
            parts.append(found[1])
        else:
            stats["code_statements"] += 1
            parts.append("".join(_printed(module, stmt).tokens))  # its unchanged block statements kept
    start = len(module.header)
    remember_printed(module, list(zip(module.body, parts[start:start + len(module.body)])))  # for reparse
    parts.extend(module.code_for_node(line) for line in module.footer)
    return "".join(parts)


def _chunk(module: cst.Module, stmt: cst.CSTNode) -> _Chunk:
    if _CHUNKS.get(0) != (module.default_indent, module.default_newline):  # statements print by these
        _CHUNKS.clear()
        _SUBS.clear()
        _CHUNKS[0] = (module.default_indent, module.default_newline)  # type: ignore[assignment]
    found = _CHUNKS.get(id(stmt))
    if found is not None and found[0] is stmt:
        return found
    stats["position_chunks"] += 1
    # spans stay token indexes; a node's characters are worked out when it is read (`_Chunked._span`)
    chunk = _Sub(stmt, (), _printed(module, stmt))
    return stmt, chunk.code, chunk.spans, chunk.offsets, chunk.subs


def _printed(module: cst.Module, stmt: cst.CSTNode) -> _IndexState:
    """``stmt`` (a top-level statement of ``module``) printed with its spans, the statements of its blocks
    that a recent text version printed at the same indent taken from there (`_Sub`)."""
    state = _IndexState(module, nested=True)
    cst.IndentedBlock._codegen_impl = _block_codegen  # type: ignore[method-assign]
    try:
        stmt._codegen(state)
    finally:
        cst.IndentedBlock._codegen_impl = _LIBCST_BLOCK  # type: ignore[method-assign]
    return state


class _Chunked(Mapping):  # type: ignore[type-arg]
    """``PositionProvider``'s map kept per top-level statement: a node's statement is found through
    its parents, its span is the statement's span (characters) plus the statement's offset.  Same
    values and order as `_Positions`; text with ``\\r`` is not handled here (libcst counts its lines
    per token)."""

    __slots__ = ("_head", "_foot", "_chunks", "_base", "_parents", "_module", "_starts", "_cache", "_size")

    @classmethod
    def build(cls, module: cst.Module, parents: Mapping[cst.CSTNode, object]) -> Optional[_Chunked]:
        self = cls()
        self._module, self._parents = module, parents
        self._cache: dict[cst.CSTNode, CodeRange] = {}
        head, self._head = _lines(module, module.header, 0)
        chunks = [_chunk(module, stmt) for stmt in module.body]
        offset = len(head)
        self._base: dict[int, int] = {}
        parts = [head]
        for stmt, code, *_spans in chunks:
            self._base[id(stmt)] = offset
            offset += len(code)
            parts.append(code)
        foot, self._foot = _lines(module, module.footer, offset)
        parts.append(foot)
        text = "".join(parts)
        if "\r" in text:
            return None
        self._size = len(text)
        self._chunks = {id(stmt): (stmt, spans, offsets, subs) for stmt, _code, spans, offsets, subs in chunks}
        style = _CHUNKS.get(0)
        _CHUNKS.clear()
        _CHUNKS[0] = style  # type: ignore[assignment]
        _CHUNKS.update((id(chunk[0]), chunk) for chunk in chunks)
        _SUBS.clear()
        for chunk in chunks:
            _keep_subs(chunk[4], _SUBS)
        self._starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
        return self

    def _span(self, node: cst.CSTNode) -> Optional[tuple[int, int]]:
        if node is self._module:
            return 0, self._size
        top: Any = node
        above: list[cst.CSTNode] = []  # the nodes between ``node`` and its top-level statement
        while True:
            parent = self._parents.get(top)
            if parent is None:
                return None
            if parent is self._module:
                break
            if top is not node:
                above.append(top)
            top = parent
        chunk = self._chunks.get(id(top))
        if chunk is None or chunk[0] is not top:
            return self._head.get(node) or self._foot.get(node)
        base, spans, offsets, subs = self._base[id(top)], chunk[1], chunk[2], chunk[3]
        for outer in reversed(above):  # into the statements printed apart that hold ``node``
            entry = subs.get(id(outer))
            if entry is not None and entry[1].stmt is outer:
                base += offsets[entry[0]]
                sub = entry[1]
                spans, offsets, subs = sub.spans, sub.offsets, sub.subs
        span = spans.get(node)  # token indexes in the statement's code
        if span is None:
            return None
        return base + offsets[span[0]], base + offsets[span[1]]

    def _position(self, offset: int) -> CodePosition:
        line = bisect_right(self._starts, offset)
        return CodePosition(line, offset - self._starts[line - 1])

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        found = self._cache.get(node)
        if found is None:
            span = self._span(node)
            if span is None:
                raise KeyError(node)
            found = self._cache[node] = CodeRange(self._position(span[0]), self._position(span[1]))
        return found

    def get(self, node: cst.CSTNode, default: object = None) -> object:  # type: ignore[override]
        return self[node] if self._span(node) is not None else default

    def __contains__(self, node: object) -> bool:
        return self._span(node) is not None  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[cst.CSTNode]:
        # libcst's order: the header's nodes, each statement's, the footer's, the module
        yield from self._head
        for stmt in self._module.body:
            chunk = self._chunks[id(stmt)]
            yield from _nodes(chunk[1], chunk[3])
        yield from self._foot
        yield self._module

    def __len__(self) -> int:
        return len(self._head) + len(self._foot) + 1 + sum(_count(chunk[1], chunk[3]) for chunk in self._chunks.values())


def _lines(module: cst.Module, lines: Sequence[cst.CSTNode], base: int) -> tuple[str, dict[cst.CSTNode, tuple[int, int]]]:
    """The code of header or footer ``lines`` and their nodes' spans in characters from ``base``."""
    state = _IndexState(module)
    for line in lines:
        line._codegen(state)
    offsets = [0, *accumulate(map(len, state.tokens))]
    return "".join(state.tokens), {node: (base + offsets[a], base + offsets[b]) for node, (a, b) in state.spans.items()}


def wrap(module: cst.Module) -> MetadataWrapper:
    """A wrapper over ``module`` (a fresh parse: no node appears twice) whose position, parent,
    expression-context, scope and qualified-name metadata are computed on first read."""
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    stats["wrapper"] += 1
    parents = _OnDemand("parents", lambda: _parents(module))
    # Expression contexts: computed once per text, for the scope analysis that needs them; without
    # this entry every visit of a rule that declares scopes would compute them again (libcst
    # resolves a provider's dependencies for each visitor), though no rule reads them.
    contexts = _OnDemand("expression_contexts", lambda: _contexts(module))
    # libcst's scope analysis, with costs it pays for nothing taken out, per top-level statement where it
    # can be (`triton_migrate.analysis.scopes`)
    text = known_text(module)
    scopes = _OnDemand("scopes", lambda: _scopes.scopes_of(module, contexts, text))
    metadata = wrapper._metadata  # libcst treats a provider present here as resolved
    metadata[ExpressionContextProvider] = contexts
    metadata[PositionProvider] = _OnDemand("positions", lambda: _positions(module, parents))
    metadata[ParentNodeProvider] = parents
    metadata[ScopeProvider] = scopes
    metadata[QualifiedNameProvider] = _QualifiedNames(module, scopes, parents)
    return wrapper


def wrap_transformed(module: cst.Module) -> MetadataWrapper:
    """`wrap` of a tree a rule's transform made (not a parse): its code is printed once, from the statement
    chunks kept for the tree it came from (`code_of`), and made its known text (`known_code`), so the
    scope analysis and ``module.code`` do not print the whole tree again."""
    known_code(module, code_of(module))
    return wrap(module)
