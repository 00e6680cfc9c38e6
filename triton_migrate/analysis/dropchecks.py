"""``--drop-v1-only-checks``: test checks whose only V1 content is a value V2 does not have.

A V1 test asserts on values V2 has no counterpart for at all (the spec: "`ServerReadyState`,
`uptime_ns`, `ServerStatus.id` -> none"; `InferenceServerException.server_id()` /
`request_id()` -> no equivalent):

- ``S.uptime_ns`` and ``S.id`` of a server status ``S = ctx.get_server_status()``;
- ``S.ready_state`` compared with a ``SERVER_*`` state other than ``SERVER_READY``
  (``SERVER_FAILED_TO_INITIALIZE``, ``SERVER_INITIALIZING``, ...): V2 only tells ready from
  not ready (``is_server_ready()``), so such a check cannot be rewritten, only dropped;
- ``E.server_id()`` and ``E.request_id()`` of an exception caught as the V1
  ``InferenceServerException`` (``except ... as E``, the check inside that handler);
- V1's statistics per request batch size, ``infer_stats`` of a version status
  (``analysis/batchchecks.py``: read on ``S`` or through a name holding a path into it);
- a version's counters (``model_execution_count``, ...) of a status fetched after the code
  unloaded a model (``analysis/unloadchecks.py``): V2 keeps no statistics of an unloaded model.

One such read keeps the status context (or the handler) V1, and with it, often, the whole
file. This module finds, with the stdlib ``ast`` alone, the **check statements** that read
nothing V1 but those values: ``assert ...`` and ``self.assert*(...)`` / ``self.fail*(...)``
expression statements (also on a test case a helper receives, ``tester.assertEqual(...)``), each alone on its lines, plus an assignment ``u = S.uptime_ns`` whose
name only such checks read (dropped with them). It never guesses a value: a check is kept or
dropped whole. Which of them are really dropped (only where that lets the V1 object convert)
is the rule's decision (``codemods/v1_only_checks.py``); this module also writes the marker
comment that takes each dropped statement's place and reads it back on a later run.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional

from triton_migrate.analysis import astcache
from triton_migrate.analysis.imports import of_tree
from triton_migrate.analysis import batchchecks
from triton_migrate.analysis import unloadchecks
from triton_migrate.analysis import statushelpers

#: The marker left in place of a dropped statement: one line, the statement's code after it.
MARKER = "# TODO(triton-migrate): dropped V1-only check"
MARKER_LINE = re.compile(r"^(?P<indent>[ \t]*)# TODO\(triton-migrate\): dropped V1-only check "
                         r"\(V2 has no (?P<why>[^)]*)\): (?P<code>.*?)[ \t\r]*$", re.M)

UPTIME = "uptime"
SERVER_ID = "server id"
SERVER_STATE = "server ready state other than ready / not ready"
EXC_SERVER_ID = "exception server id"
EXC_REQUEST_ID = "exception request id"
REQUEST_ID = "server-generated request id"
_EXCEPTION_CALLS = {"server_id": EXC_SERVER_ID, "request_id": EXC_REQUEST_ID}
_STATUS_FIELDS = {"uptime_ns": UPTIME, "id": SERVER_ID}

#: What a finding without the flag adds to a use such a check reads.
FLAG_HINT = (" With `--drop-v1-only-checks` the tool drops a test check that only reads this value "
             "(leaving a marker comment to review) when that lets the V1 object convert.")


@dataclass(frozen=True)
class Drop:
    """One statement that may be dropped: its lines (1-based, inclusive), what V2 lacks, and
    the V1 objects it belongs to (``("status", line of S = ...get_server_status())`` or
    ``("except", line of the handler)``): it is dropped only when all of them convert."""

    start: int
    end: int
    column: int
    indent: str
    code: str
    why: tuple[str, ...]
    groups: frozenset[tuple[str, int]]
    block: int  # id of the statement list holding it (a block emptied of all statements gets `pass`)
    block_size: int

    @property
    def marker(self) -> str:
        return f"{MARKER} (V2 has no {', '.join(self.why)}): {self.code}"


def message(why: str, code: str) -> str:
    """The manual finding of a dropped check, the same on the run that drops it and on every later run."""
    return (f"V1-only test check dropped by --drop-v1-only-checks (V2 has no {why}): `{code}`. "
            "Review what the test should check on V2 instead, then delete the marker comment.")


def markers(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(line, column, why, code) of each marker comment in ``text``."""
    for match in MARKER_LINE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        yield line, len(match.group("indent")), match.group("why"), match.group("code")


@dataclass
class _Scope:
    statements: list[ast.stmt] = field(default_factory=list)
    fetches: dict[str, list[int]] = field(default_factory=dict)  # status name -> lines of S = ...get_server_status()
    v1_objects: set[str] = field(default_factory=set)  # names assigned a V1 construction here
    request_ids: dict[str, list[int]] = field(default_factory=dict)  # R of S, R = status helper (analysis/statushelpers)
    infer_contexts: dict[str, list[int]] = field(default_factory=dict)  # ctx -> lines of ctx = InferContext(...)
    loads: dict[str, list[ast.Name]] = field(default_factory=dict)
    stores: dict[str, int] = field(default_factory=dict)


def _v1_aliases(tree: ast.Module, package: str = "tensorrtserver") -> tuple[set[str], bool]:
    names: set[str] = set()
    star = False
    for b in of_tree(tree):  # (a relative ``from .tensorrtserver import x`` counts too)
        if b.module.split(".")[0] != package:
            continue
        if b.star:
            star = True
        else:
            names.add(b.local)
    return names, star


def _root(node: ast.AST) -> Optional[str]:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


# unittest's checks, on ``self`` or on a test case passed to a helper (``tester.assertEqual``)
_CHECK_METHOD = re.compile(r"^(assert[A-Z_]\w*|fail(If\w*|Unless\w*)?)$")


def _is_check(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Assert):
        return True
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func
        return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and _CHECK_METHOD.match(func.attr) is not None)
    return False


def _scopes(tree: ast.Module) -> Iterator[tuple[ast.AST, list[ast.AST]]]:
    """Each function (and the module) with the nodes of its own body (not of nested functions)."""
    owners: list[ast.AST] = [tree] + [n for n in astcache.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for owner in owners:
        nodes: list[ast.AST] = []
        todo = list(ast.iter_child_nodes(owner))
        while todo:
            node = todo.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                if isinstance(node, ast.ClassDef):
                    todo.extend(n for n in node.body if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
                continue
            nodes.append(node)
            todo.extend(ast.iter_child_nodes(node))
        yield owner, nodes


def candidates(text: str, keep: Optional[Callable[[int, int], bool]] = None) -> list[Drop]:
    """The statements of ``text`` that only check values V2 does not have (nothing dropped yet).
    ``keep(first line, last line)``: a statement that must stay (``# triton-migrate: ignore``); an
    assignment read by a check that stays stays too."""
    if "tensorrtserver" not in text and "tritonclient" not in text:
        return []
    try:
        tree = astcache.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    aliases, star = _v1_aliases(tree)
    # A handler the tool already moved to V2's class (a run over migrated code) still calls
    # server_id() / request_id(), which V2's class does not have: the same checks, the same finding.
    v2_aliases, v2_star = _v1_aliases(tree, "tritonclient")
    if not aliases and not star and not v2_aliases and not v2_star:
        return []
    lines = text.splitlines()

    def v1(node: ast.AST) -> bool:
        root = _root(node)
        return root in aliases or (star and isinstance(node, ast.Name) and node.id in _STAR_NAMES)

    def v1_exception(node: Optional[ast.AST]) -> bool:
        if isinstance(node, ast.Tuple):
            return any(v1_exception(e) for e in node.elts)
        if not (isinstance(node, (ast.Name, ast.Attribute))
                and (node.id if isinstance(node, ast.Name) else node.attr) == "InferenceServerException"):
            return False
        root = _root(node)
        return v1(node) or root in v2_aliases or (v2_star and isinstance(node, ast.Name))

    def alone(stmt: ast.stmt) -> bool:
        """Alone on its lines: nothing before it on its first line, only a comment after it on its last
        (and not to be kept)."""
        if keep is not None and keep(stmt.lineno, stmt.end_lineno or stmt.lineno):
            return False
        first, last = lines[stmt.lineno - 1], lines[(stmt.end_lineno or stmt.lineno) - 1]
        if first[:stmt.col_offset].strip():
            return False
        rest = last.encode("utf-8")[stmt.end_col_offset or 0:].decode("utf-8", "replace").strip()
        return not rest or rest.startswith("#")

    parent_list: dict[int, tuple[int, int]] = {}
    for node in astcache.walk(tree):
        for name in ("body", "orelse", "finalbody"):
            body = getattr(node, name, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                for stmt in body:
                    parent_list[id(stmt)] = (id(body), len(body))
    handlers: dict[int, ast.ExceptHandler] = {}  # id of a node -> V1 handler whose body holds it
    for node in astcache.walk(tree):
        if isinstance(node, ast.ExceptHandler) and node.name and v1_exception(node.type):
            for stmt in node.body:
                for inner in ast.walk(stmt):
                    handlers.setdefault(id(inner), node)

    helpers = statushelpers.of_tree(tree)
    drops: list[Drop] = []
    every_scope = list(_scopes(tree))
    loaded = [{n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
              for _owner, nodes in every_scope]
    for at, (_owner, nodes) in enumerate(every_scope):
        # names read in the other scopes of the file: a collection of request ids read there stays
        outside = frozenset().union(*(names for i, names in enumerate(loaded) if i != at))
        scope = _Scope()
        for node in nodes:
            if isinstance(node, ast.Name):
                if isinstance(node.ctx, ast.Load):
                    scope.loads.setdefault(node.id, []).append(node)
                else:
                    scope.stores[node.id] = scope.stores.get(node.id, 0) + 1
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                value = node.value
                if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) \
                        and value.func.attr == "get_server_status" and not value.args and not value.keywords:
                    scope.fetches.setdefault(node.targets[0].id, []).append(node.lineno)
                elif isinstance(value, ast.Call) and v1(value.func):
                    scope.v1_objects.add(node.targets[0].id)
                if isinstance(value, ast.Call) and _infer_context(value.func, aliases, star):
                    scope.infer_contexts.setdefault(node.targets[0].id, []).append(node.lineno)
            if isinstance(node, ast.Assign) and helpers:
                through = statushelpers.assigned(node, helpers)  # S = helper(...) / S, R = helper(...)
                if through is not None:
                    scope.fetches.setdefault(through[0], []).append(node.lineno)
                    if through[1]:
                        scope.request_ids.setdefault(through[1], []).append(node.lineno)
            if isinstance(node, ast.stmt):
                scope.statements.append(node)
        drops.extend(_scope_drops(scope, lines, v1, handlers, alone, parent_list, text, outside))
    drops.sort(key=lambda d: d.start)
    # A handler whose exception's server_id()/request_id() is also read outside the dropped checks
    # keeps its V1 use whatever is dropped: its checks stay.
    kept_handlers = set()
    for node in astcache.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _EXCEPTION_CALLS \
                and isinstance(node.func.value, ast.Name) and id(node) in handlers:
            handler = handlers[id(node)]
            if node.func.value.id == handler.name and not any(d.start <= node.lineno <= d.end for d in drops):
                kept_handlers.add(("except", handler.lineno))
    return [d for d in drops if not d.groups & kept_handlers]


_STAR_NAMES = {"InferenceServerException", "ServerStatusContext", "server_status_pb2"}


def _infer_context(func: ast.AST, aliases: set[str], star: bool) -> bool:
    """``func`` names V1's ``InferContext`` (imported by name or star, or through a module alias)."""
    if isinstance(func, ast.Name):
        return func.id == "InferContext" and (star or func.id in aliases)
    return isinstance(func, ast.Attribute) and func.attr == "InferContext" and _root(func) in aliases


def _collected(stmt: ast.stmt, names: dict[str, tuple[tuple[str, ...], frozenset]]) -> Optional[str]:
    """``S.add(R)`` / ``S.append(R)`` alone, ``R`` a name holding only a value V2 lacks (a server request
    id): the name ``S``, else None."""
    if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
        return None
    call = stmt.value
    if not (isinstance(call.func, ast.Attribute) and call.func.attr in ("add", "append")
            and isinstance(call.func.value, ast.Name) and len(call.args) == 1 and not call.keywords
            and isinstance(call.args[0], ast.Name) and call.args[0].id in names
            and REQUEST_ID in names[call.args[0].id][0]):
        return None
    return call.func.value.id


def _scope_drops(scope: _Scope, lines: list[str], v1: Callable[[ast.AST], bool],
                 handlers: dict[int, ast.ExceptHandler], alone: Callable[[ast.stmt], bool],
                 parent_list: dict[int, tuple[int, int]], text: str,
                 outside_loads: frozenset[str] = frozenset()) -> list[Drop]:
    def fetch_of(name: str, line: int) -> Optional[int]:
        before = [n for n in scope.fetches.get(name, ()) if n < line]
        return max(before) if before else None  # (the scope's nodes are not in source order)

    counters = unloadchecks.Counters(text, scope.statements, fetch_of)  # counters read after an unload

    derived = batchchecks.derived_names(scope.statements, set(scope.fetches), scope.stores)

    def reads(node: ast.AST, at: int, names: dict[str, tuple[tuple[str, ...], frozenset]]):  # type: ignore[no-untyped-def]
        """(why, groups) of an expression that reads only values V2 lacks (and V2-neutral code),
        or None when it reads another V1 value (or nothing V2 lacks)."""
        why: list[str] = []
        groups: set[tuple[str, int]] = set()
        parents: dict[int, ast.AST] = {}
        for parent in ast.walk(node):
            for child in ast.iter_child_nodes(parent):
                parents[id(child)] = parent
        constants = [n for n in ast.walk(node) if isinstance(n, (ast.Attribute, ast.Name)) and v1(n)
                     and (n.attr if isinstance(n, ast.Attribute) else n.id).startswith("SERVER_")
                     and not isinstance(parents.get(id(n)), ast.Attribute)]
        other_states = bool(constants) and all(
            (c.attr if isinstance(c, ast.Attribute) else c.id) != "SERVER_READY" for c in constants)
        state_read = any(isinstance(n, ast.Attribute) and n.attr == "ready_state" and isinstance(n.value, ast.Name)
                         and n.value.id in scope.fetches for n in ast.walk(node))
        used = {id(c) for c in constants} if other_states and state_read else set()
        for sub in ast.walk(node):
            if not isinstance(sub, ast.Name) or not isinstance(sub.ctx, ast.Load):
                continue
            parent = parents.get(id(sub))
            if sub.id in names:
                w, g = names[sub.id]
                why.extend(w)
                groups |= g
                continue
            batch = batchchecks.status_read(sub, parents, set(scope.fetches), derived)
            if batch == batchchecks.KEEP:
                return None
            if isinstance(batch, tuple):  # V1's statistics per request batch size (or the whole status printed)
                fetch = fetch_of(batch[1], at)
                if fetch is None:
                    return None
                why.extend(batch[:1] if batch[0] else ())
                groups.add(("status", fetch))
                continue
            if sub.id in scope.request_ids and sub.id not in scope.fetches:  # S, R = status helper: R
                before = [n for n in scope.request_ids[sub.id] if n < at]
                if not before or scope.stores.get(sub.id) != len(scope.request_ids[sub.id]):
                    return None
                why.append(REQUEST_ID)
                groups.add(("status", max(before)))
                continue
            if sub.id in scope.infer_contexts and isinstance(parent, ast.Attribute) and parent.value is sub \
                    and parent.attr == "get_last_request_id":
                call = parents.get(id(parent))
                made = [n for n in scope.infer_contexts[sub.id] if n < at]
                if not (isinstance(call, ast.Call) and call.func is parent and not call.args and not call.keywords
                        and made and scope.stores.get(sub.id) == len(scope.infer_contexts[sub.id])):
                    return None
                why.append(REQUEST_ID)  # V1 ids were generated by the server; V2 echoes the client's
                groups.add(("infer", max(made)))
                continue
            if sub.id in scope.fetches:
                fetch = fetch_of(sub.id, at)
                if fetch is None or not (isinstance(parent, ast.Attribute) and parent.value is sub):
                    return None
                if parent.attr in _STATUS_FIELDS:
                    why.append(_STATUS_FIELDS[parent.attr])
                elif parent.attr == "model_status" and counters.direct_read(sub, parents, at) == fetch:
                    why.append(unloadchecks.WHY)
                elif parent.attr == "ready_state" and used:
                    why.append(SERVER_STATE)
                else:
                    return None
                groups.add(("status", fetch))
                continue
            if counters.holds_version(sub.id):
                fetch = counters.alias_read(sub, parent, at)
                if fetch is None:
                    return None
                why.append(unloadchecks.WHY)
                groups.add(("status", fetch))
                continue
            handler = handlers.get(id(sub))
            if handler is not None and sub.id == handler.name:
                if isinstance(parent, ast.Attribute) and parent.value is sub:
                    call = parents.get(id(parent))
                    if parent.attr in _EXCEPTION_CALLS and isinstance(call, ast.Call) and call.func is parent \
                            and not call.args and not call.keywords:
                        why.append(_EXCEPTION_CALLS[parent.attr])
                        groups.add(("except", handler.lineno))
                        continue
                    if parent.attr != "message":
                        return None
                continue  # the exception as a whole, or its message(): V2's class has both
            if sub.id in scope.v1_objects:
                return None
            if v1(sub):
                if not (isinstance(parent, ast.Attribute) and id(parent) in used) and id(sub) not in used:
                    return None
        if not why:
            return None
        return tuple(dict.fromkeys(why)), frozenset(groups)

    def drop(stmt: ast.stmt, why: tuple[str, ...], groups: frozenset) -> Drop:
        first = lines[stmt.lineno - 1]
        end = stmt.end_lineno or stmt.lineno
        code = " ".join(line.strip() for line in lines[stmt.lineno - 1:end])
        block, size = parent_list.get(id(stmt), (0, 0))
        return Drop(stmt.lineno, end, stmt.col_offset, first[:len(first) - len(first.lstrip())], code, why, groups,
                    block, size)

    # u = S.uptime_ns (u read only by dropped checks): dropped with them
    assigned: dict[str, tuple[ast.Assign, tuple[str, ...], frozenset]] = {}
    for stmt in scope.statements:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) \
                and scope.stores.get(stmt.targets[0].id) == 1 and alone(stmt):
            found = reads(stmt.value, stmt.lineno, {})
            if found is not None:
                assigned[stmt.targets[0].id] = (stmt, *found)
    while True:
        names = {name: (why, groups) for name, (_s, why, groups) in assigned.items()}
        checks = {}
        for stmt in scope.statements:
            if _is_check(stmt) and alone(stmt):
                found = reads(stmt, stmt.lineno, names)
                if found is not None:
                    checks[id(stmt)] = (stmt, *found)
        # ``seen.add(request_id)``: a collection that only checks being dropped read (`_collected`)
        for stmt in scope.statements:
            collection = _collected(stmt, names)
            if collection is not None and alone(stmt) and id(stmt) not in checks:
                spans = [(s.lineno, s.end_lineno or s.lineno) for s, _w, _g in checks.values()] + [
                    (stmt.lineno, stmt.end_lineno or stmt.lineno)]
                if all(any(a <= load.lineno <= b for a, b in spans) for load in scope.loads.get(collection, ())) \
                        and collection not in outside_loads:
                    checks[id(stmt)] = (stmt, *names[stmt.value.args[0].id])  # type: ignore[attr-defined]
        spans = [(s.lineno, s.end_lineno or s.lineno) for s, _w, _g in checks.values()]
        unused = [name for name, (stmt, _w, _g) in assigned.items()
                  if not all(any(a <= load.lineno <= b for a, b in spans) and load.lineno > stmt.lineno
                             for load in scope.loads.get(name, ()))]
        if not unused:
            break
        for name in unused:
            del assigned[name]
    # an assignment goes only with every check that reads it: it belongs to all their objects
    out = []
    for name, (stmt, why, groups) in assigned.items():
        readers = [g for s, _w, g in checks.values() if any(
            (s.lineno <= load.lineno <= (s.end_lineno or s.lineno)) for load in scope.loads.get(name, ()))]
        out.append(drop(stmt, why, groups.union(*readers)))
    out += [drop(stmt, why, groups) for stmt, why, groups in checks.values()]
    return out


def apply(text: str, drops: list[Drop]) -> tuple[str, Callable[[int], int]]:
    """``text`` with each of ``drops`` replaced by its marker (and ``pass`` where a block would be
    empty), and the map from a line of ``text`` outside the drops to its line in the result."""
    keep = text.splitlines(keepends=True)
    by_block: dict[int, int] = {}
    for d in drops:
        by_block[d.block] = by_block.get(d.block, 0) + 1
    out: list[str] = []
    shifts: list[tuple[int, int]] = []  # (last line of a drop, lines added by it)
    at = 1
    last_of_block: dict[int, int] = {}
    for d in drops:
        last_of_block[d.block] = max(last_of_block.get(d.block, 0), d.start)
    for d in sorted(drops, key=lambda x: x.start):
        out.extend(keep[at - 1:d.start - 1])
        ending = keep[d.end - 1][len(keep[d.end - 1].rstrip("\r\n")):] or "\n"
        new = [d.indent + d.marker + ending]
        if d.block and by_block[d.block] == d.block_size and last_of_block[d.block] == d.start:
            new.append(d.indent + "pass" + ending)
        out.extend(new)
        shifts.append((d.end, len(new) - (d.end - d.start + 1)))
        at = d.end + 1
    out.extend(keep[at - 1:])

    def shift(line: int) -> int:
        return line + sum(delta for end, delta in shifts if end < line)

    return "".join(out), shift


def hint_lines(text: str) -> set[int]:
    """Lines of the checks ``--drop-v1-only-checks`` could drop (for the hint of a finding without it)."""
    return {n for d in candidates(text) for n in range(d.start, d.end + 1)}
