"""One V2 client per server: contexts of the same url and protocol share it.

## What it does
V1 code often builds a health, a status, a model-control, a shared-memory and
an infer context for one server, one after the other in the same function.
The client rules turn each into its own `InferenceServerClient`; this rule
then binds the later ones to the first, as a person migrating by hand would:

    health_ctx = protocol.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)
    infer_ctx = health_ctx

It merges only what it can prove the same, in one block of one scope:

* every context of the group was converted in this run (a context that stays
  V1 for the same url keeps every client of that url apart);
* the constructors are identical: the same module (a name) and the same url
  (a literal, a name or an attribute of a name), the same `verbose=` and other
  arguments (contexts with different `verbose` stay apart: merging would print
  what one of them did not);
* neither the module name nor the url is assigned in between, declared
  `global`/`nonlocal`, or (for an attribute) assigned as an attribute anywhere;
* each context name is assigned once, and used only to call a method of the
  client (`ctx.infer(...)`): handed to other code, it stays its own client;
* a `close()` of any of them comes after every other use of all of them, and
  not in a loop (a closed client cannot serve the next request); gRPC streams
  (`start_stream`) keep their own client, since a client holds one stream.

## Why
A V2 `InferenceServerClient` serves every endpoint (health, metadata, model
control, shared memory, inference); one connection pool per server is what
V2 code does. Calling `close()` twice on one client is harmless.

## Example
```python
# before
health_ctx = ServerHealthContext(FLAGS.url, protocol, FLAGS.verbose)
infer_ctx = InferContext(FLAGS.url, protocol, "simple", -1, FLAGS.verbose)
# after
health_ctx = protocol.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)
infer_ctx = health_ctx
```
"""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Iterator, Optional, Union

import libcst as cst
from libcst.metadata import PositionProvider

from triton_migrate.analysis import astcache
from triton_migrate.data.v1_client_api import CONTEXTS
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Contexts of one url and protocol in one scope share one V2 InferenceServerClient",
    carriers=("python",),
    fix="safe",
    # The engine's byte search sees the V1 file (its context constructors), this rule the code the
    # client rules made of it (its clients).
    needles=(*(name.encode() for name in CONTEXTS), b"InferenceServerClient"),
    order=60,
    doc=__doc__ or "",
)

Scope = Union[ast.Module, ast.FunctionDef, ast.AsyncFunctionDef]
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_STREAMS = frozenset({"start_stream", "stop_stream", "async_stream_infer"})


def _scopes(tree: ast.Module) -> Iterator[Scope]:
    yield tree
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def _own(scope: ast.AST) -> Iterator[ast.AST]:
    """Nodes of a scope, not of the functions, lambdas and classes nested in it."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, _NESTED):
            stack.extend(ast.iter_child_nodes(node))


def _blocks(scope: ast.AST) -> Iterator[list[ast.stmt]]:
    """Every statement list of a scope (its body, and those of its if/for/try/with ...)."""
    yield scope.body  # type: ignore[attr-defined]
    for node in _own(scope):
        if isinstance(node, _NESTED):
            continue
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                yield block


def _client(stmt: ast.stmt) -> Optional[tuple[str, ast.Call]]:
    """``name = module.InferenceServerClient(...)``: (name, the call)."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) \
            and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Attribute) \
            and stmt.value.func.attr == "InferenceServerClient" and isinstance(stmt.value.func.value, ast.Name):
        return stmt.targets[0].id, stmt.value
    return None


def _url(call: ast.Call) -> Optional[ast.expr]:
    if call.args:
        return call.args[0]
    return next((k.value for k in call.keywords if k.arg == "url"), None)


def _root(node: ast.expr) -> Optional[str]:
    """The name an url expression depends on ('' for a literal), None when it is not simple."""
    if isinstance(node, ast.Constant):
        return ""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


class _File:
    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.parent: dict[ast.AST, ast.AST] = {}
        self.declared: set[str] = set()  # global / nonlocal names anywhere
        self.attribute_stores: set[str] = set()
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parent[child] = node
            if isinstance(node, (ast.Global, ast.Nonlocal)):
                self.declared.update(node.names)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, (ast.Store, ast.Del)):
                self.attribute_stores.add(ast.dump(node, annotate_fields=False, include_attributes=False)
                                          .replace("Store()", "Load()").replace("Del()", "Load()"))

    def stores(self, scope: Scope, name: str) -> list[int]:
        lines = [n.lineno for n in _own(scope)
                 if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, (ast.Store, ast.Del))]
        lines += [n.lineno for n in _own(scope) if isinstance(n, (ast.Import, ast.ImportFrom))
                  and any((a.asname or a.name.split(".")[0]) == name for a in n.names)]
        lines += [n.lineno for n in _own(scope) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                  ast.ClassDef)) and n.name == name]
        if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = scope.args
            if name in {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs,
                                        *([args.vararg] if args.vararg else []), *([args.kwarg] if args.kwarg else [])]}:
                lines.append(scope.lineno)
        return lines

    def loops_between(self, node: ast.AST, scope: Scope) -> bool:
        up = self.parent.get(node)
        while up is not None and up is not scope:
            if isinstance(up, (ast.For, ast.AsyncFor, ast.While)) or isinstance(up, _NESTED):
                return True
            up = self.parent.get(up)
        return False

    def uses(self, scope: Scope, name: str) -> Optional[tuple[list[tuple[int, bool]], list[ast.AST]]]:
        """Each load of ``name`` in the scope (nested ones too) as (line, deferred), and its close() calls;
        None when one is not a method call on the client, or uses a stream."""
        found: list[tuple[int, bool]] = []
        closes: list[ast.AST] = []
        for node in ast.walk(scope):
            if not (isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)):
                continue
            attribute = self.parent.get(node)
            call = self.parent.get(attribute)
            if not (isinstance(attribute, ast.Attribute) and isinstance(call, ast.Call) and call.func is attribute):
                return None
            if attribute.attr in _STREAMS:
                return None
            deferred = self._nested(node, scope)
            if attribute.attr == "close":
                if deferred:
                    return None
                closes.append(call)
            else:
                found.append((node.lineno, deferred))
        return found, closes

    def _nested(self, node: ast.AST, scope: Scope) -> bool:
        up = self.parent.get(node)
        while up is not None and up is not scope:
            if isinstance(up, _NESTED):
                return True
            up = self.parent.get(up)
        return False


def _v1_contexts_left(tree: ast.Module, scope: Scope, url: ast.expr) -> bool:
    want = ast.dump(url)
    for node in _own(scope):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in CONTEXTS:
                first = _url(node)
                if first is None or ast.dump(first) == want:
                    return True
    return False


def _plan(file: _File, scope: Scope, members: list[tuple[str, ast.Assign, ast.Call]]) -> bool:
    """Whether the group (first constructor first) may share the first one's client."""
    first_line, last_line = members[0][1].lineno, members[-1][1].lineno
    call = members[0][2]
    module = call.func.value.id  # type: ignore[attr-defined]
    url = _url(call)
    root = _root(url) if url is not None else None
    if url is None or root is None:
        return False
    if isinstance(url, ast.Attribute) and ast.dump(url, annotate_fields=False) in file.attribute_stores:
        return False
    for name in filter(None, (module, root)):
        if name in file.declared or any(first_line < line <= last_line for line in file.stores(scope, name)):
            return False
    if _v1_contexts_left(file.tree, scope, url):
        return False
    uses: list[tuple[int, bool]] = []
    closes: list[ast.AST] = []
    for name, _stmt, _call in members:
        if name in file.declared or len(file.stores(scope, name)) != 1:
            return False
        seen = file.uses(scope, name)
        if seen is None:
            return False
        uses += seen[0]
        closes += seen[1]
    if closes:
        if any(deferred for _line, deferred in uses):
            return False  # a callback may run after a close()
        first_close = min(c.lineno for c in closes)  # type: ignore[attr-defined]
        if any(line >= first_close for line, _ in uses) or any(file.loops_between(c, scope) for c in closes):
            return False
        if any(stmt.lineno >= first_close for _name, stmt, _call in members):
            return False
    return True


def _key(call: ast.Call) -> str:
    return ast.dump(ast.Call(func=call.func, args=call.args, keywords=call.keywords), annotate_fields=False)


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    # The constructors the client rules converted in this run (original lines): only those merge.
    converted = {f.line: f.v1 for f in ctx.findings
                 if f.applied and f.v1 in CONTEXTS and ".InferenceServerClient(" in (f.replacement or "")}
    if len(converted) < 2:
        return wrapper.module
    code = wrapper.module.code
    try:
        tree = astcache.parse(code)
    except SyntaxError:
        return wrapper.module
    file = _File(tree)
    lines = code.splitlines(keepends=True)
    edits: list[tuple[int, int, int, int, str]] = []
    for scope in _scopes(tree):
        for block in _blocks(scope):
            groups: dict[str, list[tuple[str, ast.Assign, ast.Call]]] = {}
            for stmt in block:
                found = _client(stmt)
                if found is not None and ctx.original_line(found[1].lineno) in converted:
                    groups.setdefault(_key(found[1]), []).append((found[0], stmt, found[1]))  # type: ignore[arg-type]
            for members in groups.values():
                if len(members) < 2 or not _plan(file, scope, members):
                    continue
                first = members[0][0]
                for name, stmt, call in members[1:]:
                    cls = converted[ctx.original_line(call.lineno)]
                    if not ctx.report(line=call.lineno, column=call.col_offset, end_line=call.end_lineno,
                                      end_column=call.end_col_offset, severity="info", applied=True, v1=cls,
                                      replacement=f"{name} = {first}",
                                      message=f"`{name}` talks to the same server as `{first}` (same url, protocol "
                                              f"and options): one V2 `InferenceServerClient` serves both "
                                              f"(`{cls}` was a client of its own in V1)."):
                        continue
                    edits.append((call.lineno, call.col_offset, call.end_lineno or call.lineno,
                                  call.end_col_offset or 0, first))
    if not edits:
        return wrapper.module
    # ast columns are UTF-8 byte offsets; libcst's are characters
    spans = {(line, len(lines[line - 1].encode()[:column].decode()),
              end_line, len(lines[end_line - 1].encode()[:end_column].decode())): text
             for line, column, end_line, end_column, text in edits}
    replacer = _Shared(spans)
    module = wrapper.visit(replacer)
    if replacer.done == len(spans):
        return module
    # a call libcst places otherwise than ast (none known): the edits made in the text
    for line, column, end_line, end_column, text in sorted(edits, reverse=True):
        start = lines[line - 1].encode()[:column].decode()
        end = lines[end_line - 1].encode()[end_column:].decode()
        lines[line - 1:end_line] = [start + text + end]
    return cst.parse_module("".join(lines))


class _Shared(cst.CSTTransformer):
    """Each constructor call at a span of ``spans`` (line, column, end line, end column) -> the name of the
    client it shares.  Only those calls change; the statements around them stay the nodes they were."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, spans: dict[tuple[int, int, int, int], str]) -> None:
        super().__init__()
        self.spans, self.done = spans, 0

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        where = self.get_metadata(PositionProvider, original)
        name = self.spans.get((where.start.line, where.start.column, where.end.line, where.end.column))
        if name is None:
            return updated
        self.done += 1
        return cst.Name(name)
