"""An independent V1 usage detector: where does a file still use the V1 API?

Shared by ``bench/corpus.py`` (real V1 code), the end-to-end program tests and
the property test (``tests/e2e``, ``tests/test_v1_shapes_property.py``). It
does not use the rewriters or their analysis: ``ast`` for Python, a regex for
other text.

* Python: each name imported from ``tensorrtserver``; each expression naming a
  V1-only API (``InferContext``, ``ProtocolType``, ``ResultFormat``,
  ``InferRequestHeader``, the V1 protobuf modules, a ``tensorrtserver`` module
  alias, ``InferenceServerException`` and friends when a V1 import binds them);
  each call of a V1-only method (``async_run``, ``get_async_run_results``,
  ``get_server_status``, ``get_stat``, ...); each method call on an object built
  from a V1 context class (``ctx.run``, ``self.ctx.load``, ...), a plain name
  counting only where an assignment of a V1 context reaches it (in order, per
  scope: ``ctx`` rebound to a V2 client is V2 from there on); each string
  holding a V1 endpoint, ``trtserver`` or a V1-only server flag. A Python file
  that does not parse is searched with the regex.
* Other text: each match of a V1 regex.
"""
from __future__ import annotations

import ast
import difflib
import re

V1_REGEX = re.compile(
    r"\btensorrtserver\b|(?<![\w/.-])trtserver(?![\w-])|\bInferContext\b|\bServer(?:Health|Status)Context\b|"
    r"\bModel(?:Control|Repository)Context\b|\bSharedMemoryControlContext\b|\bProtocolType\b|\bResultFormat\b|"
    r"\bInferRequestHeader\b|\bGRPCServiceStub\b|/api/(?:health|infer|status|modelcontrol|sharedmemorycontrol)\b|"
    r"TENSORRT_SERVER_|--(?:api-version|http-health-port|allow-poll-model-repository|allow-model-control|"
    r"tf-add-vgpu|tf-gpu-memory-fraction|tf-allow-soft-placement|grpc-infer-thread-count|"
    r"grpc-stream-infer-thread-count)\b")

#: Names that exist only in the V1 client (any use of them is V1 usage).
V1_NAMES = frozenset({
    "InferContext", "ServerHealthContext", "ServerStatusContext", "ModelControlContext",
    "ModelRepositoryContext", "SharedMemoryControlContext", "ProtocolType", "ResultFormat",
    "InferRequestHeader", "InferResponseHeader", "InferSharedMemory", "SharedMemoryStatus",
    "serialize_string_tensor", "GRPCServiceStub", "api_pb2", "server_status_pb2",
    "request_status_pb2", "grpc_service_pb2", "grpc_service_pb2_grpc", "tensorrtserver",
})
#: V1 context classes: objects built from them are tracked.
V1_CONTEXTS = frozenset(n for n in V1_NAMES if n.endswith("Context"))
#: Method names that exist only on V1 objects.
V1_METHODS = frozenset({
    "async_run", "get_async_run_results", "get_server_status", "get_stat", "get_shared_memory_status",
    "unregister_all", "cuda_register", "get_last_request_id", "get_last_request_model_name",
    "get_last_request_model_version", "get_ready_async_request",
})
#: Fields of the V1 status protobufs (``ServerStatus``, ``ModelStatus``) that V2 results do not have.
V1_FIELDS = frozenset({"model_status", "version_status", "ready_state", "uptime_ns", "status_stats",
                       "ready_state_reason", "model_execution_count", "model_inference_count"})
#: V1 names that V2 also has (the same name is V1 only when a V1 import binds it).
SHARED_NAMES = frozenset({"InferenceServerException", "model_config_pb2", "create_shared_memory_region",
                          "set_shared_memory_region", "destroy_shared_memory_region", "SharedMemoryException"})
V1_STRING = re.compile(
    r"/api/(?:health|infer|status|modelcontrol|sharedmemorycontrol)\b|(?<![\w/.-])trtserver(?![\w-])|"
    r"TENSORRT_SERVER_|--(?:api-version|http-health-port|allow-poll-model-repository|allow-model-control|"
    r"tf-add-vgpu|tf-gpu-memory-fraction|tf-allow-soft-placement|grpc-infer-thread-count|"
    r"grpc-stream-infer-thread-count)\b")


def _related_classes(tree: ast.Module) -> dict[str, set[str]]:
    """Each class of the module -> itself and the module's classes it inherits from or that inherit from it."""
    bases: dict[str, set[str]] = {}
    for n in ast.walk(tree):
        if isinstance(n, ast.ClassDef):
            bases.setdefault(n.name, set()).update(b[-1] for b in (_dotted(x) for x in n.bases) if b)
    parents = {name: bs & set(bases) for name, bs in bases.items()}
    related: dict[str, set[str]] = {}
    for name in bases:
        family, todo = {name}, [name]
        while todo:
            c = todo.pop()
            for other in parents.get(c, set()) | {k for k, ps in parents.items() if c in ps}:
                if other not in family:
                    family.add(other)
                    todo.append(other)
        related[name] = family
    return related


def _key(node: ast.AST) -> str | None:
    parts = _dotted(node)
    return ".".join(parts) if parts else None


def _dotted(node: ast.AST) -> list[str] | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return parts[::-1]
    return None


_BINDS_SCOPE = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
                ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _bound_names(body: list[ast.AST]) -> tuple[set[str], set[str]]:
    """Names a scope binds (and those it declares ``global``/``nonlocal``), not looking into nested scopes."""
    bound: set[str] = set()
    declared: set[str] = set()
    todo = list(body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
            todo += node.decorator_list
            if not isinstance(node, ast.ClassDef):
                todo += [d for d in node.args.defaults + node.args.kw_defaults if d is not None]
            else:
                todo += node.bases + [k.value for k in node.keywords]
            continue
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            declared.update(node.names)
        elif getattr(node, "name", None) and type(node).__name__ in ("MatchAs", "MatchStar"):
            bound.add(node.name)
        todo += list(ast.iter_child_nodes(node))
    return bound - declared, declared


def _params(args: ast.arguments) -> list[str]:
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    return names


class _Scope:
    """One Python scope while it is walked: the names it binds and, for each, whether it may hold a V1 context here."""

    def __init__(self, kind: str, node: ast.AST, parent: _Scope | None, names: set[str],
                 name: str = "") -> None:
        self.kind = kind  # "module", "class", "function", "inline" (a comprehension)
        self.node = node
        self.parent = parent
        self.names = names
        self.name = name  # the function's or class's name
        self.state: set[str] = set()  # names that may hold a V1 context at this point of the walk


class _Sites:
    """Collect the line of every V1 site of one parsed Python file.

    Plain names are followed *in order* within their scope (reaching definitions): a name
    holds a V1 context at a use when some assignment that reaches the use (through ``if``,
    loops with ``break`` and ``continue``, ``try`` bodies left at any statement by an
    exception; nothing after ``return`` or ``raise``) stored one; ``ctx = ServerStatusContext(...)`` followed later in the same
    function by ``ctx = httpclient.InferenceServerClient(...)`` makes the uses after the
    second assignment V2 code. A name read in a nested function is V1 when any assignment of
    its enclosing scope stored a V1 context (that function may run at any time). A parameter
    holds one when a call in the file passes one; for a function the file never calls (its
    callers are elsewhere), when a name of that parameter's name holds one somewhere in the
    file (the conservative guess of the flow-insensitive detector before it). Attributes
    (``self.ctx``), containers, factories, subclasses and parameters that call sites fill
    with V1 contexts are followed over the whole file, as before.
    """

    def __init__(self, tree: ast.Module) -> None:
        self.lines: list[int] = []
        self.v1_aliases: set[str] = set()  # names bound to a tensorrtserver module
        self.v1_bound: set[str] = set()  # names bound by a V1 import
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.split(".")[0] == "tensorrtserver":
                        self.v1_aliases.add(a.asname or "tensorrtserver")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tensorrtserver":
                for a in node.names:
                    if a.name == "*":
                        self.v1_bound |= SHARED_NAMES
                    else:
                        self.v1_bound.add(a.asname or a.name)
        self.attrs: set[str] = set()  # dotted names (``self.ctx``) holding a V1 context somewhere
        # ``self.x`` per class: (class, "self.x") assigned anything / a V1 context.  A ``self.x``
        # read in a class where it (or a class related by inheritance) is assigned is V1 only when
        # one of those classes assigns it a V1 context; elsewhere the file-wide ``attrs`` decides.
        self.self_assigned: set[tuple[str, str]] = set()
        self.self_v1: set[tuple[str, str]] = set()
        self.other_v1: set[str] = set()  # attribute paths (``ctx``) given a V1 context through another object
        self.related = _related_classes(tree)
        self.containers: set[object] = set()  # containers of V1 contexts: dotted names or (scope, name)
        self.factories: set[str] = set()  # functions returning a V1 context
        self.classes: set[str] = set(V1_CONTEXTS)  # V1 context classes and their subclasses
        self.params: dict[str, set[str]] = {}  # function name -> parameters some call fills with a V1 context
        self.ever: dict[int, set[str]] = {}  # scope -> names that some assignment of it fills with a V1 context
        self.functions = {n.name: n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        self.called = {name[-1] for n in ast.walk(tree) if isinstance(n, ast.Call) for name in [_dotted(n.func)] if name}
        self.recording = False
        self.mute = 0
        self.try_stack: list[tuple[_Scope, set[str]]] = []  # states an exception may leave a try body in
        self.loop_stack: list[tuple[_Scope, set[str], set[str]]] = []  # states at break / continue
        for _ in range(6):  # learn to a fixed point (the sets only grow)
            size = self._size()
            self._module(tree)
            if size == self._size():
                break
        self.recording = True
        self._module(tree)

    def _size(self) -> int:
        return (len(self.attrs) + len(self.self_v1) + len(self.self_assigned) + len(self.other_v1) + len(self.containers) + len(self.factories) + len(self.classes)
                + sum(map(len, self.params.values())) + sum(map(len, self.ever.values())))

    def _site(self, line: int, count: int = 1) -> None:
        if self.recording and not self.mute:
            self.lines += [line] * count

    # -- scopes and names --------------------------------------------------------------

    def _module(self, tree: ast.Module) -> None:
        names, _ = _bound_names(tree.body)
        self._block(tree.body, _Scope("module", tree, None, names))

    def _owner(self, name: str, scope: _Scope) -> tuple[_Scope | None, bool]:
        """The scope that binds ``name`` as seen from ``scope``, and whether it is running now."""
        s: _Scope | None = scope
        live = True
        while s is not None:
            if not (s.kind == "class" and s is not scope) and name in s.names:
                return s, live
            if s.kind != "inline":
                live = False
            s = s.parent
        return None, False

    def _lookup(self, name: str, scope: _Scope) -> bool:
        owner, live = self._owner(name, scope)
        if owner is None:
            return False
        return name in (owner.state if live else self.ever.get(id(owner.node), set()))

    def _bind_name(self, name: str, v1: bool, scope: _Scope) -> None:
        owner, live = self._owner(name, scope)
        if owner is None:  # ``global`` name the module never binds otherwise
            return
        if v1:
            self.ever.setdefault(id(owner.node), set()).add(name)
        if live:
            if v1:
                owner.state.add(name)
            else:
                owner.state.discard(name)

    def _ckey(self, node: ast.AST, scope: _Scope) -> object:
        parts = _dotted(node)
        if not parts:
            return None
        if len(parts) == 1:
            owner, _ = self._owner(parts[0], scope)
            return (id(owner.node) if owner else 0, parts[0])
        return ".".join(parts)

    def _class_of(self, scope: _Scope) -> str | None:
        s: _Scope | None = scope
        while s is not None:
            if s.kind == "class":
                return s.name
            s = s.parent
        return None

    def _function_of(self, scope: _Scope) -> str | None:
        s: _Scope | None = scope
        while s is not None and s.kind == "inline":
            s = s.parent
        return s.name if s is not None and s.kind == "function" else None

    # -- values ------------------------------------------------------------------------

    def holds(self, node: ast.AST, scope: _Scope) -> bool:
        """May the value of ``node`` be a V1 context here?"""
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name and (name[-1] in self.classes or name[-1] in self.factories):
                return True
            if isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "pop", "popleft", "get_nowait"):
                return self._ckey(node.func.value, scope) in self.containers
            return False
        if isinstance(node, ast.Subscript):
            return self._ckey(node.value, scope) in self.containers
        if isinstance(node, ast.Name):
            return self._lookup(node.id, scope)
        if isinstance(node, ast.NamedExpr):
            return self.holds(node.value, scope)
        key = _key(node)
        if key is None:
            return False
        cls = self._class_of(scope) if key.startswith("self.") else None
        family = self.related.get(cls, {cls}) if cls is not None else set()
        if any((c, key) in self.self_assigned for c in family) and key[5:] not in self.other_v1:
            return any((c, key) in self.self_v1 for c in family)
        return key in self.attrs

    def holds_many(self, node: ast.AST, scope: _Scope) -> bool:
        """Is ``node`` a container literal or comprehension of V1 contexts?"""
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return any(self.holds(e, scope) for e in node.elts)
        if isinstance(node, ast.Dict):
            return any(self.holds(v, scope) for v in node.values)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            self.mute += 1
            inner = self._comprehension(node, scope)
            self.mute -= 1
            return self.holds(node.value if isinstance(node, ast.DictComp) else node.elt, inner)
        return False

    def _iterates_container(self, node: ast.AST, scope: _Scope) -> bool:
        return any(isinstance(n, (ast.Name, ast.Attribute)) and self._ckey(n, scope) in self.containers
                   for n in ast.walk(node))

    def _bind(self, target: ast.AST, value: ast.AST | None, scope: _Scope, v1: bool | None = None) -> None:
        if v1 is None:
            v1 = value is not None and self.holds(value, scope)
        if isinstance(target, ast.Name):
            self._expr(target, scope)
            self._bind_name(target.id, v1, scope)
            if not v1 and value is not None and self.holds_many(value, scope):
                self.containers.add(self._ckey(target, scope))
        elif isinstance(target, ast.Attribute):
            self._expr(target, scope)
            key = _key(target)
            cls = self._class_of(scope) if key and key.startswith("self.") else None
            if cls is not None:
                self.self_assigned.add((cls, key))
                if v1:
                    self.self_v1.add((cls, key))
            elif key and v1 and "." in key:
                self.other_v1.add(key.split(".", 1)[1])
            if key and v1:
                self.attrs.add(key)
            elif key and value is not None and self.holds_many(value, scope):
                self.containers.add(key)
        elif isinstance(target, ast.Subscript):
            self._expr(target, scope)
            if v1:
                key = self._ckey(target.value, scope)
                if key:
                    self.containers.add(key)
        elif isinstance(target, (ast.Tuple, ast.List)):
            pairs = (isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts)
                     and not any(isinstance(e, ast.Starred) for e in target.elts + value.elts))
            for i, elt in enumerate(target.elts):
                if pairs:
                    self._bind(elt, value.elts[i], scope)  # type: ignore[union-attr]
                else:
                    self._bind(elt, None, scope, v1=False)
        elif isinstance(target, ast.Starred):
            self._bind(target.value, None, scope, v1=False)

    # -- statements --------------------------------------------------------------------

    def _block(self, body: list[ast.stmt], scope: _Scope) -> None:
        for stmt in body:
            self._stmt(stmt, scope)

    def _branches(self, scope: _Scope, entry: set[str], bodies: list[list[ast.stmt]]) -> set[str]:
        out: set[str] = set()
        for body in bodies:
            scope.state = set(entry)
            self._block(body, scope)
            out |= scope.state
        return out

    def _loop(self, stmt: ast.For | ast.AsyncFor | ast.While, scope: _Scope) -> None:
        entry = set(scope.state)
        container = isinstance(stmt, (ast.For, ast.AsyncFor)) and self._iterates_container(stmt.iter, scope)

        def once() -> None:
            if isinstance(stmt, (ast.For, ast.AsyncFor)):
                self._expr(stmt.target, scope)
                for n in ast.walk(stmt.target):
                    if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                        self._bind_name(n.id, container, scope)
            else:
                self._expr(stmt.test, scope)
            self._block(stmt.body, scope)

        head = set(entry)
        breaks: set[str] = set()
        continues: set[str] = set()
        self.loop_stack.append((scope, breaks, continues))
        self.mute += 1
        for _ in range(4):  # the state at the loop's head: entry, the end of an iteration, or a continue
            scope.state = set(head)
            once()
            new_head = entry | scope.state | continues
            if new_head == head:
                break
            head = new_head
        self.mute -= 1
        scope.state = set(head)
        once()
        self.loop_stack.pop()
        after = head | scope.state | continues
        scope.state = set(after)
        self._block(stmt.orelse, scope)
        scope.state |= after | breaks

    def _stmt(self, stmt: ast.stmt, scope: _Scope) -> None:
        self._statement(stmt, scope)
        for owner, states in self.try_stack:  # an exception after this statement reaches the handlers
            if owner is scope:
                states |= scope.state

    def _statement(self, stmt: ast.stmt, scope: _Scope) -> None:  # noqa: C901 (one branch per statement type)
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for d in stmt.decorator_list:
                self._expr(d, scope)
            args = stmt.args
            for d in [*args.defaults, *args.kw_defaults, stmt.returns,
                      *(a.annotation for a in args.posonlyargs + args.args + args.kwonlyargs),
                      *(a.annotation for a in (args.vararg, args.kwarg) if a is not None)]:
                if d is not None:
                    self._expr(d, scope)
            self._bind_name(stmt.name, False, scope)
            params = _params(stmt.args)
            names, _ = _bound_names(stmt.body)
            inner = _Scope("function", stmt, scope, names | set(params), stmt.name)
            inner.state = {p for p in params if p in self.params.get(stmt.name, ())}
            if stmt.name not in self.called:  # callers in other files: a parameter named like a V1 context here
                held = set().union(*self.ever.values()) if self.ever else set()
                inner.state |= {p for p in params if p in held}
            self.ever.setdefault(id(stmt), set()).update(inner.state)
            self._block(stmt.body, inner)
        elif isinstance(stmt, ast.ClassDef):
            for base in stmt.bases:
                self._expr(base, scope)
                name = _dotted(base)
                if name and name[-1] in self.classes:
                    self.classes.add(stmt.name)
            for k in stmt.keywords:
                self._expr(k.value, scope)
            for d in stmt.decorator_list:
                self._expr(d, scope)
            self._bind_name(stmt.name, False, scope)
            names, _ = _bound_names(stmt.body)
            self._block(stmt.body, _Scope("class", stmt, scope, names, stmt.name))
        elif isinstance(stmt, ast.Assign):
            self._expr(stmt.value, scope)
            v1 = self.holds(stmt.value, scope)
            for target in stmt.targets:
                self._bind(target, stmt.value, scope, v1 if not isinstance(target, (ast.Tuple, ast.List)) else None)
        elif isinstance(stmt, ast.AnnAssign):
            self._expr(stmt.annotation, scope)
            if stmt.value is not None:
                self._expr(stmt.value, scope)
                self._bind(stmt.target, stmt.value, scope)
            else:
                self._expr(stmt.target, scope)
        elif isinstance(stmt, ast.AugAssign):
            self._expr(stmt.target, scope)
            self._expr(stmt.value, scope)
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            self._expr(stmt.iter, scope)
            self._loop(stmt, scope)
        elif isinstance(stmt, ast.While):
            self._expr(stmt.test, scope)
            self._loop(stmt, scope)
        elif isinstance(stmt, ast.If):
            self._expr(stmt.test, scope)
            scope.state = self._branches(scope, set(scope.state), [stmt.body, stmt.orelse])
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                self._expr(item.context_expr, scope)
                if item.optional_vars is not None:
                    self._bind(item.optional_vars, item.context_expr, scope)
            self._block(stmt.body, scope)
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            raised = set(scope.state)  # every state the body passes through
            self.try_stack.append((scope, raised))
            self._block(stmt.body, scope)  # type: ignore[attr-defined]
            self.try_stack.pop()
            after_body = set(scope.state)
            out: set[str] = set()
            for handler in stmt.handlers:  # type: ignore[attr-defined]
                scope.state = raised | after_body
                if handler.type is not None:
                    self._expr(handler.type, scope)
                if handler.name:
                    self._bind_name(handler.name, False, scope)
                self._block(handler.body, scope)
                out |= scope.state
            scope.state = after_body
            self._block(stmt.orelse, scope)  # type: ignore[attr-defined]
            scope.state |= out
            if stmt.finalbody:  # type: ignore[attr-defined]
                scope.state |= raised  # an exception no handler catches goes through finally
                self._block(stmt.finalbody, scope)  # type: ignore[attr-defined]
        elif type(stmt).__name__ == "Match":
            self._expr(stmt.subject, scope)  # type: ignore[attr-defined]
            entry = set(scope.state)
            out = set(entry)
            for case in stmt.cases:  # type: ignore[attr-defined]
                scope.state = set(entry)
                self._expr(case.pattern, scope)
                if case.guard is not None:
                    self._expr(case.guard, scope)
                self._block(case.body, scope)
                out |= scope.state
            scope.state = out
        elif isinstance(stmt, ast.Return):
            if stmt.value is not None:
                self._expr(stmt.value, scope)
                function = self._function_of(scope)
                if function and self.holds(stmt.value, scope):
                    self.factories.add(function)
            scope.state = set()
        elif isinstance(stmt, ast.Raise):
            for child in (stmt.exc, stmt.cause):
                if child is not None:
                    self._expr(child, scope)
            scope.state = set()
        elif isinstance(stmt, ast.Import):
            self._site(stmt.lineno, sum(1 for a in stmt.names if a.name.split(".")[0] == "tensorrtserver"))
            for a in stmt.names:
                self._bind_name((a.asname or a.name).split(".")[0], False, scope)
        elif isinstance(stmt, ast.ImportFrom):
            if (stmt.module or "").split(".")[0] == "tensorrtserver":
                self._site(stmt.lineno, len(stmt.names))
            for a in stmt.names:
                if a.name != "*":
                    self._bind_name(a.asname or a.name, False, scope)
        elif isinstance(stmt, (ast.Break, ast.Continue)):
            if self.loop_stack and self.loop_stack[-1][0] is scope:
                self.loop_stack[-1][1 if isinstance(stmt, ast.Break) else 2].update(scope.state)
            scope.state = set()  # nothing after it in this block runs (the empty state adds nothing to a join)
        elif isinstance(stmt, ast.Delete):
            for target in stmt.targets:
                self._expr(target, scope)
                if isinstance(target, ast.Name):
                    self._bind_name(target.id, False, scope)
        else:  # Expr, Raise, Assert, Pass, Global, ...
            for child in ast.iter_child_nodes(stmt):
                if isinstance(child, ast.stmt):
                    self._stmt(child, scope)
                else:
                    self._expr(child, scope)

    # -- expressions -------------------------------------------------------------------

    def _comprehension(self, node: ast.AST, scope: _Scope) -> _Scope:
        inner = _Scope("inline", node, scope, set())
        for i, gen in enumerate(node.generators):  # type: ignore[attr-defined]
            self._expr(gen.iter, scope if i == 0 else inner)
            container = self._iterates_container(gen.iter, scope if i == 0 else inner)
            for n in ast.walk(gen.target):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                    inner.names.add(n.id)
                    if container:
                        inner.state.add(n.id)
                    else:
                        inner.state.discard(n.id)
            self._expr(gen.target, inner)
            for cond in gen.ifs:
                self._expr(cond, inner)
        return inner

    def _learn_call(self, node: ast.Call, scope: _Scope) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in (
                "put", "append", "add", "insert", "appendleft", "setdefault") and any(
                self.holds(a, scope) for a in node.args):
            key = self._ckey(func.value, scope)
            if key:
                self.containers.add(key)
        name = _dotted(func)
        target = self.functions.get(name[-1]) if name else None
        if target is None:
            return
        params = [a.arg for a in target.args.posonlyargs + target.args.args]
        if params and params[0] in ("self", "cls") and len(name) > 1:
            params = params[1:]
        filled = self.params.setdefault(target.name, set())
        for param, arg in zip(params, node.args):
            if self.holds(arg, scope):
                filled.add(param)
        for kw in node.keywords:
            if kw.arg in params + [a.arg for a in target.args.kwonlyargs] and self.holds(kw.value, scope):
                filled.add(kw.arg)

    def _is_v1_chain(self, parts: list[str]) -> bool:
        if any(p in V1_NAMES or p in V1_FIELDS for p in parts[1:]) or parts[0] in V1_NAMES:
            return True
        if parts[0] in self.v1_aliases:
            return True
        return parts[0] in self.v1_bound

    def _expr(self, node: ast.AST, scope: _Scope) -> None:  # noqa: C901
        if isinstance(node, (ast.Name, ast.Attribute)):
            parts = _dotted(node)
            if parts is not None:  # a plain dotted chain: nothing below it to visit
                if self._is_v1_chain(parts):
                    self._site(node.lineno)
                return
            self._expr(node.value, scope)  # type: ignore[union-attr]
        elif isinstance(node, ast.Call):
            self._learn_call(node, scope)
            func = node.func
            if isinstance(func, ast.Attribute):
                receiver = _dotted(func.value)
                cls = self._class_of(scope)
                in_v1_class = cls is not None and cls in self.classes
                if (func.attr in V1_METHODS or self.holds(func.value, scope)
                        or (in_v1_class and receiver == ["self"])):
                    self._site(func.lineno)
                    if receiver is None:
                        self._expr(func.value, scope)
                else:
                    self._expr(func, scope)
            else:
                self._expr(func, scope)
            for arg in node.args:
                self._expr(arg, scope)
            for kw in node.keywords:
                self._expr(kw.value, scope)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                self._site(node.lineno, len(V1_STRING.findall(node.value)))
        elif isinstance(node, ast.NamedExpr):
            self._expr(node.value, scope)
            self._bind(node.target, node.value, scope)
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            self._expr(node.elt, self._comprehension(node, scope))
        elif isinstance(node, ast.DictComp):
            inner = self._comprehension(node, scope)
            self._expr(node.key, inner)
            self._expr(node.value, inner)
        elif isinstance(node, ast.Lambda):
            for d in node.args.defaults + node.args.kw_defaults:
                if d is not None:
                    self._expr(d, scope)
            self._expr(node.body, _Scope("function", node, scope, set(_params(node.args)), "<lambda>"))
        else:
            for child in ast.iter_child_nodes(node):
                self._expr(child, scope)


def v1_sites(path: str, text: str) -> list[int]:
    """The line of every V1 site of a file (a line may hold several)."""
    if path.endswith(".py"):
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            tree = None
        if tree is not None:
            return sorted(_Sites(tree).lines)
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        lines += [number] * len(V1_REGEX.findall(line))
    return lines


def map_new_to_old(old: str, new: str) -> dict[int, tuple[int, int]]:
    """For each line of ``new`` (1-based), the range of ``old`` lines it comes from."""
    a, b = old.splitlines(), new.splitlines()
    mapping: dict[int, tuple[int, int]] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        for j in range(j1, j2):
            if tag == "equal":
                mapping[j + 1] = (i1 + (j - j1) + 1,) * 2
            else:
                mapping[j + 1] = (i1 + 1, max(i2, i1 + 1))
    return mapping


def silent_lines(old: str, new: str, finding_lines: set[int], path: str = "x.py") -> list[int]:
    """Lines of ``new`` holding a V1 site that no finding (numbered in ``old``) names."""
    mapping = map_new_to_old(old, new)
    out = []
    for line in sorted(set(v1_sites(path, new))):
        lo, hi = mapping.get(line, (line, line))
        if not any(n in finding_lines for n in range(lo, hi + 1)):
            out.append(line)
    return out
