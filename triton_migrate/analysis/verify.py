"""The verifier: reads the migrated Python text, independent of the rewriters.

It builds a light object model of the output with the stdlib ``ast`` (no libcst
metadata): every V1 context and every V2 ``InferenceServerClient`` the file
constructs, every place the value goes (a name in its scope, ``self.attr``
across the methods of its class, parameters of functions of this file it is
passed to, the results of factory functions of this file) and every use.

- A V2 client whose construction the run rewrote but which is still used in a
  V1 way (``client.run(...)``, ``client.get_server_status()`` ...) is *broken*:
  the carrier rolls that object back (its constructor, and so every use, stays
  V1) and migrates again.  Breakage it cannot attribute to one object rolls
  back the whole file.
- Every use of a V1 context that is left, and every other line of the output
  that still names the V1 API, gets a finding unless a rule already reported
  that line, so nothing is left behind silently and a second run over the
  output reports the same items.
"""
from __future__ import annotations

import ast
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Optional, Union

from triton_migrate.analysis import astcache
from triton_migrate.analysis import families, imports, residuehints
from triton_migrate.analysis.residuehints import code as _code
from triton_migrate.data.v1_client_api import CONTEXTS, PUBLIC_NAMES, SEMANTIC_METHODS, Removed
from triton_migrate.data.v2_homes import v2_home
from triton_migrate.data.v1_statistics import ADVICE as STATISTICS_ADVICE
from triton_migrate.analysis import unloads

# Methods and attributes of tritonclient.{http,grpc}.InferenceServerClient (2.x);
# tests/test_pyverify.py checks this set against the installed tritonclient.
V2_CLIENT_ATTRS = frozenset({
    "async_infer", "async_stream_infer", "close", "generate_request_body", "get_cuda_shared_memory_status",
    "get_inference_statistics", "get_log_settings", "get_model_config", "get_model_metadata",
    "get_model_repository_index", "get_server_metadata", "get_system_shared_memory_status",
    "get_trace_settings", "infer", "is_model_ready", "is_server_live", "is_server_ready", "load_model",
    "parse_response_body", "plugin", "register_cuda_shared_memory", "register_plugin",
    "register_system_shared_memory", "start_stream", "stop_stream", "unload_model",
    "unregister_cuda_shared_memory", "unregister_plugin", "unregister_system_shared_memory",
    "update_log_settings", "update_trace_settings",
})

# A line that still names the V1 client API (code, not comments).
V1_TEXT = re.compile(
    r"\btensorrtserver\b|\bInferContext\b|\bServer(?:Health|Status)Context\b|\bModel(?:Control|Repository)Context\b|"
    r"\bSharedMemoryControlContext\b|\bProtocolType\b|\bInferRequestHeader\b|\bInferResponseHeader\b|"
    r"\bGRPCServiceStub\b|/api/(?:health|infer|status|modelcontrol|sharedmemorycontrol)\b|\bTENSORRT_SERVER_\w*")

MAX_DEPTH = 4
# Calls that only look at an object: passing a client to them uses none of its methods.
SAFE_CALLS = frozenset({"print", "id", "repr", "str", "isinstance", "type", "hasattr", "bool"})

Scope = Union[ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]
Key = tuple  # ("name", scope, name) | ("attr", class, attr)


@dataclass
class Use:
    node: ast.AST
    line: int
    what: str  # "ctx.run()" for messages
    method: Optional[str] = None  # the attribute taken from the object, when one is


@dataclass
class V2Object:
    """A V1 context or a V2 client constructed in the file, and every use of its value."""

    kind: str  # "v1" | "v2"
    cls: str  # V1 class name, or "InferenceServerClient"
    line: int  # line of the constructor call
    end_line: int
    holders: list[Key] = field(default_factory=list)
    uses: list[Use] = field(default_factory=list)

    @property
    def broken(self) -> list[Use]:
        if self.kind != "v2":
            return []
        return [u for u in self.uses if u.method is not None and u.method not in V2_CLIENT_ATTRS]


# Nodes whose descendants ``Model.nodes_in`` is asked for: the scopes and methods.
_SPAN_NODES = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


class Model:
    """Scopes, bindings and V1 import names of one module (stdlib ``ast``)."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.parent: dict[ast.AST, ast.AST] = {}
        self.scope_of: dict[ast.AST, Scope] = {}
        self.functions: dict[str, list[Union[ast.FunctionDef, ast.AsyncFunctionDef]]] = {}
        self.methods: dict[ast.ClassDef, dict[str, Union[ast.FunctionDef, ast.AsyncFunctionDef]]] = {}
        self.class_of: dict[ast.AST, ast.ClassDef] = {}
        self.bindings: dict[Scope, set[str]] = {}
        self.v1_names: dict[str, str] = {}  # local name -> V1 public name (or "api" for the module)
        self.globals: dict[Scope, set[str]] = {}  # names a function declares ``global``
        self.nonlocals: dict[Scope, set[str]] = {}  # names a function declares ``nonlocal``
        self.star = False
        self.imported: set[str] = set()
        self.imported_from: dict[str, str] = {}  # ``from m import x``: "x" -> "m"
        self.passes: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}  # see _passed_to_client_param
        self._index(tree, tree, None)

    def _index(self, node: ast.AST, scope: Scope, klass: Optional[ast.ClassDef]) -> None:
        for child in ast.iter_child_nodes(node):
            self.parent[child] = node
            self.scope_of[child] = scope
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.bindings.setdefault(scope, set()).add(child.name)
                if klass is not None and node is klass:
                    self.methods.setdefault(klass, {})[child.name] = child
                    self.class_of[child] = klass
                else:
                    self.functions.setdefault(child.name, []).append(child)
                args = child.args
                self.bindings[child] = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs,
                                                        *([args.vararg] if args.vararg else []),
                                                        *([args.kwarg] if args.kwarg else [])]}
                for d in child.decorator_list + child.args.defaults + child.args.kw_defaults:
                    if d is not None:
                        self.parent[d] = child
                        self.scope_of[d] = scope
                self._index(child, child, None)
                continue
            if isinstance(child, ast.Lambda):
                self._index(child, child, None)
                continue
            if isinstance(child, ast.ClassDef):
                self.bindings.setdefault(scope, set()).add(child.name)
                self._index(child, scope, child)
                continue
            if isinstance(child, ast.Name) and isinstance(child.ctx, (ast.Store, ast.Del)):
                self.bindings.setdefault(scope, set()).add(child.id)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                self._import(child, scope)
            elif isinstance(child, ast.Global):
                self.globals.setdefault(scope, set()).update(child.names)
            elif isinstance(child, ast.Nonlocal):
                self.nonlocals.setdefault(scope, set()).update(child.names)
            self._index(child, scope, klass)

    def _import(self, node: Union[ast.Import, ast.ImportFrom], scope: Scope) -> None:
        for b in imports.bindings(node):
            self.bindings.setdefault(scope, set()).add(b.local)
            self.imported.add(b.local)
            if b.member is not None and not b.star:
                self.imported_from[b.local] = ("." * b.level) + b.module
            if not b.module.startswith("tensorrtserver") or b.level:
                continue
            if b.member is None:
                self.v1_names[b.local] = "api" if b.alias else "tensorrtserver"
            elif b.star:
                self.star = True
            else:
                self.v1_names[b.local] = b.member

    # -- name resolution -----------------------------------------------------------
    def v1_class(self, func: ast.AST) -> Optional[str]:
        """``InferContext`` when ``func`` names a V1 context class."""
        if isinstance(func, ast.Name):
            name = self.v1_names.get(func.id)
            if name in CONTEXTS:
                return name
            if self.star and func.id in CONTEXTS and func.id not in self.v1_names:
                return func.id
        elif isinstance(func, ast.Attribute) and func.attr in CONTEXTS:
            head = func.value
            while isinstance(head, ast.Attribute):
                head = head.value
            if isinstance(head, ast.Name) and head.id in self.v1_names:
                return func.attr
        return None

    def calls(self) -> list[ast.Call]:
        """The module's calls in ``ast.walk`` order (found once; the tree is not changed)."""
        if not hasattr(self, "_calls"):
            self._calls = [node for node in astcache.walk(self.tree) if isinstance(node, ast.Call)]
        return self._calls

    def subclasses(self) -> dict[str, str]:
        """Classes of this file that subclass a V1 context: name -> the V1 base."""
        if not hasattr(self, "_subclasses"):
            found: dict[str, str] = {}
            for node in astcache.walk(self.tree):
                if isinstance(node, ast.ClassDef):
                    for base in node.bases:
                        cls = self.v1_class(base) or (found.get(base.id) if isinstance(base, ast.Name) else None)
                        if cls:
                            found[node.name] = cls
            self._subclasses = found
        return self._subclasses

    def constructed(self, node: ast.AST) -> Optional[tuple[str, str]]:
        if not isinstance(node, ast.Call):
            return None
        cls = self.v1_class(node.func)
        if cls:
            return "v1", cls
        if isinstance(node.func, ast.Name) and node.func.id in self.subclasses():
            return "v1", self.subclasses()[node.func.id]
        if isinstance(node.func, ast.Attribute) and node.func.attr == "InferenceServerClient":
            return "v2", "InferenceServerClient"
        return None

    def enclosing_function(self, node: ast.AST) -> Optional[Union[ast.FunctionDef, ast.AsyncFunctionDef]]:
        scope = self.scope_of.get(node)
        return scope if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)) else None

    def self_name(self, function: Optional[ast.AST]) -> Optional[str]:
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and function in self.class_of:
            args = [*function.args.posonlyargs, *function.args.args]
            if args and not any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in function.decorator_list):
                return args[0].arg
        return None

    def self_class(self, node: ast.Attribute) -> Optional[ast.ClassDef]:
        """The class of the method ``node`` is in when it is ``self.<attr>`` (through the method's own ``self``)."""
        function = self.enclosing_function(node)
        if function is not None and isinstance(node.value, ast.Name) and self.self_name(function) == node.value.id:
            return self.class_of[function]
        return None

    def binding_scope(self, scope: Scope, name: str, past_nonlocal: bool) -> Optional[Scope]:
        """The nearest scope around ``scope`` (not ``scope`` itself) that binds ``name``; with ``past_nonlocal``,
        one that also does not declare it ``nonlocal``."""
        owner = self.scope_of.get(scope)
        while owner is not None and (name not in self.bindings.get(owner, ())
                                     or past_nonlocal and name in self.nonlocals.get(owner, ())):
            owner = self.scope_of.get(owner)
        return owner

    def holder_of_target(self, target: ast.AST) -> Optional[Key]:
        if isinstance(target, ast.Name):
            scope = self.scope_of.get(target)
            if target.id in self.globals.get(scope, ()):  # type: ignore[arg-type]
                return ("name", self.tree, target.id)  # a module global set in a function: read anywhere
            if target.id in self.nonlocals.get(scope, ()):  # type: ignore[arg-type]
                # set by a nested function (``nonlocal ctx``): read anywhere in the function that binds it
                owner = self.binding_scope(scope, target.id, past_nonlocal=True)  # type: ignore[arg-type]
                return ("name", owner, target.id) if owner is not None else None
            if isinstance(target.ctx, ast.Load) and not isinstance(scope, ast.Lambda) \
                    and target.id not in self.bindings.get(scope, ()):  # type: ignore[arg-type]
                # a free name (``out.append(ctx)`` in a function, ``out`` a module list): the container is the
                # one of the scope that binds it, read anywhere there
                owner = self.binding_scope(scope, target.id, past_nonlocal=False)  # type: ignore[arg-type]
                return ("name", owner, target.id) if owner is not None else None
            statement = self.statement_of(target)
            klass = self.parent.get(statement) if statement is not None else None
            if isinstance(klass, ast.ClassDef):
                # ``class R: health = Ctx(...)``: a class attribute, read as ``self.health`` or ``R.health``
                return ("attr", klass, target.id)
            # from this assignment to the next one of the name in the scope (straight-line reading)
            return ("name", scope, target.id, (target.lineno, target.col_offset))
        owner = self.self_class(target) if isinstance(target, ast.Attribute) else None
        return ("attr", owner, target.attr) if owner is not None else None  # type: ignore[union-attr]

    # -- uses of a holder ------------------------------------------------------------
    def nodes_in(self, scope: Scope) -> Iterator[ast.AST]:
        """Nodes of ``scope``, with nested functions that do not rebind... handled by the caller."""
        span = self._span(scope)
        if span is not None:
            return iter(self._walk[span[0]:span[1]])
        return self._nodes_under(scope)

    @staticmethod
    def _nodes_under(scope: ast.AST) -> Iterator[ast.AST]:
        stack = list(ast.iter_child_nodes(scope))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(ast.iter_child_nodes(node))

    def _span(self, scope: ast.AST) -> Optional[tuple[int, int]]:
        """Where the nodes under ``scope`` (a module, function, lambda or class) sit in
        ``_walk``: the whole tree in ``_nodes_under``'s order, walked once, so that a use
        search is a slice instead of a walk (one per object made it quadratic)."""
        if not hasattr(self, "_walk"):
            walk: list[ast.AST] = []
            spans: dict[ast.AST, tuple[int, int]] = {}
            names: dict[str, list[int]] = {}
            stack: list[tuple[ast.AST, int]] = [(self.tree, -1)]
            while stack:
                node, begin = stack.pop()
                if begin >= 0:
                    spans[node] = (begin, len(walk))
                    continue
                if node is not self.tree:
                    if isinstance(node, ast.Name):
                        names.setdefault(node.id, []).append(len(walk))
                    walk.append(node)
                if isinstance(node, _SPAN_NODES):
                    stack.append((node, len(walk)))
                stack.extend((child, -1) for child in ast.iter_child_nodes(node))
            self._walk, self._spans, self._names = walk, spans, names
        return self._spans.get(scope)

    def assignments_in(self, scope: Scope) -> Iterator[ast.AST]:
        """The ``ast.Assign`` and ``ast.For`` nodes among ``nodes_in(scope)``, in its order (an index
        of their places in ``_walk``, built once, instead of a filter of every node per question)."""
        span = self._span(scope)
        if span is None:
            return (n for n in self._nodes_under(scope) if isinstance(n, (ast.Assign, ast.For)))
        if not hasattr(self, "_assign_at"):
            self._assign_at = [i for i, n in enumerate(self._walk) if isinstance(n, (ast.Assign, ast.For))]
        at = self._assign_at
        return (self._walk[i] for i in at[bisect_left(at, span[0]):bisect_left(at, span[1])])

    def local_rows(self, scope: Scope, table: str) -> list[ast.AST]:
        """The rows a name ``table`` can hold in ``scope``, in ``nodes_in(scope)`` order: the items of the
        list or tuple displays assigned to it and the argument of each ``table.append(row)``. An index of
        those places in ``_walk`` per name, built once (a walk of the scope per loop was quadratic)."""
        span = self._span(scope)
        if span is None:
            return self._local_rows_slow(self._nodes_under(scope), table)
        if not hasattr(self, "_rows_at"):
            rows_at: dict[str, tuple[list[int], list[list[ast.AST]]]] = {}
            for i, node in enumerate(self._walk):
                if isinstance(node, ast.Assign) and isinstance(node.value, (ast.List, ast.Tuple)):
                    for name in dict.fromkeys(t.id for t in node.targets if isinstance(t, ast.Name)):
                        at, rows = rows_at.setdefault(name, ([], []))
                        at.append(i)
                        rows.append(list(node.value.elts))
                elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                        and node.func.attr == "append" and isinstance(node.func.value, ast.Name) and node.args:
                    at, rows = rows_at.setdefault(node.func.value.id, ([], []))
                    at.append(i)
                    rows.append([node.args[0]])
            self._rows_at = rows_at
        at, rows = self._rows_at.get(table, ([], []))
        return [r for group in rows[bisect_left(at, span[0]):bisect_left(at, span[1])] for r in group]

    @staticmethod
    def _local_rows_slow(nodes: Iterable[ast.AST], table: str) -> list[ast.AST]:
        rows: list[ast.AST] = []
        for node in nodes:
            if isinstance(node, ast.Assign) and isinstance(node.value, (ast.List, ast.Tuple)) \
                    and any(isinstance(t, ast.Name) and t.id == table for t in node.targets):
                rows += node.value.elts
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append" \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == table and node.args:
                rows.append(node.args[0])
        return rows

    def table_rows(self, attr: str) -> list[ast.AST]:
        """The rows of every list or tuple assigned to an attribute called ``attr`` (``self.<attr> =
        [...]``), in ``ast.walk`` order of the assignments; built for all attributes in one walk."""
        if not hasattr(self, "_tables"):
            tables: dict[str, list[ast.AST]] = {}
            for a in astcache.walk(self.tree):
                if isinstance(a, ast.Assign) and isinstance(a.value, (ast.List, ast.Tuple)):
                    for target_attr in dict.fromkeys(t.attr for t in a.targets if isinstance(t, ast.Attribute)):
                        tables.setdefault(target_attr, []).extend(a.value.elts)
            self._tables = tables
        return self._tables.get(attr, [])

    def attribute_values(self, attr: str, klass: Optional[ast.ClassDef] = None) -> list[ast.AST]:
        """The values assigned to an attribute called ``attr`` (``self.<attr> = value``, or ``<attr> = value`` in
        a class body), in ``ast.walk`` order; built for all attributes in one walk.  With ``klass`` (the class of
        the method that reads ``self.<attr>``), stores through the ``self`` of a class outside ``klass``'s family
        (the file's classes it is joined to by inheritance) are left out: they set other objects."""
        if not hasattr(self, "_attr_values"):
            stored: dict[str, list[tuple[ast.AST, Optional[ast.ClassDef]]]] = {}
            for a in astcache.walk(self.tree):
                if isinstance(a, ast.Assign):
                    for target, value in _unpacked(a):
                        if isinstance(target, ast.Attribute):
                            stored.setdefault(target.attr, []).append((value, self.self_class(target)))
                elif isinstance(a, ast.ClassDef):  # ``protocol = ...`` in a class body: read as ``self.protocol``
                    for statement in a.body:
                        for target, value in _unpacked(statement) if isinstance(statement, ast.Assign) else ():
                            if isinstance(target, ast.Name):
                                stored.setdefault(target.id, []).append((value, a))
            self._attr_values = stored
        family = self.class_family(klass) if klass is not None else None
        return [value for value, owner in self._attr_values.get(attr, [])
                if family is None or owner is None or owner in family]

    def attributes_named(self, attr: str) -> list[ast.Attribute]:
        """Every ``.<attr>`` of the module (one walk for all names)."""
        if not hasattr(self, "_attributes"):
            found: dict[str, list[ast.Attribute]] = {}
            for node in astcache.walk(self.tree):
                if isinstance(node, ast.Attribute):
                    found.setdefault(node.attr, []).append(node)
            self._attributes = found
        return self._attributes.get(attr, [])

    def classes(self) -> list[ast.ClassDef]:
        """The module's classes, nested ones too, in ``ast.walk`` order."""
        if not hasattr(self, "_classes"):
            self._classes = [n for n in astcache.walk(self.tree) if isinstance(n, ast.ClassDef)]
        return self._classes

    def class_family(self, klass: ast.ClassDef) -> Optional[frozenset[ast.ClassDef]]:
        """The file's classes joined to ``klass`` by inheritance (`triton_migrate.analysis.families`);
        None when not known."""
        if not hasattr(self, "_families"):
            classes = self.classes()
            names = {c.name for c in classes}
            assigned = {n.id for n in astcache.walk(self.tree)
                        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}

            def kind(base: ast.AST) -> tuple[str, str]:
                if isinstance(base, ast.Name) and base.id not in assigned:
                    return ("class", base.id) if base.id in names else ("external", "")
                return ("external", "") if isinstance(base, ast.Attribute) else ("unknown", "")

            self._families = families.families((c, c.name, [kind(b) for b in c.bases]) for c in classes)
        return None if self._families is None else self._families.get(klass)

    def _named(self, scope: Scope, name: str) -> Iterator[ast.AST]:
        """The ``ast.Name`` nodes called ``name`` among ``nodes_in(scope)``, in its order."""
        span = self._span(scope)
        if span is None:
            return (n for n in self._nodes_under(scope) if isinstance(n, ast.Name) and n.id == name)
        at = self._names.get(name, [])
        return (self._walk[i] for i in at[bisect_left(at, span[0]):bisect_left(at, span[1])])

    def statement_of(self, node: ast.AST) -> Optional[ast.AST]:
        while node is not None and not isinstance(node, ast.stmt):
            node = self.parent.get(node)
        return node

    def dominates(self, store: ast.AST, use: ast.AST) -> bool:
        """Whether every path to ``use`` passes the store ``store`` first: the store's statement stands earlier
        in the statement list of the use's statement or of one of the statements around it."""
        statement = self.statement_of(store)
        outer = self.statement_of(use)
        if statement is None:
            return False
        home = self.parent.get(statement)
        while outer is not None:
            parent = self.parent.get(outer)
            if parent is statement and isinstance(statement, (ast.For, ast.AsyncFor, ast.With, ast.AsyncWith)) \
                    and any(b is outer for b in statement.body):
                return True  # ``for ctx in ...:`` / ``with ... as ctx:`` and the use in its body
            if parent is not None and parent is home:
                for field in ("body", "orelse", "finalbody"):
                    block = getattr(parent, field, None)
                    if isinstance(block, list) and any(b is outer for b in block) \
                            and any(b is statement for b in block):
                        return _index_of(block, statement) < _index_of(block, outer)
            if parent is None or isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                                     ast.ClassDef, ast.Module)):
                return False
            outer = self.statement_of(parent)
        return False

    def uses_of(self, key: Key) -> Iterator[ast.AST]:
        if key[0] == "name":
            scope, name = key[1], key[2]
            start = key[3] if len(key) > 3 else (0, 0)
            stores = sorted(((n.lineno, n.col_offset), n) for n in self._named(scope, name)
                            if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)
                            and self.scope_of.get(n) is scope)
            later = [(p, n) for p, n in stores if p > start] if len(key) > 3 else []
            for node in self._named(scope, name):  # only a Name of that name can be a use
                if len(key) > 3:
                    where = (node.lineno, node.col_offset) if hasattr(node, "lineno") else (0, 0)
                    # from this store to the uses that no later store of the name stands before on every path
                    # (``h = None`` in an ``except`` or an ``if`` does not end it)
                    if where <= start or any(p < where and self.dominates(n, node) for p, n in later):
                        continue
                if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
                    owner = self.scope_of.get(node)
                    # a nested scope sees it unless it binds the name itself
                    while owner is not scope and owner is not None and name not in self.bindings.get(owner, ()):
                        owner = self.scope_of.get(owner)
                    if owner is scope:
                        yield node
        else:
            _, klass, attr = key
            for method in self.methods.get(klass, {}).values():
                me = self.self_name(method)
                if me is None:
                    continue
                for node in self.nodes_in(method):
                    if isinstance(node, ast.Attribute) and node.attr == attr and isinstance(node.value, ast.Name) \
                            and node.value.id == me and isinstance(node.ctx, ast.Load):
                        yield node
            for name in self._named(self.tree, klass.name):  # ``Klass.attr``: read through the class
                node = self.parent.get(name)
                if isinstance(node, ast.Attribute) and node.value is name and node.attr == attr \
                        and isinstance(node.ctx, ast.Load):
                    yield node


def _index_of(block: list, node: ast.AST) -> int:
    return next(i for i, b in enumerate(block) if b is node)


def objects(model: Model) -> list[V2Object]:
    """Every V1 context and V2 client constructed in the module, with its holders and uses."""
    found: list[V2Object] = []
    for node in astcache.walk(model.tree):
        made = model.constructed(node)
        if made is None:
            continue
        obj = V2Object(made[0], made[1], node.lineno, getattr(node, "end_lineno", node.lineno) or node.lineno)
        _flow(model, obj, node, 0, set())
        found.append(obj)
    return found


def _flow(model: Model, obj: V2Object, value: ast.AST, depth: int, seen: set) -> None:
    """Follow the value of ``value`` (an expression node) to its holders and uses."""
    parent = model.parent.get(value)
    if (isinstance(parent, ast.IfExp) and value is not parent.test or isinstance(parent, ast.BoolOp)) \
            and depth < MAX_DEPTH:
        _flow(model, obj, parent, depth + 1, seen)  # ``ctx = Ctx(...) if cond else None``: the whole is the value
        return
    if isinstance(parent, ast.NamedExpr) and parent.value is value:
        _hold(model, obj, model.holder_of_target(parent.target), depth, seen)  # ``(ctx := Ctx(...))``
        return
    if isinstance(parent, ast.arguments):
        # ``def check(health=Ctx(...))``: held by the parameter in the function's body
        function = model.parent.get(parent)
        positional = [*parent.posonlyargs, *parent.args]
        pairs = list(zip(positional[len(positional) - len(parent.defaults):], parent.defaults)) + [
            (a, d) for a, d in zip(parent.kwonlyargs, parent.kw_defaults) if d is not None]
        for arg, default in pairs:
            if default is value and function is not None:
                _hold(model, obj, ("name", function, arg.arg), depth, seen)
        return
    if isinstance(parent, ast.Assign) and parent.value is value and len(parent.targets) == 1 \
            and isinstance(parent.targets[0], ast.Subscript):
        _use(model, obj, value, depth, seen)  # ``d["k"] = client``: stored in a container
    elif isinstance(parent, ast.Assign) and parent.value is value and len(parent.targets) == 1:
        _hold(model, obj, model.holder_of_target(parent.targets[0]), depth, seen)
    elif isinstance(parent, ast.Assign) and parent.value is value:
        # ``a = b = Ctx(...)``: each target holds it (a subscript or an unfollowed target is a use)
        for target in parent.targets:
            key = model.holder_of_target(target)
            if key is None:
                obj.uses.append(Use(target, getattr(target, "lineno", obj.line), _code(target), "assigned to %s"
                                    % _code(target)))
            else:
                _hold(model, obj, key, depth, seen)
    elif isinstance(parent, (ast.AnnAssign,)) and parent.value is value:
        _hold(model, obj, model.holder_of_target(parent.target), depth, seen)
    elif isinstance(parent, ast.withitem) and parent.context_expr is value and parent.optional_vars is not None:
        _hold(model, obj, model.holder_of_target(parent.optional_vars), depth, seen)
    elif isinstance(parent, ast.Return) and depth < MAX_DEPTH:
        function = model.enclosing_function(parent)
        escape = _factory_escapes(model, function) if function is not None else None
        if escape is not None:  # the factory itself goes where its calls are not followed
            where, why = escape
            shown = f"@{_code(where)}" if where in function.decorator_list else _code(where)
            obj.uses.append(Use(where, getattr(where, "lineno", obj.line), shown,
                                f"returned by {function.name}(), which is {why}"))
        elif function is not None and function.name in model.functions and function not in model.class_of:
            for node in model.calls():
                if isinstance(node.func, ast.Name) and node.func.id == function.name:
                    _flow(model, obj, node, depth + 1, seen)
        elif function is not None and function in model.class_of:
            # a method returning it: ``self.make()``, ``Factory.make()``, ``obj.make()`` calls of that name in
            # the file (another class's method of the same name too: more uses checked, never fewer)
            for node in model.calls():
                if isinstance(node.func, ast.Attribute) and node.func.attr == function.name:
                    _flow(model, obj, node, depth + 1, seen)
    elif parent is not None and not isinstance(parent, (ast.Expr, ast.Assign, ast.AnnAssign, ast.withitem)):
        _use(model, obj, value, depth, seen)


#: Decorators that return the function (or a caching wrapper of it) called by its own name.
_PLAIN_DECORATORS = frozenset({"staticmethod", "classmethod", "property", "cached_property", "lru_cache", "cache",
                               "wraps", "abstractmethod"})


def _factory_escapes(model: Model, function: ast.AST) -> Optional[tuple[ast.AST, str]]:
    """Where a function returning a context goes other than its calls by name: a decorator that is not a plain
    wrapper (``@register("health")`` keeps it in a table), or its name used as a value (``REG["h"] = make``,
    ``pool.submit(make)``); None when every caller calls it by name."""
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    cache = model.__dict__.setdefault("_escapes", {})
    if function not in cache:
        cache[function] = _escapes(model, function)
    return cache[function]  # type: ignore[no-any-return]


def _escapes(model: Model, function: Union[ast.FunctionDef, ast.AsyncFunctionDef]) -> Optional[tuple[ast.AST, str]]:
    for decorator in function.decorator_list:
        named = decorator.func if isinstance(decorator, ast.Call) else decorator
        if not (isinstance(named, (ast.Name, ast.Attribute)) and _code(named).rsplit(".", 1)[-1] in _PLAIN_DECORATORS
                or isinstance(named, ast.Attribute) and named.attr in ("setter", "getter", "deleter")):
            return decorator, "decorated (the decorator may keep it anywhere)"
    if function in model.class_of:
        named: Iterable[ast.AST] = model.attributes_named(function.name)
    else:  # the module's name index, not a walk of the tree per factory
        named = (n for n in model._named(model.tree, function.name) if isinstance(n.ctx, ast.Load))
    for node in named:
        parent = model.parent.get(node)
        if not (isinstance(parent, ast.Call) and parent.func is node):
            return node, "used as a value (its calls are not followed)"
    return None


#: Calls that reach a variable or an attribute by its name as a string: ``globals()["h"]``, ``vars(self)["h"]``,
#: ``getattr(self, "h")``, ``operator.attrgetter("h")``.
_BY_NAME_TABLES = frozenset({"globals", "locals", "vars"})
_BY_NAME_CALLS = frozenset({"getattr", "setattr", "delattr", "hasattr", "attrgetter"})


def _reflected(model: Model) -> dict[str, ast.AST]:
    """Names that the file reaches as strings (``_BY_NAME_TABLES``, ``__dict__``, ``_BY_NAME_CALLS``): a holder
    of such a name has uses the verifier cannot see."""
    cache = model.__dict__.get("_reflected")
    if cache is not None:
        return cache
    found: dict[str, ast.AST] = {}
    for node in astcache.walk(model.tree):
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) \
                and isinstance(node.slice.value, str):
            table = node.value
            if isinstance(table, ast.Call) and isinstance(table.func, ast.Name) and table.func.id in _BY_NAME_TABLES \
                    or isinstance(table, ast.Attribute) and table.attr == "__dict__":
                found.setdefault(node.slice.value, node)
        elif isinstance(node, ast.Call) and node.args and (
                isinstance(node.func, ast.Name) and node.func.id in _BY_NAME_CALLS
                or isinstance(node.func, ast.Attribute) and node.func.attr == "attrgetter"):
            for arg in node.args[:2]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, node)
    model.__dict__["_reflected"] = found
    return found


def _hold(model: Model, obj: V2Object, key: Optional[Key], depth: int, seen: set) -> None:
    if key is None or key in seen:
        return
    seen.add(key)
    obj.holders.append(key)
    by_name = _reflected(model).get(key[2])
    if by_name is not None:  # ``globals()["h"].is_live()``: a use the verifier cannot follow
        obj.uses.append(Use(by_name, getattr(by_name, "lineno", obj.line), _code(by_name), "reached by its name"))
    for node in model.uses_of(key):
        _use(model, obj, node, depth, seen)


def _use(model: Model, obj: V2Object, node: ast.AST, depth: int, seen: set) -> None:
    parent = model.parent.get(node)
    if isinstance(parent, ast.Attribute) and parent.value is node:
        call = model.parent.get(parent)
        called = isinstance(call, ast.Call) and call.func is parent
        obj.uses.append(Use(parent, parent.lineno, f"{_code(node)}.{parent.attr}{'()' if called else ''}", parent.attr))
        if obj.kind == "v1" and called and depth < MAX_DEPTH:
            # what a V1 method returns (a ServerStatus, a result dict) is V1 too: follow it
            target = model.parent.get(call)
            if isinstance(target, ast.Assign) and target.value is call and len(target.targets) == 1:
                key = model.holder_of_target(target.targets[0])
                if key is not None and key not in seen:
                    seen.add(key)
                    for use in model.uses_of(key):
                        _use(model, obj, use, depth + 1, seen)
        return
    if isinstance(parent, ast.Call) and node in parent.args and depth < MAX_DEPTH:
        target = _local_callee(model, parent)
        if target is not None and target.name in _GENERATED_SENDERS and parent.args.index(node) == 0 \
                and len(parent.args) > 1:
            # the generated helper calls callback(client, request): the callback's first parameter holds it
            callback = _local_callee(model, ast.Call(func=parent.args[1], args=[], keywords=[]))
            params = [*callback.args.posonlyargs, *callback.args.args] if callback is not None else []
            if params:
                _hold(model, obj, ("name", callback, params[0].arg), depth + 1, seen)
            if len(params) > 1:
                _requests(model, obj, ("name", callback, params[1].arg))
            if target.name == "stream_infer":
                # the generated stream helper: start_stream() on the first request, then async_stream_infer()
                obj.uses.append(Use(parent, parent.lineno, f"stream_infer({_code(node)}, ...)", "async_stream_infer"))
                return
        if target is not None:
            args = [*target.args.posonlyargs, *target.args.args]
            index = parent.args.index(node) + (1 if target in model.class_of and model.self_name(target) else 0)
            if index < len(args):
                _hold(model, obj, ("name", target, args[index].arg), depth + 1, seen)
                return
            # it lands in ``*args`` (or nowhere): its uses there are not followed
            obj.uses.append(Use(node, getattr(node, "lineno", obj.line), f"{_code(parent.func)}({_code(node)})",
                                f"passed to {_code(parent.func)}(*...)"))
            return
    if isinstance(parent, ast.arguments) and depth < MAX_DEPTH:
        _flow(model, obj, node, depth + 1, seen)  # ``lambda c=health: c.is_live()``: held by the parameter
        return
    if isinstance(parent, ast.Lambda) and parent.body is node:
        # ``make = lambda: health``, ``field(default_factory=lambda: Ctx(...))``: whoever calls the lambda gets
        # it, and those calls are not followed
        obj.uses.append(Use(node, getattr(node, "lineno", obj.line), f"lambda: {_code(node)}", "returned by a lambda"))
        return
    if obj.kind == "v2" and isinstance(parent, ast.Return) and parent.value is node and depth < MAX_DEPTH:
        _flow(model, obj, node, depth, seen)  # ``client = ...; return client``: also followed to the factory's calls
    if isinstance(parent, ast.keyword) and depth < MAX_DEPTH:
        call = model.parent.get(parent)
        target = _local_callee(model, call) if isinstance(call, ast.Call) else None
        if target is not None and parent.arg in model.bindings.get(target, ()):
            _hold(model, obj, ("name", target, parent.arg), depth + 1, seen)
            return
        if target is not None:  # ``f(**kw)`` or ``f(name=ctx)`` landing in ``**kwargs``: not followed
            obj.uses.append(Use(node, getattr(node, "lineno", obj.line), f"{_code(call.func)}({_code(node)})",
                                f"passed to {_code(call.func)}(**...)"))
            return
    if isinstance(parent, (ast.Assign,)) and parent.value is node \
            and not any(isinstance(t, ast.Subscript) for t in parent.targets):
        _flow(model, obj, node, depth + 1, seen)
        return
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute) \
            and parent.func.attr in _PUTS and node in parent.args:
        if _container(model, obj, node, depth, seen) and obj.kind == "v2":
            return  # a container whose every read is followed: its uses were checked there
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and parent.args and parent.args[0] is node \
            and parent.func.id in ("hasattr", "isinstance", "issubclass"):
        # ``hasattr(ctx, "run")`` asks for a method by name; ``isinstance(ctx, InferContext)`` for the V1 class:
        # both answer otherwise on a V2 client (the code around them would change course)
        second = parent.args[1] if len(parent.args) > 1 else None
        classes = second.elts if isinstance(second, ast.Tuple) else [second]
        if parent.func.id == "isinstance" and all(
                isinstance(c, (ast.Name, ast.Attribute)) and _code(c).rsplit(".", 1)[-1] == "InferenceServerClient"
                for c in classes):
            obj.uses.append(Use(node, getattr(node, "lineno", obj.line), _code(parent)))
            return  # asked whether it is a V2 client (the generated helpers do)
        obj.uses.append(Use(parent, parent.lineno, _code(parent), "%s()" % parent.func.id))
        return
    if isinstance(parent, (ast.Call, ast.keyword)):
        call = parent if isinstance(parent, ast.Call) else model.parent.get(parent)
        if isinstance(call, ast.Call) and call.func is not node and _local_callee(model, call) is None \
                and not (isinstance(call.func, ast.Name) and call.func.id in SAFE_CALLS) \
                and not _generated_callback(model, call):
            if obj.kind == "v2" and _passed_to_client_param(model, call, node):
                return  # a helper of another module whose parameter takes a V2 client (the cross-file pass)
            # handed to code this file does not show (another module, a container): its uses there are unseen
            obj.uses.append(Use(node, getattr(node, "lineno", obj.line), f"{_code(call.func)}({_code(node)})",
                                f"passed to {_code(call.func)}()"))
            return
    if isinstance(parent, (ast.List, ast.Tuple, ast.Set, ast.Dict, ast.Starred, ast.ListComp, ast.SetComp,
                           ast.DictComp, ast.GeneratorExp, ast.Yield, ast.YieldFrom)) or (
            isinstance(parent, ast.Assign) and any(isinstance(t, (ast.Subscript, ast.Attribute)) for t in parent.targets)):
        # stored in a container or on another object: a V2 client there is verified only when every
        # read of the container is followed (iteration, subscript, get(), put back, len, in)
        closed = _container(model, obj, node, depth, seen)
        if obj.kind == "v1" or not closed:
            obj.uses.append(Use(node, getattr(node, "lineno", obj.line), _code(node), "stored in a container"))
        return
    obj.uses.append(Use(node, getattr(node, "lineno", obj.line), _code(node)))


#: Functions the tool writes into a migrated file that send on a client and call callback(client, request).
_GENERATED_SENDERS = frozenset({"async_infer", "stream_infer"})
_PUTS = frozenset({"append", "put", "put_nowait", "add", "insert", "appendleft", "extend"})
_GETS = frozenset({"get", "get_nowait", "pop", "popleft", "popitem", "values", "__getitem__"})


_NEUTRAL = frozenset({"empty", "qsize", "full", "keys", "task_done"})
_ITERATORS = frozenset({"list", "tuple", "enumerate", "sorted", "reversed", "iter"})


def _container(model: Model, obj: V2Object, node: ast.AST, depth: int, seen: set) -> bool:
    """A V1 context or V2 client put in a list, dict or queue: what is taken out of that container is
    the object.  True when every use of the container was followed (read or filled), so that nothing
    of it goes where the verifier cannot see."""
    if depth >= MAX_DEPTH:
        return False
    paired = _paired(model, obj, node, depth, seen)
    if paired is not None:
        return paired
    parent = model.parent.get(node)
    holder: Optional[ast.AST] = None
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute):
        holder = parent.func.value
    else:
        display = parent
        while isinstance(display, (ast.List, ast.Tuple, ast.Set, ast.Dict, ast.ListComp, ast.SetComp,
                                   ast.DictComp, ast.GeneratorExp, ast.comprehension)):
            display = model.parent.get(display)
        if isinstance(display, ast.Assign) and len(display.targets) == 1:
            holder = display.targets[0]
            if isinstance(holder, ast.Subscript):
                holder = holder.value
        elif isinstance(display, ast.Assign) and isinstance(display.targets[0], ast.Subscript):
            holder = display.targets[0].value
    key = model.holder_of_target(holder) if holder is not None else None
    if key is None:
        return False
    if key[0] == "name" and len(key) > 3:
        key = key[:3]  # the whole scope: a container is filled and read in any order
    if key in seen:
        return True  # followed from its other entry
    seen.add(key)
    # a container on ``self`` is verified when no ``.attr`` is read outside the methods of its class
    closed = key[0] == "name" or _confined(model, key)
    for use in model.uses_of(key):
        outer = model.parent.get(use)
        if isinstance(outer, ast.Subscript) and outer.value is use and isinstance(outer.ctx, ast.Load):
            _use(model, obj, outer, depth + 1, seen)
        elif isinstance(outer, ast.Subscript) and outer.value is use:
            pass  # ``d["k"] = ...`` fills it (each value is followed from its own constructor)
        elif isinstance(outer, ast.Attribute) and outer.attr in _GETS and outer.attr not in ("values", "popitem"):
            call = model.parent.get(outer)
            if isinstance(call, ast.Call):
                loop = model.parent.get(call)
                if isinstance(loop, (ast.For, ast.comprehension)) and loop.iter is call:
                    _hold(model, obj, model.holder_of_target(loop.target), depth + 1, seen)
                else:
                    _use(model, obj, call, depth + 1, seen)
            else:
                closed = False
        elif isinstance(outer, ast.Attribute) and outer.attr in _PUTS | _NEUTRAL:
            closed = closed and isinstance(model.parent.get(outer), ast.Call)
        elif isinstance(outer, ast.Call) and isinstance(outer.func, ast.Name) and outer.func.id == "len":
            pass
        elif isinstance(outer, ast.Compare) and use is not outer.left \
                and all(isinstance(op, (ast.In, ast.NotIn)) for op in outer.ops):
            pass
        else:
            # ``for x in c``, ``for x in c + d``, ``for x in list(c.values())``, ``enumerate(c)``
            inner, up = use, outer
            plain = True
            zipped = None  # ``for c, rid in zip(c, ids)``: (position, arguments)
            while isinstance(up, (ast.BinOp, ast.Call, ast.Attribute, ast.Starred, ast.List, ast.Tuple)):
                if isinstance(up, ast.Call) and isinstance(up.func, ast.Name) and up.func.id == "zip" \
                        and zipped is None and inner in up.args and not up.keywords:
                    zipped = (up.args.index(inner), len(up.args))
                elif isinstance(up, ast.Call) and not (
                        (isinstance(up.func, ast.Name) and up.func.id in _ITERATORS and len(up.args) == 1)
                        or (isinstance(up.func, ast.Attribute) and up.func.attr == "values" and not up.args)):
                    plain = False
                elif isinstance(up, ast.Attribute) and up.attr != "values":
                    plain = False
                inner, up = up, model.parent.get(up)
            if isinstance(up, (ast.For, ast.comprehension)) and up.iter is inner:
                target = up.target
                if isinstance(target, ast.Tuple) and len(target.elts) == 2 and isinstance(inner, ast.Call) \
                        and isinstance(inner.func, ast.Name) and inner.func.id == "enumerate":
                    target = target.elts[1]
                elif zipped is not None:
                    plain = plain and isinstance(target, ast.Tuple) and len(target.elts) == zipped[1] \
                        and not isinstance(target.elts[zipped[0]], ast.Starred)
                    target = target.elts[zipped[0]] if plain else target  # type: ignore[attr-defined]
                held = model.holder_of_target(target)
                _hold(model, obj, held, depth + 1, seen)
                closed = closed and plain and held is not None
            else:
                closed = False
    return closed


def _paired(model: Model, obj: V2Object, node: ast.AST, depth: int, seen: set) -> Optional[bool]:
    """``pending.append((client, request))``: an object kept in a tuple with its request id, in a
    container of such tuples.  True when every read of the container unpacks the tuple (a ``for``
    target, ``a, b = q.get()``) or only looks at it; None when ``node`` is not in such a tuple."""
    pair = model.parent.get(node)
    call = model.parent.get(pair) if isinstance(pair, ast.Tuple) else None
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in _PUTS
            and len(call.args) == 1 and call.args[0] is pair and not call.keywords):
        return None
    if any(isinstance(e, ast.Starred) for e in pair.elts):  # type: ignore[union-attr]
        return False
    position, arity = pair.elts.index(node), len(pair.elts)  # type: ignore[union-attr, arg-type]
    holder = call.func.value
    if not isinstance(holder, ast.Name):
        return False
    scope = model.scope_of.get(holder)  # the scope that binds the name (a global read in a function: the module)
    while scope is not None and scope is not model.tree and holder.id not in model.bindings.get(scope, ()):  # type: ignore[arg-type]
        scope = model.scope_of.get(scope)
    if scope is None:
        return False
    key = ("name", scope, holder.id)
    mark = (*key, "pair", position, arity)
    if mark in seen:
        return True
    seen.add(mark)

    def unpack(target: ast.AST) -> bool:
        if not (isinstance(target, ast.Tuple) and len(target.elts) == arity
                and not any(isinstance(e, ast.Starred) for e in target.elts)):
            return False
        held = model.holder_of_target(target.elts[position])
        _hold(model, obj, held, depth + 1, seen)
        return held is not None

    closed = True
    for use in model.uses_of(key[:3]):
        outer = model.parent.get(use)
        called = model.parent.get(outer) if isinstance(outer, ast.Attribute) else None
        if isinstance(called, ast.Call) and called.func is outer:
            if outer.attr in _PUTS:  # type: ignore[union-attr]
                closed = closed and len(called.args) == 1 and isinstance(called.args[0], ast.Tuple) \
                    and len(called.args[0].elts) == arity
            elif outer.attr in ("get", "get_nowait", "pop", "popleft") and not called.args:  # type: ignore[union-attr]
                assign = model.parent.get(called)
                closed = closed and isinstance(assign, ast.Assign) and len(assign.targets) == 1 \
                    and unpack(assign.targets[0])
            elif outer.attr not in _NEUTRAL:  # type: ignore[union-attr]
                closed = False
        elif isinstance(outer, ast.Call) and isinstance(outer.func, ast.Name) and outer.func.id == "len":
            pass
        elif isinstance(outer, ast.For) and outer.iter is use:
            closed = unpack(outer.target) and closed
        elif isinstance(outer, ast.Subscript) and outer.value is use and isinstance(outer.ctx, ast.Load):
            _pair_flow(model, obj, outer, position, depth, seen)  # ``ctxs[i]``: the whole tuple (seqpairs)
        else:
            closed = False
    return closed


def _pair_flow(model: Model, obj: V2Object, node: ast.AST, position: int, depth: int, seen: set,
               hops: int = 0) -> None:
    """A tuple holding ``obj`` at ``position`` (``ctxs[i]`` of a list of ``(client, sequence_id)`` pairs),
    followed where it goes (``hops``: names and parameters passed through; each key once, so linear): a name, a parameter of a function of this file; ``pair[position]`` is ``obj``
    (its uses checked), another ``pair[k]`` is not; any other use of the tuple is recorded (a V1 method on
    it is broken, which rolls ``obj`` back)."""
    parent = model.parent.get(node)
    if isinstance(parent, ast.Subscript) and parent.value is node and isinstance(parent.slice, ast.Constant) \
            and isinstance(parent.slice.value, int):
        if parent.slice.value == position:
            _use(model, obj, parent, depth, seen)
        return
    if hops >= 2 * MAX_DEPTH:
        obj.uses.append(Use(node, getattr(node, "lineno", obj.line), _code(node), "pair followed too far"))
        return
    key: Optional[Key] = None
    if isinstance(parent, ast.Assign) and parent.value is node and len(parent.targets) == 1 \
            and isinstance(parent.targets[0], ast.Name):
        key = model.holder_of_target(parent.targets[0])
    elif isinstance(parent, ast.Call) and node in parent.args:
        target = _local_callee(model, parent)
        if target is None and isinstance(parent.func, ast.Name) and parent.func.id in SAFE_CALLS:
            return
        args = [*target.args.posonlyargs, *target.args.args] if target is not None else []
        index = parent.args.index(node)
        if target is not None and target not in model.class_of and index < len(args):
            key = ("name", target, args[index].arg)
    elif isinstance(parent, ast.keyword):
        call = model.parent.get(parent)
        target = _local_callee(model, call) if isinstance(call, ast.Call) else None
        if target is not None and target not in model.class_of and parent.arg in model.bindings.get(target, ()):
            key = ("name", target, parent.arg)
    if key is None:
        attribute = parent.attr if isinstance(parent, ast.Attribute) and parent.value is node else "used whole"
        obj.uses.append(Use(node, getattr(node, "lineno", obj.line), _code(parent or node), attribute))
        return
    mark = (*key, "pair-of", position)
    if mark in seen:
        return
    seen.add(mark)
    obj.holders.append(key)
    for use in model.uses_of(key):
        _pair_flow(model, obj, use, position, depth, seen, hops + 1)


def _confined(model: Model, key: Key) -> bool:
    """Every ``.<attr>`` of the file is ``self.<attr>`` in a method of the class (``key`` = ("attr", class, attr))."""
    _, klass, attr = key
    family = model.class_family(klass)
    for node in model.attributes_named(attr):
        owner = model.self_class(node)
        if owner is None or owner is not klass and (family is None or owner in family):
            return False  # not ``self.<attr>`` of the class, nor of one that shares no object with it
    return True


def _generated_callback(model: Model, call: ast.Call) -> bool:
    """``callback(client, request)`` inside the generated async_infer(): followed at its call sites."""
    function = model.enclosing_function(call)
    while function is not None and function.name != "async_infer":
        function = model.enclosing_function(function)
    return function is not None and isinstance(call.func, ast.Name) and call.func.id == "callback"


def _requests(model: Model, obj: V2Object, key: Key) -> None:
    """A request of ``obj``'s async_infer(): its ``get_result()`` is a V2 InferResult, which takes no ``[name]``."""
    for node in model.uses_of(key):
        attribute = model.parent.get(node)
        call = model.parent.get(attribute) if isinstance(attribute, ast.Attribute) else None
        if isinstance(call, ast.Call) and attribute.attr == "get_result":  # type: ignore[union-attr]
            outer = model.parent.get(call)
            if isinstance(outer, ast.Subscript) and outer.value is call:
                obj.uses.append(Use(outer, outer.lineno, _code(outer), "InferResult[...]"))
            elif isinstance(outer, ast.Assign) and len(outer.targets) == 1:
                held = model.holder_of_target(outer.targets[0])
                for use in model.uses_of(held) if held else ():
                    subscript = model.parent.get(use)
                    if isinstance(subscript, ast.Subscript) and subscript.value is use:
                        obj.uses.append(Use(subscript, subscript.lineno, _code(subscript), "InferResult[...]"))


def _passed_to_client_param(model: Model, call: ast.Call, node: ast.AST) -> bool:
    """``node`` goes to a parameter that the run-wide first pass converts to take a V2 client
    (`Model.passes`: how a call names the helper -> its parameters, those that take a client)."""
    entry = model.passes.get(_code(call.func))
    if entry is None:
        return False
    params, converted = entry
    if node in call.args:
        index = call.args.index(node)
        return index < len(params) and params[index] in converted
    keyword = model.parent.get(node)
    return isinstance(keyword, ast.keyword) and keyword.arg in converted


def _may_call(model: Model, call: ast.Call, function: Union[ast.FunctionDef, ast.AsyncFunctionDef]) -> bool:
    """``call`` (not resolved by `_local_callee`) may run ``function``, a method: a call of an attribute of its
    name on any object (``Checker.configure(p)``, ``obj.setup(p)``, ``super().__init__(p)``), or for an
    ``__init__`` a construction of a class of its family (``Sub(url, p)`` with ``Sub`` inheriting it)."""
    klass = model.class_of.get(function)
    if klass is None:
        return False
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == function.name:
        return True
    if function.name != "__init__":
        return False
    named = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    family = model.class_family(klass)
    if family is None:  # a base the file cannot resolve: any class of the file may inherit this __init__
        family = frozenset(model.classes())
    return named is not None and any(c.name == named for c in family)


def _calls_into(model: Model, function: Union[ast.FunctionDef, ast.AsyncFunctionDef]) -> list[tuple[ast.Call, bool]]:
    """The calls of the file that run ``function`` (True: `_local_callee` resolves the call to it) or may run it
    (False: `_may_call`), in ``Model.calls`` order.  The calls are sorted by callee, attribute name and name
    once per model, so a parameter is not judged by a pass over every call of the file."""
    index = model.__dict__.get("_calls_into")
    if index is None:
        resolved: dict[ast.AST, list[ast.Call]] = {}
        by_attr: dict[str, list[ast.Call]] = {}
        by_name: dict[str, list[ast.Call]] = {}
        for call in model.calls():
            callee = _local_callee(model, call)
            if callee is not None:
                resolved.setdefault(callee, []).append(call)
            elif isinstance(call.func, ast.Attribute):
                by_attr.setdefault(call.func.attr, []).append(call)
                by_name.setdefault(call.func.attr, []).append(call)
            elif isinstance(call.func, ast.Name):
                by_name.setdefault(call.func.id, []).append(call)
        order = {id(call): i for i, call in enumerate(model.calls())}
        index = model.__dict__["_calls_into"] = (resolved, by_attr, by_name, order)
    resolved, by_attr, by_name, order = index
    found = {id(call): (call, True) for call in resolved.get(function, ())}
    maybe = list(by_attr.get(function.name, ()))
    klass = model.class_of.get(function)
    if function.name == "__init__" and klass is not None:
        family = model.class_family(klass)
        for name in {c.name for c in (family if family is not None else model.classes())}:
            maybe += by_name.get(name, ())
    for call in maybe:
        if id(call) not in found and _may_call(model, call, function):
            found[id(call)] = (call, False)
    return sorted(found.values(), key=lambda item: order[id(item[0])])


def _local_callee(model: Model, call: ast.Call) -> Optional[Union[ast.FunctionDef, ast.AsyncFunctionDef]]:
    func = call.func
    if isinstance(func, ast.Name):
        candidates = model.functions.get(func.id, [])
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:  # several defs of the name (nested helpers of several functions): the
            return _nearest_def(model, call, func.id, candidates)  # one the call's scope sees, if one
        classes = [c for c in model.methods if c.name == func.id]  # ``Client(url, protocol)``: its __init__
        if not candidates and len(classes) == 1:
            return model.methods[classes[0]].get("__init__")
        if not candidates and classes:  # classes of one name in several functions: the one the call's scope sees
            klass = _nearest_def(model, call, func.id, classes)
            return model.methods[klass].get("__init__") if klass is not None else None
        return None
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        function = model.enclosing_function(call)
        if function is not None and model.self_name(function) == func.value.id:
            return model.methods.get(model.class_of[function], {}).get(func.attr)
    return None


def _nearest_def(model: Model, call: ast.Call, name: str,
                 candidates: list) -> Optional[Union[ast.FunctionDef, ast.AsyncFunctionDef]]:
    """The def of ``name`` that Python's scoping gives the call: the innermost enclosing scope that binds
    the name, skipping class bodies above the first scope; None when that scope binds it other than by
    exactly one def (several defs, a parameter, an assignment beside the def)."""
    scope: Optional[ast.AST] = model.scope_of.get(call)
    first = True
    while scope is not None:
        if (first or not isinstance(scope, ast.ClassDef)) and name in model.bindings.get(scope, ()):
            return _scope_def(model, scope, name, candidates)
        first = False
        scope = model.scope_of.get(scope)
    return None


def _scope_def(model: Model, scope: ast.AST, name: str,
               candidates: list) -> Optional[Union[ast.FunctionDef, ast.AsyncFunctionDef]]:
    """The one def of ``name`` that ``scope`` binds it by, or None; asked once per (scope, name) of a model
    (each call of the name used to filter every def and walk the scope again)."""
    cache = model.__dict__.setdefault("_scope_defs", {})
    key = (id(scope), name)
    if key not in cache:
        by_scope = model.__dict__.setdefault("_defs_by_scope", {})
        if name not in by_scope:
            grouped: dict[int, list] = {}
            for c in candidates:
                grouped.setdefault(id(model.scope_of.get(c)), []).append(c)
            by_scope[name] = grouped
        defs = by_scope[name].get(id(scope), [])
        cache[key] = defs[0] if len(defs) == 1 and not _rebinds(scope, name, defs[0]) else None
    return cache[key]  # type: ignore[no-any-return]


def _rebinds(scope: ast.AST, name: str, definition: ast.AST) -> bool:
    """Whether ``scope`` binds ``name`` otherwise than by ``definition`` (an assignment, an import, a
    parameter, a loop or ``with`` target)."""
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        args = scope.args
        if name in {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs,
                                    *([args.vararg] if args.vararg else []), *([args.kwarg] if args.kwarg else [])]}:
            return True
    todo = list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        if node is definition:
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            if getattr(node, "name", None) == name:
                return True
            continue  # its own scope
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, (ast.Store, ast.Del)):
            return True
        if isinstance(node, ast.alias) and (node.asname or node.name.split(".")[0]) == name:
            return True
        todo.extend(ast.iter_child_nodes(node))
    return False


_STILL_IMPORTED = re.compile(r"^\s*(?:from\s+tensorrtserver\b|import\s+tensorrtserver\b)", re.M)
_PUBLIC = re.compile(r"\b(?:" + "|".join(sorted(PUBLIC_NAMES)) + r"|ResultFormat)\b")


def v1_lines(text: str) -> dict[int, str]:
    """Lines of code that still name the V1 API, with the first name found.

    While the file still imports ``tensorrtserver``, every public V1 name counts
    (``except InferenceServerException`` then still catches the V1 class).
    """
    found = {}
    still = _STILL_IMPORTED.search(text)
    pattern = re.compile(V1_TEXT.pattern + "|" + _PUBLIC.pattern) if still else \
        re.compile(V1_TEXT.pattern + r"|\bResultFormat\b")
    v2: list[Any] = []  # (names only V2 imports bind, lines of V2 imports), read on first need
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        for match in pattern.finditer(line):
            if still and not V1_TEXT.fullmatch(match.group()) and _v2_named(text, v2, number, line, match):
                continue  # ``from tritonclient.grpc import model_config_pb2``: a V2 name, not a V1 residue
            found[number] = match.group()
            break
    return found


_HEAD = re.compile(r"([A-Za-z_]\w*)(?:\s*\.\s*\w+)*\s*\.\s*$")


def _v2_named(text: str, v2: list[Any], number: int, line: str, match: re.Match[str]) -> bool:
    """The public name ``match`` found on ``line`` is bound by a V2 import (or is an attribute of a
    name that is: ``grpcclient.InferenceServerException``), or sits on a V2 import statement."""
    if not v2:
        try:
            tree = astcache.parse(text)
            v2[:] = [imports.v2_bound(tree), imports.v2_import_lines(tree),
                     frozenset(b.local for b in imports.of_tree(tree) if b.module.split(".")[0] == "tensorrtserver")]
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            v2[:] = [frozenset(), frozenset(), frozenset()]
    names, lines, v1_bound = v2
    if number in lines:
        return True
    if re.search(r"[\])]\s*\.\s*$", line[:match.start()]):
        return True  # ``pair[1].InferenceServerException``: an attribute of a value (a V2 module), not a V1 import's name
    head = _HEAD.search(line, 0, match.start())
    if head and match.group() == "InferenceServerException" and head.group(1) not in v1_bound | {"tensorrtserver"}:
        # ``protocol.InferenceServerException`` (the raise `v1_status` writes for an unknown model): an attribute
        # of a name no V1 import binds, a V2 client module held in a variable
        return True
    return (head.group(1) if head else match.group()) in names


def analyse(text: str) -> Optional[list[V2Object]]:
    """The object model of ``text``; None when it does not parse."""
    try:
        tree = astcache.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return objects(Model(tree))


__all__ = ["V2_CLIENT_ATTRS", "V2Object", "Use", "Model", "analyse", "v1_lines", "PUBLIC_NAMES"]


# -- the carrier's side: roll back broken objects, name every residue line ---------------

V2_MODULE_MEMBERS = ("InferenceServerClient", "InferInput", "InferRequestedOutput")


def _unpacked(assign: ast.Assign) -> list[tuple[ast.AST, ast.AST]]:
    """(target, value) of each target of ``assign``: ``a, b = x, y`` pairs item by item; a tuple target with
    any other value gets the whole value (what it unpacks is not known here)."""
    found: list[tuple[ast.AST, ast.AST]] = []
    for target in assign.targets:
        if isinstance(target, (ast.Tuple, ast.List)):
            items = assign.value.elts if isinstance(assign.value, (ast.Tuple, ast.List)) and len(
                assign.value.elts) == len(target.elts) else None
            found += [(t.value if isinstance(t, ast.Starred) else t, items[i] if items is not None else assign.value)
                      for i, t in enumerate(target.elts)]
        else:
            found.append((target, assign.value))
    return found


def _assigned_values(model: Model, scope: Scope, name: str, index: Optional[int] = None,
                     loops: Optional[list[ast.AST]] = None) -> list[ast.AST]:
    """Values assigned to ``name`` in ``scope`` (item ``index`` of each, when given): assignments, and
    ``for`` loops over a literal list (``for url, protocol in [(u, P), ...]`` or ``for pair in [...]``)
    or over a local list grown by ``append`` (`Model.local_rows`); with ``loops``, only what those loops assign."""
    values = []
    for node in loops if loops is not None else model.assignments_in(scope):
        if isinstance(node, ast.Assign) and node.value is not None:
            values += [value for target, value in _unpacked(node) if isinstance(target, ast.Name) and target.id == name]
        elif isinstance(node, ast.For) and (isinstance(node.iter, (ast.List, ast.Tuple, ast.Name)) or isinstance(
                node.iter, ast.Attribute) and isinstance(node.iter.value, ast.Name)):
            # ``for protocol, url in self.protocols_``: the rows of every table stored in a ``.protocols_``
            rows = node.iter.elts if isinstance(node.iter, (ast.List, ast.Tuple)) else model.local_rows(
                scope, node.iter.id) if isinstance(node.iter, ast.Name) else model.table_rows(node.iter.attr)
            if isinstance(node.target, ast.Name) and node.target.id == name:
                values += [r.elts[index] if index is not None and isinstance(r, (ast.Tuple, ast.List))
                           and index < len(r.elts) else r for r in rows]
            elif isinstance(node.target, ast.Tuple) and index is None:
                at = [i for i, t in enumerate(node.target.elts) if isinstance(t, ast.Name) and t.id == name]
                values += [r.elts[at[0]] for r in rows if at and isinstance(r, (ast.Tuple, ast.List))
                           and at[0] < len(r.elts)]
    return values


def _loop_values(model: Model, name: ast.Name, scope: Scope, index: Optional[int]) -> Optional[list[ast.AST]]:
    """The values ``name`` takes where it is read, when that is in the body of a ``for`` loop over a
    literal list whose target binds it and that body does not assign it: that loop's rows only (other
    loops of the function that reuse the name do not reach this read).  None: not that case."""
    node: ast.AST = name
    while node is not scope and node in model.parent:
        child, node = node, model.parent[node]
        if isinstance(node, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
            return None  # read later, when the name may hold what another statement assigned
        if not (isinstance(node, ast.For) and child in node.body):
            continue
        target = node.target
        binds = (isinstance(target, ast.Name) and target.id == name.id) or (
            isinstance(target, ast.Tuple) and any(isinstance(t, ast.Name) and t.id == name.id for t in target.elts))
        if not binds:
            continue
        stores = [n for stmt in node.body for n in ast.walk(stmt)
                  if isinstance(n, ast.Name) and n.id == name.id and not isinstance(n.ctx, ast.Load)]
        if stores or not isinstance(node.iter, (ast.List, ast.Tuple, ast.Name)):
            return None
        if isinstance(node.iter, ast.Name):  # ``for config in configs``: the rows appended in the function
            return _assigned_values(model, scope, name.id, index, loops=[node])
        return _assigned_values(model, node, name.id, index, loops=[node])
    return None


def _bad_module(model: Model, expr: ast.AST, depth: int = 0, index: Optional[int] = None) -> Optional[str]:
    """Why ``expr`` (the ``X`` of ``X.InferenceServerClient``; with ``index``, its item ``index``) is not a V2
    client module, or None."""
    shown = _code(expr)
    if depth > MAX_DEPTH:
        return None
    if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name) and isinstance(expr.slice, ast.Constant) \
            and isinstance(expr.slice.value, int) and index is None:
        index, expr = expr.slice.value, expr.value  # ``pair[1]`` of ``for pair in [(url, protocol), ...]``
    elif isinstance(expr, ast.Subscript):
        # ``PROTOCOLS[name]``, ``self.protocols[k]``, ``rows[i][1]``: what the container holds, whole
        return _bad_module(model, expr.value, depth + 1)
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
        # ``self.protocol.InferenceServerClient(...)``: what every ``.protocol = value`` of the file stores
        values = model.attribute_values(expr.attr, model.self_class(expr))
        if expr.attr in _reflected(model):
            return f"`{shown}` is also reached by its name as a string (`{_code(_reflected(model)[expr.attr])}`)"
        if not values:
            return f"`{shown}` is set nowhere this file shows (not by `.{expr.attr} = ...` of its class)"
        for value in values:
            if V1_TEXT.search(_code(value)):
                return f"`{shown}` holds `{_code(value)}`, not a client module"
            if isinstance(value, (ast.Name, ast.Subscript, ast.Attribute)) and value is not expr:
                why = _bad_module(model, value, depth + 1)  # ``self.protocol = protocol``: what the parameter gets
                if why:
                    return why
        return None
    if not isinstance(expr, ast.Name):
        return None
    scope = model.scope_of.get(expr)
    while scope is not None and expr.id not in model.bindings.get(scope, ()):
        scope = model.scope_of.get(scope)
    if scope is None:
        return None
    source = model.imported_from.get(expr.id)
    if source is not None and not source.startswith("tritonclient") and not _assigned_values(model, scope, expr.id):
        # ``from settings import PROTOCOLS``: what it holds is decided in that module, where nothing read it as a
        # client module (a table or constant of ``ProtocolType`` values there stays V1)
        return f"`{shown}` comes from `from {source} import {expr.id}`, which this file cannot show to be a client module"
    values = _loop_values(model, expr, scope, index)
    for value in _assigned_values(model, scope, expr.id, index) if values is None else values:
        if V1_TEXT.search(_code(value)):
            return f"`{shown}` holds `{_code(value)}`, not a client module"
        if isinstance(value, (ast.Name, ast.Subscript, ast.Attribute)) and value is not expr:
            why = _bad_module(model, value, depth + 1)  # ``client_module = config[1]``: what ``config`` holds
            if why:
                return why
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        params = [a.arg for a in [*scope.args.posonlyargs, *scope.args.args]]
        if expr.id in params:
            position = params.index(expr.id) - (1 if model.self_name(scope) else 0)
            escapes = _factory_escapes(model, scope)
            if escapes is not None:
                return f"`{scope.name}()` is {escapes[1]}, so what `{expr.id}` receives is not known"
            for node, direct in _calls_into(model, scope):
                if direct:
                    passed = [k.value for k in node.keywords if k.arg == expr.id]
                    if 0 <= position < len(node.args):
                        passed.append(node.args[position])
                else:
                    # ``Checker.configure(PROTO)``, ``obj.setup(p)``, ``Sub(url, p)`` of an inherited __init__:
                    # which argument lands in the parameter is not worked out; each is judged
                    passed = [*[k.value for k in node.keywords if k.arg in (expr.id, None)],
                              *[a.value if isinstance(a, ast.Starred) else a for a in node.args]]
                for value in passed:
                    if V1_TEXT.search(_code(value)) or direct and isinstance(value, (ast.Constant, ast.JoinedStr)):
                        return f"`{expr.id}` receives `{_code(value)}`, not a client module"
                    why = _bad_module(model, value, depth + 1, index if direct else None)
                    if why:  # ``check(config)`` for ``config[1]``
                        return why
    return None


@dataclass
class Verdict:
    parses: bool
    objects: list[V2Object] = field(default_factory=list)
    broken: dict[int, str] = field(default_factory=dict)  # output constructor line -> why
    loose: list[tuple[int, str]] = field(default_factory=list)  # breakage not tied to one object
    model: Optional[Model] = None  # the object model the verdict was read from


# The last text judged and its verdict: the carrier's settle() and report_residue() judge the same
# final output one after the other (report_residue() forgets it).
_last: list[Any] = [None, None]


def verify(text: str, passes: Optional[dict] = None) -> Verdict:
    if _last[0] is not None and _last[0] == (text, passes or None):
        return _last[1]  # type: ignore[no-any-return]
    verdict = _verify(text, passes or {})
    _last[:] = [(text, passes or None), verdict]
    return verdict


def _verify(text: str, passes: dict) -> Verdict:
    try:
        tree = astcache.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return Verdict(False)
    model = Model(tree)
    model.passes = passes
    found = objects(model)
    verdict = Verdict(True, found, model=model)
    constructors = set()
    for obj in found:
        if obj.kind != "v2":
            continue
        constructors.add(obj.line)
        bad = obj.broken
        if bad:
            verdict.broken[obj.line] = ", ".join(sorted({f"`{u.what}`" for u in bad}))
    for obj in found:
        if obj.kind == "v2":
            unslotted = _outside_slots(model, obj)
            if unslotted is not None:
                verdict.broken[obj.line] = unslotted
    for node in astcache.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in V2_MODULE_MEMBERS:
            why = _bad_module(model, node.value)
            if why:
                if node.attr == "InferenceServerClient":
                    verdict.broken[node.lineno] = why
                else:
                    verdict.loose.append((node.lineno, why))
    return verdict


def _outside_slots(model: Model, obj: V2Object) -> Optional[str]:
    """A client held on a class whose ``__slots__`` has no room for an attribute set on ``self`` there (the
    ``<attr>_client_module`` written beside it): ``AttributeError`` when the object is built."""
    for key in obj.holders:
        if key[0] != "attr":
            continue
        klass = key[1]
        slots: Optional[set] = None
        for statement in klass.body:
            if isinstance(statement, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__slots__"
                                                         for t in statement.targets):
                try:
                    value = ast.literal_eval(statement.value)
                except ValueError:
                    return None
                slots = {value} if isinstance(value, str) else set(value)
        if slots is None or klass.bases:
            continue
        for method in model.methods.get(klass, {}).values():
            me = model.self_name(method)
            for node in model.nodes_in(method):
                if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) \
                        and isinstance(node.value, ast.Name) and node.value.id == me and node.attr not in slots:
                    return "`self.%s` is not in `%s.__slots__`" % (node.attr, klass.name)
    return None


V1_ONLY_METHODS = frozenset(
    {m for c in CONTEXTS.values() for m in c.methods} | {m for ms in SEMANTIC_METHODS.values() for m in ms}
    | {"get_server_status"}) - V2_CLIENT_ATTRS
V1_STATUS_FIELDS = frozenset({"model_status", "version_status", "ready_state", "uptime_ns", "ready_state_reason",
                              "model_execution_count", "model_inference_count", "last_inference_timestamp_milliseconds",
                              "infer_stats", "status_stats"})

_CONTEXT_NAME = re.compile(r"\b(?:" + "|".join(CONTEXTS) + r")\b")
_CONTEXT_CALL = re.compile(r"\b(?:" + "|".join(CONTEXTS) + r")\s*\(")


def constructor_line(mapping: Any, old_lines: list[str], new_lines: list[str], line: int) -> Optional[int]:
    """The original line of the V1 constructor the rules rewrote into the V2 client constructed at
    output ``line`` (a changed line near it that named a V1 context), or None."""
    first = mapping.original_line(line)
    candidates = [n for n in range(max(1, first - 2), min(len(old_lines), first + 2) + 1)
                  if _CONTEXT_NAME.search(old_lines[n - 1])]
    if not candidates or (0 < line <= len(new_lines) and first <= len(old_lines)
                          and new_lines[line - 1] == old_lines[first - 1]):
        return None
    # A line that calls a context class (``InferContext(``) before one that only names it
    # (``InferContext.ResultFormat.RAW`` of the run() beside it).
    return min(candidates, key=lambda n: (not _CONTEXT_CALL.search(old_lines[n - 1]), abs(n - first)))


def settle(original: str, output: str, frozen: dict[int, str]) -> Optional[str]:
    """Judge ``output``: None when it holds; "" after freezing more objects (migrate again);
    else why the whole file must stay as it was."""
    from triton_migrate.text import LineMap

    verdict = verify(output, getattr(frozen, "passes", None))
    if not verdict.parses:
        return "the rewritten file does not parse"
    if not verdict.broken:
        return verdict.loose[0][1] if verdict.loose else None
    # Broken constructors first: freezing one also takes back the tensors built with its module
    # (``client_module.InferInput``), which would otherwise roll back the whole file.
    mapping = LineMap(original, output)
    old_lines = original.splitlines()
    new_lines = output.splitlines()
    more = False
    for line, why in sorted(verdict.broken.items()):
        target = constructor_line(mapping, old_lines, new_lines, line)
        if target is None or target in frozen:
            return f"a V2 client would be used in a V1 way: {why}"
        frozen[target] = why
        more = True
    return "" if more else None


def _report_unresolved_contexts(output: str, residue: dict[int, str], report) -> None:  # type: ignore[no-untyped-def]
    """``health = ServerHealthContext(...)`` where the class name comes from no V1 import this file shows (``from
    common import *``, common star-importing the V1 client): the model knows no V1 object there, so each method
    call on such a name is reported here (else ``health.is_live()`` stayed V1 with no finding)."""
    if _STILL_IMPORTED.search(output) or not any(name in CONTEXTS for name in residue.values()):
        return  # (with a V1 import, the model follows the objects)
    scopes = [node for node in astcache.walk(astcache.parse(output))
              if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef))]
    for scope in scopes:
        own = list(_own_nodes(scope))
        held = {t.id for node in own if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Name) and residue.get(node.lineno) == node.value.func.id
                and node.value.func.id in CONTEXTS for t in node.targets if isinstance(t, ast.Name)}
        for node in own if held else ():
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in held \
                    and node.lineno not in residue:
                report(node.lineno, node.col_offset,
                       f"`{_code(node.func)}()` is a call on a V1 context (`{node.func.value.id}`, created from a "
                       "V1 class this file takes from another module) and was not converted: port it with that "
                       "context (docs/python-client.md).", "warning", node.func.attr, "see docs/python-client.md")


def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a module or function body, without those of the functions and classes nested in it."""
    todo = list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(node))


def report_residue(original: str, output: str, ctx, start: int, frozen: dict[int, str]) -> None:  # type: ignore[no-untyped-def]
    """A finding for every V1 use left in ``output`` on a line no finding names yet."""
    residue = v1_lines(output)
    verdict = verify(output, getattr(frozen, "passes", None)) if residue or frozen else None
    _last[:] = [None, None]
    if verdict is None or not verdict.parses:
        return
    named: set[int] = set()
    for f in ctx.findings[start:]:
        if not f.applied:  # a rewrite's note on the line tells a person nothing about what is left on it
            named.update(range(f.line, max(f.end_line or f.line, f.line) + 1))

    def report(line: int, column: int, message: str, severity: str, v1: str, replacement: str,
               rule: str = "v1_client_api") -> None:
        original_line = ctx.original_line(line)
        if original_line in named or not ctx.settings.enabled(rule):
            return
        if ctx.report(line=line, column=column, rule=rule, severity=severity, message=message,
                      v1=v1, replacement=replacement):
            named.add(original_line)

    hints: list[set[int]] = []  # lines of checks --drop-v1-only-checks could drop (computed on first need)

    def hint(line: int) -> str:
        if ctx.settings.drop_v1_only_checks:
            return ""
        if not hints:
            from triton_migrate.analysis.dropchecks import hint_lines
            hints.append(hint_lines(original))
        from triton_migrate.analysis.dropchecks import FLAG_HINT
        return FLAG_HINT if ctx.original_line(line) in hints[0] else ""

    for obj in verdict.objects:
        if obj.kind != "v1":
            continue
        origin = ctx.original_line(obj.line)
        why = frozen.get(origin)
        reason = (f"it stays V1 as a whole because this use could not be converted: {why}"
                  if why else "the rules could not convert every use of it")
        replacement = "client = httpclient.InferenceServerClient(url) (or grpcclient) and its V2 methods; " \
                      "see docs/python-client.md"
        report(obj.line, 0, f"`{obj.cls}` (V1) is created here and not converted: {reason}.", "error",
               obj.cls, replacement, CONTEXTS[obj.cls].rule)
        for use in obj.uses:
            entry = CONTEXTS[obj.cls].methods.get(use.method or "")
            if isinstance(entry, Removed):
                extra = residuehints.correlation_hint(verdict.model, obj, use) \
                    if use.method == "correlation_id" and verdict.model is not None else ""
                report(use.line, getattr(use.node, "col_offset", 0),
                       f"`{use.what}` has no V2 equivalent ({entry.reason}), so this V1 `{obj.cls}` is not "
                       f"converted at all.{extra}" + hint(use.line), "error", f"{obj.cls}.{use.method}", entry.replacement,
                       CONTEXTS[obj.cls].rule)
                continue
            stream = residuehints.dict_hint(verdict.model, obj, use) + residuehints.stream_hint(verdict.model, obj, use) \
                if verdict.model is not None else ""
            report(use.line, getattr(use.node, "col_offset", 0),
                   f"`{use.what}` uses a V1 `{obj.cls}`, which is not converted "
                   f"({reason}): port this call by hand.{stream}" + hint(use.line), "error",
                   f"{obj.cls}.{use.method or ''}".rstrip("."),
                   replacement, CONTEXTS[obj.cls].rule)
    lines = output.splitlines()
    _report_unresolved_contexts(output, residue, report)
    if _STILL_IMPORTED.search(output):
        # V1 objects the model could not follow (kept in containers, queues, ``self`` of a
        # subclass): a call of a V1-only method or a V1 status field is still a V1 use.
        model = Model(astcache.parse(output))
        for node in astcache.walk(model.tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.lineno not in residue \
                    and model.v1_names.get(node.id) in ("api", "tensorrtserver"):
                report(node.lineno, node.col_offset,
                       f"`{node.id}` is assigned here, but it also names a V1 client module imported by this file: "
                       "rename the variable when you port the rest of this file (docs/python-client.md).",
                       "warning", node.id, "a name of its own for the variable")
                continue
            if not isinstance(node, ast.Attribute) or not hasattr(node, "lineno"):
                continue
            receiver = node.value
            if isinstance(receiver, ast.Name) and receiver.id in model.v1_names and node.lineno not in residue:
                # ``server_status.MODEL_READY`` of ``import tensorrtserver.api.server_status_pb2 as server_status``
                report(node.lineno, node.col_offset,
                       f"`{_code(node)}` is a name of a V1 client module and was not converted: port it by hand "
                       "(docs/python-client.md).", "warning", _code(node), "see docs/python-client.md")
                continue
            if isinstance(receiver, ast.Name) and receiver.id in model.imported:
                continue  # a module's function (subprocess.run, ...)
            parent = model.parent.get(node)
            called = isinstance(parent, ast.Call) and parent.func is node
            if not called and node.attr in STATISTICS_ADVICE:  # what V2's get_inference_statistics has instead
                advice, replacement = STATISTICS_ADVICE[node.attr]
                blocked = unloads.blocked(output, node.lineno)  # per fetch: an unload elsewhere says nothing here
                why = f" ({blocked})" if blocked else ""
                report(node.lineno, node.col_offset,
                       f"`{_code(node)}` reads a V1 status statistic and was not converted: the V1 status it comes "
                       f"from stays V1{why}. {advice[0].upper()}{advice[1:]}." + hint(node.lineno), "warning", node.attr,
                       replacement)
                continue
            if (called and node.attr in V1_ONLY_METHODS) or node.attr in V1_STATUS_FIELDS:
                report(node.lineno, node.col_offset,
                       f"`{_code(node)}{'()' if called else ''}` is a V1 client use (on a V1 object the tool could "
                       "not follow here) and was not converted: port it by hand (docs/python-client.md).",
                       "warning", node.attr, "see docs/python-client.md")
    for line, name in sorted(residue.items()):
        column = max(0, lines[line - 1].find(name))
        if name == "InferenceServerException" and "tritonclient.utils.InferenceServerException" in lines[line - 1]:
            report(line, column, "`InferenceServerException` (the V1 class) is still caught here beside "
                                 "`tritonclient.utils.InferenceServerException` on purpose: the `try` body may reach "
                                 "V1 objects of this file that stay V1 (or code of the project that may use the V1 "
                                 "client), which raise the V1 class. It goes when they are converted; where they stay "
                                 "V1 only for checks of V1-only values (uptime, server id, V1 statistics), "
                                 "`--drop-v1-only-checks` drops those checks and converts them.", "warning", name,
                   "except tritonclient.utils.InferenceServerException (once no V1 object raises here)")
            continue
        report(line, column, f"`{name}` (V1 client API) is still used on this line and was not converted: "
                             f"port it by hand (docs/python-client.md).{residuehints.name_hint(name)}", "warning", name,
               (v2_home(name) or "tritonclient.http / tritonclient.grpc") + " (see docs/python-client.md)")
