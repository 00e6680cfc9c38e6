"""The run-wide first pass: functions and classes that take or return V1 objects, and who calls them.

Each Python file is migrated alone, but V1 objects cross module boundaries: a
helper module takes a ``ProtocolType`` or a context (``def server_ready(url,
protocol)``, ``def add_sub(ctx, ...)``) or returns one (``def make(url, p):
return InferContext(url, p, "m")``), and its callers live in other files.  A
helper converted on its own breaks callers that still pass V1 values.

Before any file is migrated, this pass reads (stdlib ``ast``, no libcst) every
Python file of the run that names the V1 API (and the modules of the run those
files import: a helper taking a context may name no V1 API), and builds a
`RunIndex`:

- per module (dotted name relative to the run's roots, and file): its top-level
  functions, classes (a call of the class is a call of its ``__init__``) and
  methods (``Cls.m``) whose parameters receive V1 contexts (``p.run()``,
  ``p.is_ready()``, ...) or ``ProtocolType`` values (``Ctx(url, p)``), directly
  or through other functions of the file, or that return a V1 context;
- every cross-module call site of those (``from x import f; f(...)``,
  ``import x; x.f(...)``, ``from pkg import x; x.f(...)``) and what it passes
  (a ``ProtocolType`` value, a V1 context, something else) or receives.

`RunIndex.decide` then makes one decision per helper, for all its files at once:

- a ``ProtocolType`` parameter converts (to a client module) only when every
  cross-module call passes a ``ProtocolType`` value and every calling file is
  migrated in this run; `v1_protocol` then rewrites the value at each call
  (`FileView.module_params`), the helper's context rule converts the helper;
- a context parameter of a class that carries no model (`MODELLESS`: health,
  model control, shared-memory control) converts when every cross-module call
  passes a context of that one class built in the calling file without
  headers, every calling file is migrated in this run, the helper is a
  top-level function its own file does not call, and every use of the
  parameter is a method call the class converts: the callers' contexts become
  V2 clients as usual (`FileView.passes` tells the verifier that the call may
  receive one), and the helper's rules treat the parameter as that class's
  context (`FileView.context_params`, read by `v1client.crossparams`);
- any other context parameter, and a function returning a context, stay V1 when
  any other module calls them (a V2 client does not carry the model name, so
  the requests of both files would have to change together): the constructors
  concerned are frozen (the carrier's rollback mechanism, `FileView.freeze`),
  in the helper's file and in each caller's;
- in every "stays V1" case, a finding on the helper names the calling files and
  a finding on each call names the helper's file (`FileView.findings`).

After the files are migrated, `RunIndex.check` indexes the new texts again
and compares the two sides of every decision: a helper converted while a
caller still passes a V1 value (or the reverse) flips the decision to "stays
V1" and the files concerned are migrated again (the runner does it; a
mismatch that remains rolls those files back whole).  Functions with no
caller in the run keep the per-file behaviour; when such a function is
exported and was converted, a warning says that callers outside the run must
pass a client module / now receive a V2 client.

Nothing here needs libcst: the per-file rules read a `FileView` from
``settings.extra[VIEW]`` (`view_of`); without one (``migrate_text`` on its own)
they behave as they did.
"""
from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from triton_migrate import shmcross
from triton_migrate.analysis.imports import bindings
from triton_migrate.data.v1_client_api import CONTEXTS, PUBLIC_NAMES, SEMANTIC_METHODS, V1_API, Rename
from triton_migrate.findings import Finding
from triton_migrate.text import Suppressions

VIEW = "crossfile.view"
RULE = "v1_client_api"
# Byte needles of the files the first pass reads: the V1 client API.
NEEDLES = (b"tensorrtserver", b"ProtocolType")
_PROTOCOLS = {"ProtocolType.HTTP", "ProtocolType.GRPC"}
# Contexts that carry no model, no sequence and nothing the protocol changes in their converted calls: a V2
# client passed in their place does the same.  (ServerStatusContext carries a model name and its status
# converts by what the caller reads; InferContext carries the model, version and correlation id.)
MODELLESS = ("ServerHealthContext", "ModelControlContext", "SharedMemoryControlContext")
_CONTEXT_METHODS = frozenset({m for spec in CONTEXTS.values() for m in spec.methods}
                             | {m for methods in SEMANTIC_METHODS.values() for m in methods}) - {"close"}


# -- per-file facts --------------------------------------------------------------------------

@dataclass
class Function:
    """A function, class (its ``__init__``) or method (``Cls.m``) of a module."""

    qualname: str
    line: int
    col: int
    params: tuple[str, ...]  # what a call binds (without self)
    exported: bool
    protocol_params: dict[str, list[int]] = field(default_factory=dict)  # param -> V1 constructor lines it reaches
    context_params: set[str] = field(default_factory=set)
    returns: list[int] = field(default_factory=list)  # lines of the V1 constructors it returns
    # (callee qualname in this file, {callee param: my param}) for the fixed point
    forwards: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    local_calls: int = 0  # calls of it inside its own file
    # context parameter -> the methods called on it, when every use of it is such a call (None: other uses)
    context_methods: dict[str, Optional[frozenset[str]]] = field(default_factory=dict)
    context_uses: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)  # param -> (line, col, method)
    # parameters it passes on to another module's ProtocolType parameter (set by RunIndex.decide)
    forwarded: set[str] = field(default_factory=set)
    # it returns a list of the shared-memory regions it creates (`shmcross.is_factory`)
    shm_factory: bool = False
    # a factory whose list also holds ``P[...]`` when P is not None: (P, K first entries always created)
    shm_guard: Optional[tuple[str, int]] = None
    none_guards: frozenset[str] = frozenset()  # parameters never rebound and tested ``if P is None:`` (shmcross)
    shm_cleanup: bool = False  # ``x.unregister(P[...])`` on a parameter P (shmcross.unregisters_param)
    shm_read_only: frozenset[str] = frozenset()  # parameters it only reads items of (``P[i]``), never rebound

    @property
    def v1(self) -> bool:
        return bool(self.protocol_params or self.context_params or self.returns or self.forwarded or self.shm_factory
                    or self.shm_cleanup)


@dataclass
class CallSite:
    """A call in one file of a function of another module."""

    path: str
    line: int
    col: int
    module: str  # the callee's module as imported (dotted)
    name: str  # the callee's qualname there
    func_text: str  # how the call names it (``server_ready``, ``helpers.server_ready``)
    positional: list[tuple[str, Optional[int]]]  # (kind, constructor line) per positional argument
    keywords: dict[str, tuple[str, Optional[int]]]
    receives: bool  # the result is used
    ordinal: int = 0  # n-th call of this callee in its file (to match the new text)
    caller: str = ""  # qualname of the top-level function or method the call is in ("" elsewhere)
    # per argument: "None", "name:X" (a parameter of the caller never rebound), "made@line:col" (a name assigned
    # once from the call at line:col), "" otherwise (shmcross: guarded factories)
    tokens: list[str] = field(default_factory=list)
    kw_tokens: dict[str, str] = field(default_factory=dict)

    def bind_tokens(self, params: tuple[str, ...]) -> Optional[dict[str, str]]:
        if self.bind(params) is None or len(self.tokens) != len(self.positional):
            return None
        bound = dict(zip(params, self.tokens))
        bound.update(self.kw_tokens)
        return bound

    def bind(self, params: tuple[str, ...]) -> Optional[dict[str, tuple[str, Optional[int]]]]:
        if len(self.positional) > len(params) or any(k not in params for k in self.keywords):
            return None
        bound = dict(zip(params, self.positional))
        bound.update(self.keywords)
        return bound


@dataclass
class ModuleInfo:
    path: str  # as the report names it
    names: tuple[str, ...]  # dotted names, longest first
    functions: dict[str, Function] = field(default_factory=dict)
    calls: list[CallSite] = field(default_factory=list)
    imports: dict[str, tuple[str, Optional[str]]] = field(default_factory=dict)  # local -> (module, attr)
    has_all: bool = False
    # line of a V1 constructor -> (its class, whether it is given http_headers); "" when a line has two
    contexts: dict[int, tuple[str, bool]] = field(default_factory=dict)
    # method name -> lines of calls through a receiver the index does not resolve that pass V1 values
    loose: dict[str, list[int]] = field(default_factory=dict)
    v1_api: bool = True  # imports tensorrtserver.api (else: a helper module found by its importers)
    shm_taken: bool = False  # defines a name of the shared-memory registry (`shmcross`): exports nothing
    star_imports: list[str] = field(default_factory=list)  # modules of the project it star-imports


def dotted_names(rel: str) -> tuple[str, ...]:
    """``app/helpers.py`` -> ("app.helpers", "helpers"); ``app/__init__.py`` -> ("app",)."""
    parts = rel.replace(os.sep, "/").split("/")
    stem = parts[-1].rsplit(".", 1)[0]
    parts = parts[:-1] if stem == "__init__" else parts[:-1] + [stem]
    parts = [p for p in parts if p not in ("", ".")]
    return tuple(".".join(parts[i:]) for i in range(len(parts)) if all(p.isidentifier() for p in parts[i:]))


class _V1Names:
    """What the module's names mean in V1 terms (``InferContext``, ``ProtocolType.HTTP``)."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # local name -> V1 name
        self.modules: set[str] = set()  # local names bound to tensorrtserver.api

    def add_import(self, node: ast.AST) -> bool:
        """Record ``node`` if it imports the V1 API; True when it did."""
        found = [b for b in bindings(node) if b.module == V1_API and not b.level]
        for b in found:
            if b.member is None:
                self.modules.add(b.reference)  # the ``as`` name, or "tensorrtserver.api"
            elif b.star:
                self.names.update({n: n for n in (*CONTEXTS, "ProtocolType")})
            else:
                self.names[b.local] = b.member
        return bool(found)

    def __bool__(self) -> bool:
        return bool(self.names or self.modules)

    def name(self, node: ast.AST) -> Optional[str]:
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            if _text(node.value) in self.modules:
                return node.attr
            inner = self.name(node.value)
            return f"{inner}.{node.attr}" if inner else None
        return None

    def kind(self, node: ast.AST) -> Optional[str]:
        """"protocol" for a ProtocolType value, "context" for a V1 constructor call."""
        if not self:
            return None
        if self.name(node) in _PROTOCOLS:
            return "protocol"
        if isinstance(node, ast.Call):
            called = self.name(node.func)
            if called == "ProtocolType.from_str":
                return "protocol"
            if called in CONTEXTS:
                return "context"
        return None


def _text(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _text(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def _params(function: ast.FunctionDef | ast.AsyncFunctionDef, method: bool) -> tuple[str, ...]:
    args = function.args
    names = [a.arg for a in (*args.posonlyargs, *args.args)]
    if method and not any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in function.decorator_list):
        names = names[1:]
    return tuple(names + [a.arg for a in args.kwonlyargs])


class _Scope:
    """One function (or the module body): its nodes, walked once, and the names assigned once in it
    from a V1 value (name -> (kind, line))."""

    def __init__(self, body: Iterable[ast.AST], v1: _V1Names) -> None:
        counts: dict[str, int] = {}
        self.values: dict[str, tuple[str, int]] = {}
        self.built: dict[str, str] = {}  # name -> how the call it was assigned from names the callee
        self.built_at: dict[str, str] = {}  # name -> "line:col" of that call
        self.calls: list[ast.Call] = []
        self.returns: list[ast.Return] = []
        for node in _own_nodes(body):
            kind = type(node)
            if kind is ast.Call:
                self.calls.append(node)  # type: ignore[arg-type]
            elif kind is ast.Name and isinstance(node.ctx, ast.Store):  # type: ignore[attr-defined]
                counts[node.id] = counts.get(node.id, 0) + 1  # type: ignore[attr-defined]
            elif kind is ast.Return:
                self.returns.append(node)  # type: ignore[arg-type]
            elif kind is ast.Assign and v1 and len(node.targets) == 1 \
                    and isinstance(node.targets[0], ast.Name):  # type: ignore[attr-defined]
                found = v1.kind(node.value)  # type: ignore[attr-defined]
                if found:
                    self.values[node.targets[0].id] = (found, node.value.lineno)  # type: ignore[attr-defined]
            if kind is ast.Assign and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                    and isinstance(node.value, ast.Call) and _text(node.value.func):  # type: ignore[attr-defined]
                self.built[node.targets[0].id] = _text(node.value.func)  # type: ignore[attr-defined]
                self.built_at[node.targets[0].id] = f"{node.value.lineno}:{node.value.col_offset}"  # type: ignore[attr-defined]
        self.values = {k: v for k, v in self.values.items() if counts.get(k) == 1}
        self.built = {k: v for k, v in self.built.items() if counts.get(k) == 1}
        self.counts = counts
        self.changed = shmcross.changed_names(_own_nodes(body))  # lists changed in place (shmcross)

    def kind(self, node: ast.AST, v1: _V1Names) -> tuple[str, Optional[int]]:
        direct = v1.kind(node)
        if direct:
            return direct, node.lineno if direct == "context" else None  # type: ignore[attr-defined]
        if isinstance(node, ast.Name) and node.id in self.values:
            kind, line = self.values[node.id]
            return kind, line if kind == "context" else None
        return "other", None


_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _own_nodes(body: Iterable[ast.AST]) -> Iterable[ast.AST]:
    """The nodes of a body, not those of nested functions, classes or lambdas."""
    stack = [node for node in body if not isinstance(node, _NESTED)]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(child for child in ast.iter_child_nodes(node) if not isinstance(child, _NESTED))


def index_source(text: str, path: str, names: tuple[str, ...], helper: bool = False) -> Optional[ModuleInfo]:
    """The facts of one file (None when it does not parse as Python 3).  ``helper``: a module that names
    no V1 API but that an indexed file imports: its functions may still take V1 contexts."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    info = ModuleInfo(path, names)
    v1 = _V1Names()
    exported_all: Optional[set[str]] = None
    package = names[0].rsplit(".", 1)[0] if names and "." in names[0] else ""
    if names and os.path.basename(path).startswith("__init__."):
        package = names[0]
    statements: list[ast.Expr] = []
    v1_module = helper  # imports a V1 module (``tensorrtserver.shared_memory``): its helpers may take contexts
    defs: list[tuple[ast.AST, Optional[str]]] = []  # every function or method (nested ones too)
    for node in ast.walk(tree):
        kind = type(node)
        if kind is ast.Expr:
            statements.append(node)  # type: ignore[arg-type]
        elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
            defs.append((node, None))  # methods and nested functions too: each is a scope of its own
        elif (kind is ast.Import or kind is ast.ImportFrom) and not v1.add_import(node):
            _add_import(info, node, package)
            v1_module = v1_module or any(b.module.startswith("tensorrtserver") or (b.member or "").startswith(
                "tensorrtserver") for b in bindings(node))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets) \
                and isinstance(node.value, (ast.List, ast.Tuple)):
            exported_all = {e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    info.has_all = exported_all is not None
    info.shm_taken = shmcross.registry_names_taken(tree)

    def exported(name: str) -> bool:
        return name in exported_all if exported_all is not None else not name.startswith("_")

    # top-level functions, classes (a call of the class is one of __init__) and methods: the helpers
    helpers: dict[int, Function] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            helpers[id(node)] = info.functions[node.name] = Function(
                node.name, node.lineno, node.col_offset, _params(node, False), exported(node.name),
                shm_factory=shmcross.is_factory(node))
            guard = None if helpers[id(node)].shm_factory else shmcross.guarded_factory(node)
            helpers[id(node)].shm_guard, helpers[id(node)].shm_factory = guard, helpers[id(node)].shm_factory or bool(guard)
            helpers[id(node)].none_guards = shmcross.none_guards(node)
            helpers[id(node)].shm_cleanup = bool(helpers[id(node)].none_guards) and shmcross.unregisters_param(node)
            if helpers[id(node)].shm_cleanup:
                helpers[id(node)].shm_read_only = shmcross.items_read_only(node)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    qual = node.name if item.name == "__init__" else f"{node.name}.{item.name}"
                    public = exported(node.name) and (item.name == "__init__" or not item.name.startswith("_"))
                    helpers[id(item)] = info.functions[qual] = Function(
                        qual, item.lineno, item.col_offset, _params(item, True), public)
    received = {id(e.value) for e in statements}
    scopes = [(None, _Scope(tree.body, v1))]
    scopes += [(helpers.get(id(node)), _Scope(node.body, v1)) for node, _ in defs]  # type: ignore[attr-defined]
    ordinals: dict[tuple[str, str], int] = {}
    for fn, scope in scopes:
        if fn is not None and (v1 or v1_module):
            _v1_uses(fn, scope, v1)
        for call in scope.calls:
            _call_site(info, fn, scope, v1, call, id(call) not in received, ordinals)
            _constructor(info, v1, call)
    info.v1_api = bool(v1)
    if v1 or v1_module:
        _propagate(info)
        nodes = {id(node): node for node, _ in defs}
        for key, fn in helpers.items():
            for param in fn.context_params:
                fn.context_methods[param] = _method_uses(nodes[key], param)  # type: ignore[arg-type]
                fn.context_uses[param] = _context_uses(nodes[key], param)
    return info


def _constructor(info: ModuleInfo, v1: _V1Names, call: ast.Call) -> None:
    """Record a V1 context constructor: its class, and whether it is given headers."""
    cls = v1.name(call.func) if v1 else None
    if cls not in CONTEXTS:
        return
    params = CONTEXTS[cls].params  # type: ignore[index]
    headers = any(k.arg == "http_headers" and not (isinstance(k.value, ast.Constant) and k.value.value is None)
                  for k in call.keywords) or any(k.arg is None for k in call.keywords) \
        or len(call.args) > params.index("http_headers") or any(isinstance(a, ast.Starred) for a in call.args)
    known = info.contexts.get(call.lineno)
    info.contexts[call.lineno] = ("", True) if known is not None and known != (cls, headers) else (cls, headers)  # type: ignore[assignment]


def _method_uses(function: ast.AST, param: str) -> Optional[frozenset[str]]:
    """The methods called on ``param`` in ``function`` (nested code too), when every read of it is
    ``param.method(...)`` and nothing assigns it; else None."""
    methods: set[str] = set()
    reads = 0
    calls = 0
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and node.id == param:
            if not isinstance(node.ctx, ast.Load):
                return None
            reads += 1
        elif isinstance(node, (ast.Global, ast.Nonlocal)) and param in node.names:
            return None
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == param:
            methods.add(node.func.attr)
            calls += 1
        elif shmcross.registry_call(node, param):
            calls += 1  # ``_v1_unregister(param, h)``: the file's registry calls the V2 method (shmregistry)
        elif isinstance(node, ast.arg) and node.arg == param and node is not _param_node(function, param):
            return None  # a nested function or lambda rebinds the name
    return frozenset(methods) if reads == calls else None


def _context_uses(function: ast.AST, param: str) -> list[tuple[int, int, str]]:
    """(line, column, what) of each method call on ``param``, and of each read of a name assigned from
    one (``status = ctx.get_server_status()`` ... ``status.model_status``): what stays V1 with it."""
    uses: list[tuple[int, int, str]] = []
    results: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == param:
            uses.append((node.lineno, node.col_offset, f"{param}.{node.func.attr}()"))
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute) \
                and isinstance(node.value.func.value, ast.Name) and node.value.func.value.id == param:
            results.add(node.targets[0].id)
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and node.id in results and isinstance(node.ctx, ast.Load):
            uses.append((node.lineno, node.col_offset, f"{node.id} (from `{param}`)"))
    return sorted(set(uses))


def _param_node(function: ast.AST, param: str) -> Optional[ast.arg]:
    args = getattr(function, "args", None)
    if args is None:
        return None
    return next((a for a in (*args.posonlyargs, *args.args, *args.kwonlyargs) if a.arg == param), None)


def _add_import(info: ModuleInfo, node: ast.AST, package: str) -> None:
    for b in bindings(node):
        if b.member is None:  # ``import a.b`` binds the package ``a``; ``import a.b as c`` the module
            if not b.module.startswith("tensorrtserver"):
                info.imports[b.local] = (b.module if b.alias else b.local, None)
            continue
        base = b.module
        if b.level:
            up = package.split(".") if package else []
            up = up[:len(up) - (b.level - 1)] if b.level > 1 else up
            base = ".".join([*up, *([b.module] if b.module else [])])
        if not b.star and base and not base.startswith("tensorrtserver"):
            info.imports[b.local] = (base, b.member)
        elif b.star and base and not base.startswith(("tensorrtserver", "tritonclient")):
            info.star_imports.append(base)


def _v1_uses(fn: Function, scope: _Scope, v1: _V1Names) -> None:
    """The V1 roles of a helper's parameters (protocol, context), what it returns, what it passes on."""
    params = set(fn.params)
    for call in scope.calls:
        func = call.func
        called = v1.name(func)
        if called in CONTEXTS:
            protocol = call.args[1] if len(call.args) > 1 else next(
                (k.value for k in call.keywords if k.arg == "protocol"), None)
            if isinstance(protocol, ast.Name) and protocol.id in params:
                fn.protocol_params.setdefault(protocol.id, []).append(call.lineno)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id in params and func.attr in _CONTEXT_METHODS:
            fn.context_params.add(func.value.id)
        if isinstance(func, ast.Name) and func.id not in params:
            mapping = {f"#{i}": a.id for i, a in enumerate(call.args) if isinstance(a, ast.Name) and a.id in params}
            mapping.update({k.arg: k.value.id for k in call.keywords
                            if k.arg and isinstance(k.value, ast.Name) and k.value.id in params})
            if mapping:
                fn.forwards.append((func.id, mapping))
    for ret in scope.returns:
        if ret.value is None:
            continue
        if v1.kind(ret.value) == "context":
            fn.returns.append(ret.value.lineno)
        elif isinstance(ret.value, ast.Name) and scope.values.get(ret.value.id, ("",))[0] == "context":
            fn.returns.append(scope.values[ret.value.id][1])


def _call_site(info: ModuleInfo, fn: Optional[Function], scope: _Scope, v1: _V1Names, call: ast.Call,
               receives: bool, ordinals: dict[tuple[str, str], int]) -> None:
    text = _text(call.func)
    if not text:
        return
    if text in info.functions and text not in info.imports:
        info.functions[text].local_calls += 1
        return
    target = _resolve_call(info, text)
    head, _, method = text.partition(".")
    if target is None and head in scope.built and head not in info.imports and method and "." not in method:
        # ``client = AddSubClient(url); client.check(ProtocolType.HTTP)``: a method of another module's class,
        # called through an instance built in this scope (a class with the method: see RunIndex.callee)
        built = _resolve_call(info, scope.built[head])
        target = (built[0], f"{built[1]}.{method}") if built is not None and "." not in built[1] else None
    own = fn is not None and "." in fn.qualname and head in ("self", "cls") \
        and f"{fn.qualname.split('.')[0]}.{method}" in info.functions  # a method of the caller's own class
    if target is None:
        if method and "." not in method and not own and any(scope.kind(a, v1)[0] in ("protocol", "context") for a in
                                                [*call.args, *(k.value for k in call.keywords)]):
            info.loose.setdefault(method, []).append(call.lineno)  # ``obj.m(ProtocolType.HTTP)``, obj unknown
        return
    ordinals[target] = ordinals.get(target, 0) + 1
    mine = set(fn.params) if fn is not None else set()

    def kind(node: ast.AST) -> tuple[str, Optional[int]]:
        found = scope.kind(node, v1)
        if found[0] == "other" and isinstance(node, ast.Name) and node.id in mine:
            return f"param:{node.id}", None  # the caller's own parameter, passed on
        if found[0] == "other" and isinstance(node, ast.Name) and node.id in scope.built \
                and node.id not in scope.changed:
            made = _resolve_call(info, scope.built[node.id])  # what another module's function returned
            if made is not None:
                return f"{shmcross.MADE}{made[0]}:{made[1]}", None
        return found

    site = CallSite(info.path, call.lineno, call.col_offset, target[0], target[1], text,
                    [kind(a) for a in call.args], {k.arg: kind(k.value) for k in call.keywords
                                                   if k.arg}, receives=receives, ordinal=ordinals[target],
                    caller=fn.qualname if fn is not None else "")
    def token(node: ast.AST) -> str:
        if isinstance(node, ast.Constant) and node.value is None:
            return "None"
        if isinstance(node, ast.Name) and node.id in mine and not scope.counts.get(node.id):
            return f"name:{node.id}"
        if isinstance(node, ast.Name) and node.id in scope.built and node.id not in scope.changed:
            return f"made@{scope.built_at[node.id]}"
        return ""

    site.tokens = [token(a) for a in call.args]
    site.kw_tokens = {k.arg: token(k.value) for k in call.keywords if k.arg}
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        site.positional = [("star", None)] * 99
        site.tokens = []
    info.calls.append(site)


def _resolve_call(info: ModuleInfo, text: str) -> Optional[tuple[str, str]]:
    """``f`` (from-imported), ``mod.f``, ``pkg.mod.f`` or ``Cls.m`` -> (module, qualname)."""
    head, _, rest = text.partition(".")
    if head not in info.imports:
        return None
    module, attr = info.imports[head]
    if attr is None:  # import x / import x.y / import x as y
        if not rest:
            return None
        parts = rest.split(".")
        return (".".join([module, *parts[:-1]]), parts[-1])
    # from x import f -> f(...); from x import mod -> mod.f(...); from x import Cls -> Cls.m(...)
    if not rest:
        return (module, attr)
    return (f"{module}.{attr}", rest) if "." not in rest else (f"{module}.{attr}.{rest.rsplit('.', 1)[0]}", rest.rsplit(".", 1)[1])


def _propagate(info: ModuleInfo) -> None:
    """A parameter passed on to another function's V1 parameter of the file is one too (fixed point)."""
    changed = True
    while changed:
        changed = False
        for fn in info.functions.values():
            for callee_name, mapping in fn.forwards:
                callee = info.functions.get(callee_name)
                if callee is None or callee is fn:
                    continue
                for key, mine in mapping.items():
                    theirs = callee.params[int(key[1:])] if key.startswith("#") and int(key[1:]) < len(callee.params) \
                        else key
                    if theirs in callee.protocol_params:
                        lines = callee.protocol_params[theirs]
                        known = fn.protocol_params.setdefault(mine, [])
                        new = [line for line in lines if line not in known]
                        if new:
                            known.extend(new)
                            changed = True
                    if theirs in callee.context_params and mine not in fn.context_params:
                        fn.context_params.add(mine)
                        changed = True


# -- decisions ---------------------------------------------------------------------------------

@dataclass
class FileView:
    """What one file's migration needs of the run-wide decisions (picklable, small)."""

    path: str
    # original line of a V1 constructor -> why it stays V1 (seeds the carrier's frozen lines)
    freeze: dict[int, str] = field(default_factory=dict)
    # functions of this file that other files of the run call with V1 values (`localparams` leaves them alone)
    called_elsewhere: set[str] = field(default_factory=set)
    # how a call names a helper of another module -> (its parameters, those that take a client module)
    module_params: dict[str, tuple[tuple[str, ...], frozenset[str]]] = field(default_factory=dict)
    # top-level function of this file -> its context parameters that hold a V2 client -> the V1 class
    context_params: dict[str, dict[str, str]] = field(default_factory=dict)
    # how a call names a helper of another module -> (its parameters, those that take a V2 client)
    passes: dict[str, tuple[tuple[str, ...], frozenset[str]]] = field(default_factory=dict)
    # shared memory across modules (`shmcross`): factories of this file that record their regions;
    # function -> parameter -> the factory of this file whose list every call passes it;
    # how a call names another module's factory -> how the file names that module
    shm_export: set[str] = field(default_factory=set)
    shm_params: dict[str, dict[str, str]] = field(default_factory=dict)
    shm_made: dict[str, str] = field(default_factory=dict)
    # guarded factories (shmcross): function -> parameter -> (G, K): its ``unregister(H[k])`` converts for a
    # literal k < K or inside ``if G is None:``; a caller converts ``L[k]`` of such a list only for k < K
    shm_guards: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)
    shm_made_prefix: dict[str, int] = field(default_factory=dict)
    shm_guarded: set[str] = field(default_factory=set)  # exported factories of this file that are guarded

    # files of the run that take V1 names from this module (``from this import *``): its V1 imports stay
    reexported_to: list[str] = field(default_factory=list)

    def guarded(self, name: str) -> bool:
        return name in self.shm_guarded
    # `seqcross`: "Class.method" -> parameter -> the class's factory methods whose lists are all it receives
    seq_params: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)


def view_of(settings: Any) -> Optional[FileView]:
    extra = getattr(settings, "extra", None)
    view = extra.get(VIEW) if isinstance(extra, dict) else None
    return view if isinstance(view, FileView) else None


def rule_hint(settings: Any) -> str:
    """Text that the needles of the rules a file needs beyond its own text match: a helper whose
    context parameter converts names no V1 class, but that class's rule must run on it."""
    view = view_of(settings)
    return " ".join(sorted({c for p in view.context_params.values() for c in p.values()})) if view else ""


@dataclass
class Decision:
    helper: ModuleInfo
    function: Function
    convert: set[str] = field(default_factory=set)  # protocol parameters that become client modules
    convert_ctx: dict[str, str] = field(default_factory=dict)  # context parameters that become V2 clients -> class
    keep: dict[str, str] = field(default_factory=dict)  # what stays V1 ("protocol:p", "context:p", "returns") -> why
    sites: list[CallSite] = field(default_factory=list)
    shm_export: bool = False  # a factory of regions whose callers read them through its module's registry
    shm_params: dict[str, str] = field(default_factory=dict)  # parameter -> the factory of its module it receives
    shm_guards: dict[str, tuple[str, int]] = field(default_factory=dict)  # parameter -> (G, K) (shmcross)


class RunIndex:
    """The facts of every indexed file, and the decisions made from them."""

    def __init__(self) -> None:
        self.modules: dict[str, ModuleInfo] = {}  # by path
        self.by_name: dict[str, list[ModuleInfo]] = {}
        self.decisions: dict[tuple[str, str], Decision] = {}
        self.migrating: set[str] = set()
        self.reasons: dict[tuple[str, str], str] = {}  # (path, qualname) -> forced "stays V1" reason (check)

    def add(self, info: ModuleInfo) -> None:
        self.modules[info.path] = info
        for name in info.names:
            self.by_name.setdefault(name, []).append(info)

    def module(self, dotted: str, importer: ModuleInfo) -> Optional[ModuleInfo]:
        """The module ``dotted`` as ``importer`` imports it: the full name, a sibling, or a unique suffix."""
        candidates = self.by_name.get(dotted, [])
        if len(candidates) == 1:
            return candidates[0]
        here = importer.path.replace(os.sep, "/").rsplit("/", 1)[0] if "/" in importer.path else ""
        siblings = [m for m in self.by_name.get(dotted, [])
                    if (m.path.replace(os.sep, "/").rsplit("/", 1)[0] if "/" in m.path else "") == here]
        return siblings[0] if len(siblings) == 1 else None

    def callee(self, site: CallSite, importer: ModuleInfo) -> Optional[tuple[ModuleInfo, Function]]:
        module = self.module(site.module, importer)
        if module is None or module is importer:
            return None
        function = module.functions.get(site.name)
        return (module, function) if function is not None and function.v1 else None

    def _forward(self) -> None:
        """Mark the parameters that callers pass on, unchanged, to another module's ProtocolType parameter
        (``def run_checks(url, protocol): health.server_ready(url, protocol)``): their function then has a
        decision of its own, from its callers (a fixed point: chains of modules)."""
        changed = True
        while changed:
            changed = False
            for caller in self.modules.values():
                for site in caller.calls:
                    fn = caller.functions.get(site.caller)
                    found = self.callee(site, caller) if fn is not None else None
                    bound = site.bind(found[1].params) if found is not None else None
                    for param, (kind, _line) in (bound or {}).items():
                        if kind.startswith("param:") and (param in found[1].protocol_params  # type: ignore[index]
                                                          or param in found[1].forwarded) \
                                and kind[6:] not in fn.forwarded:  # type: ignore[union-attr, index]
                            fn.forwarded.add(kind[6:])  # type: ignore[union-attr]
                            changed = True

    def decide(self, migrating: Iterable[str]) -> None:
        """One decision per helper that another module calls (see the module docstring)."""
        self.migrating = set(migrating)
        self.decisions = {}
        self._forward()
        for caller in self.modules.values():
            for site in caller.calls:
                found = self.callee(site, caller)
                if found is None:
                    continue
                module, function = found
                key = (module.path, function.qualname)
                decision = self.decisions.setdefault(key, Decision(module, function))
                decision.sites.append(site)
        for key, decision in list(self.decisions.items()):
            # a module that names no V1 API is a helper only where a call hands it a V1 value
            if not decision.helper.v1_api and not decision.function.shm_factory and not any(
                    kind in ("context", "protocol") or kind.startswith("param:")
                    for site in decision.sites for kind, _line in (site.bind(decision.function.params) or {}).values()):
                del self.decisions[key]
        for key, decision in self.decisions.items():
            fn = decision.function
            files = sorted({s.path for s in decision.sites})
            named = ", ".join(files)
            for param in fn.context_params:
                cls, why = self._context_kind(key, decision, param)
                if why is None:
                    decision.convert_ctx[param] = cls
                else:
                    decision.keep[f"context:{param}"] = why
            if fn.returns and any(s.receives for s in decision.sites):
                decision.keep["returns"] = f"{named} use{'s' if len(files) == 1 else ''} the V1 context it " \
                                           "returns, and the tool converts no caller in another file"
            for param in sorted(set(fn.protocol_params) | fn.forwarded):
                why = self.reasons.get(key) or ("the function stays V1 as a whole" if decision.keep else None)
                for site in decision.sites:
                    bound = site.bind(fn.params)
                    if bound is None:
                        why = why or f"a call in {site.path} passes its arguments in a way the tool cannot follow"
                    elif param in bound and bound[param][0].startswith("param:"):
                        why = why or self._forwarding_problem(site, bound[param][0][6:])
                    elif param in bound and bound[param][0] != "protocol":
                        why = why or f"{site.path} passes it something other than a ProtocolType value"
                    elif site.path not in self.migrating:
                        why = why or f"{site.path} calls it and is not migrated in this run"
                if why is None and decision.helper.path not in self.migrating:
                    why = f"{decision.helper.path} is not migrated in this run"
                loose = self._loose(fn, decision.helper.path)
                if why is None and loose:
                    why = f"{', '.join(loose)} may call it through an object the tool cannot follow (a " \
                          f"`{fn.qualname.rsplit('.', 1)[1]}()` call with V1 values on an object built elsewhere)"
                if why is None:
                    decision.convert.add(param)
                else:
                    decision.keep[f"protocol:{param}"] = why
            if decision.keep and decision.convert_ctx:  # the function converts as a whole or not at all
                for param in decision.convert_ctx:
                    decision.keep[f"context:{param}"] = "the function stays V1 as a whole"
                decision.convert_ctx.clear()
        # A parameter passed on converts only if the caller's own parameter converts (its callers pass
        # ProtocolType values): a fixed point over the chain of modules.
        # Grounded: every call passes a ProtocolType value or a grounded parameter (no cycles).
        kept = True
        while kept:
            kept = False
            grounded: set[tuple[tuple[str, str], str]] = set()
            changed = True
            while changed:
                changed = False
                for key, decision in self.decisions.items():
                    for param in decision.convert:
                        if (key, param) not in grounded and all(
                                not p.startswith("param:") or ((s.path, s.caller), p[6:]) in grounded
                                for s in decision.sites
                                for p in [(s.bind(decision.function.params) or {}).get(param, ("",))[0]]):
                            grounded.add((key, param))
                            changed = True
            for key, decision in self.decisions.items():
                loose = sorted(p for p in decision.convert if (key, p) not in grounded)
                if loose:
                    site = next(s for s in decision.sites
                                if (s.bind(decision.function.params) or {}).get(loose[0], ("",))[0].startswith("param:"))
                    mine = (site.bind(decision.function.params) or {})[loose[0]][0][6:]
                    self._keep_all(decision, f"protocol:{loose[0]}", f"{site.path} passes it the parameter `{mine}` "
                                   f"of `{site.caller}()`, which stays V1")
                    kept = True
        shmcross.decide(self)

    def _keep_all(self, decision: Decision, what: str, why: str) -> None:
        """Turn ``what`` of ``decision`` to "stays V1", and so the whole function."""
        decision.keep[what] = why
        for other in sorted(decision.convert):
            decision.keep.setdefault(f"protocol:{other}", "the function stays V1 as a whole")
        for other in decision.convert_ctx:
            decision.keep.setdefault(f"context:{other}", "the function stays V1 as a whole")
        decision.convert.clear()
        decision.convert_ctx.clear()

    def _forwarding_problem(self, site: CallSite, mine: str) -> Optional[str]:
        """Why the parameter ``mine`` that ``site``'s function passes on cannot become a client module with
        the callee's (None: it can, if the caller's own decision converts it; see `decide`)."""
        caller = self.modules.get(site.path)
        fn = caller.functions.get(site.caller) if caller is not None else None
        if fn is None:
            return f"{site.path} passes it a parameter of a nested function"
        if fn.local_calls:
            return f"{site.path} passes it the parameter `{mine}` of `{fn.qualname}()`, which its own file " \
                   "calls too (a ProtocolType passed on is followed only from other modules)"
        if (site.path, fn.qualname) not in self.decisions:
            return f"{site.path} passes it the parameter `{mine}` of `{fn.qualname}()`, which no file of the " \
                   "run calls (its callers elsewhere would still pass a ProtocolType)"
        return None

    def _context_kind(self, key: tuple[str, str], decision: Decision, param: str) -> tuple[str, Optional[str]]:
        """The class of the V1 contexts every call passes to the context parameter ``param``, and why the
        parameter cannot convert with its callers (None: it can).  It can when the class carries no model
        (`MODELLESS`: a V2 client does the same), every call passes a context of that class built without
        headers in a file migrated in this run, and every use of the parameter is a call of a method the
        class converts."""
        fn = decision.function
        files = sorted({s.path for s in decision.sites})
        named = ", ".join(files)
        classes: set[str] = set()
        why: Optional[str] = None
        for site in decision.sites:
            bound = site.bind(fn.params)
            passed = bound.get(param) if bound is not None else None
            if passed is not None and passed[0].startswith("param:"):
                why = why or f"{site.path} passes it a parameter of the calling function (a context handed on " \
                             "from module to module is not followed)"
            elif passed is None or passed[0] != "context" or passed[1] is None:
                why = why or f"a call in {site.path} passes it something other than a V1 context built in that file"
                continue
            caller = self.modules.get(site.path)
            cls, headers = caller.contexts.get(passed[1], ("", True)) if caller is not None else ("", True)
            classes.add(cls)
            if headers:
                why = why or f"{site.path} passes it a context built with http_headers (each V2 call takes them)"
        if why is None and len(classes) != 1:
            why = f"{named} pass{'es' if len(files) == 1 else ''} it V1 contexts of different classes"
        cls = next(iter(classes)) if len(classes) == 1 else ""
        if why is None and cls not in MODELLESS:
            what = "a V2 client does not carry the model name" if cls == "InferContext" else \
                f"a `{cls}` converts by what the caller does with its results"
            why = f"{named} pass{'es' if len(files) == 1 else ''} it a V1 `{cls}`, and {what}: both sides would " \
                "have to change together"
        if why is None:
            methods = fn.context_methods.get(param)
            allowed = {m for m, e in CONTEXTS[cls].methods.items() if isinstance(e, Rename)} \
                | set(SEMANTIC_METHODS.get(cls, ()))
            if methods is None or not methods <= allowed:
                why = f"the function uses `{param}` for more than {cls} method calls the tool converts " \
                    "(passes it on, stores it, or calls a method with no V2 twin)"
            elif "." in fn.qualname or fn.local_calls:
                why = "it is a method, or its own file calls it too" if "." in fn.qualname else \
                    "its own file calls it too"
        if why is None:
            why = self.reasons.get(key)
        if why is None:
            why = next((f"{s.path} calls it and is not migrated in this run" for s in decision.sites
                        if s.path not in self.migrating), None)
        if why is None and decision.helper.path not in self.migrating:
            why = f"{decision.helper.path} is not migrated in this run"
        return cls, why

    def _loose(self, fn: Function, path: str) -> list[str]:
        """Other files of the run with a call of a method named like ``fn`` (a method) through an object the
        index does not resolve, passing V1 values."""
        if "." not in fn.qualname:
            return []
        name = fn.qualname.rsplit(".", 1)[1]
        return sorted(m.path for m in self.modules.values() if m.path != path and name in m.loose)

    def unseen(self, path: str) -> list[tuple[Function, list[str]]]:
        """Methods of ``path`` that no resolved call reaches but that a call through an unknown receiver in
        another file of the run may (same method name, passing a V1 value): (method, those files)."""
        out = []
        for fn in self.uncalled(path):
            files = self._loose(fn, path) if fn.protocol_params else []
            if files:
                out.append((fn, files))
        return out

    def view(self, path: str) -> FileView:
        view = FileView(path)
        for fn, files in self.unseen(path):
            why = f"`{fn.qualname}()` of {path} stays V1: {', '.join(files)} may call it through an object the " \
                  "tool cannot follow"
            view.freeze.update({line: why for lines in fn.protocol_params.values() for line in lines})
        for decision in self.decisions.values():
            fn = decision.function
            helper = decision.helper.path == path
            if helper:
                view.called_elsewhere.add(fn.qualname)
            for what, why in decision.keep.items():
                kind, _, param = what.partition(":")
                reason = f"`{fn.qualname}()` of {decision.helper.path} stays V1: {why}"
                if helper and kind == "protocol":
                    view.freeze.update({line: reason for line in fn.protocol_params.get(param, [])})
                if helper and kind == "returns":
                    view.freeze.update({line: reason for line in fn.returns})
                if kind == "context":
                    for site in decision.sites:
                        bound = site.bind(fn.params) or {}
                        line = bound.get(param, ("", None))[1]
                        if site.path == path and line is not None:
                            view.freeze[line] = reason
            if decision.convert:
                for site in decision.sites:
                    if site.path == path:
                        view.module_params[site.func_text] = (fn.params, frozenset(decision.convert))
            if decision.convert_ctx:
                if helper:
                    view.context_params[fn.qualname] = dict(decision.convert_ctx)
                for site in decision.sites:
                    if site.path == path:
                        view.passes[site.func_text] = (fn.params, frozenset(decision.convert_ctx))
        view.reexported_to = self.reexports(path)
        shmcross.view(self, path, view)
        view.seq_params = getattr(self, "seq_params", {}).get(path, {})
        return view

    def findings(self, path: str, text: str) -> list[Finding]:
        """The findings the decisions put on ``path``: on each helper that stays V1, and on each call of one."""
        out: list[Finding] = []
        suppressions = Suppressions(text)

        def add(line: int, col: int, message: str, replacement: str) -> None:
            if not suppressions.suppressed(RULE, line, line):
                out.append(Finding(rule=RULE, path=path, line=line, column=col, end_line=line, end_column=col,
                                   severity="error", applied=False, message=message, replacement=replacement))

        for fn, files in self.unseen(path):
            add(fn.line, fn.col, f"`{fn.qualname}()` takes a ProtocolType and stays V1: {', '.join(files)} call"
                                 f"{'s' if len(files) == 1 else ''} a `{fn.qualname.rsplit('.', 1)[1]}()` method "
                                 "with V1 values through an object the tool cannot follow (built elsewhere or "
                                 "passed in), which may be this class's.",
                "build the object in the calling function (`obj = Cls(...)`) so the tool sees the call, or port "
                "both by hand")
        for decision in self.decisions.values():
            if not decision.keep:
                continue
            fn = decision.function
            whys = "; ".join(f"{_what(w)}: {why}" for w, why in decision.keep.items())
            if decision.helper.path == path:
                for what in decision.keep:
                    kind, _, param = what.partition(":")
                    for line, col, use in fn.context_uses.get(param, []) if kind == "context" else []:
                        add(line, col, f"`{use}` is a use of the V1 context that `{fn.qualname}()` takes from "
                                       f"other files; it stays V1 with the function (see the finding on its `def`).",
                            "port it together with the helper's callers (docs/python-client.md, Helpers in other "
                            "modules)")
                calls = ", ".join(sorted({s.path for s in decision.sites}))  # no lines: they move when those files change
                add(fn.line, fn.col, f"`{fn.qualname}()` is called from other files ({calls}) with V1 objects and "
                                     f"stays V1 ({whys}). Port it together with its callers.",
                    "migrate the helper and its callers together (triton-migrate on their common folder), or port "
                    "both by hand: pass a client module (httpclient / grpcclient) and the model name")
            for site in decision.sites:
                if site.path == path:
                    add(site.line, site.col, f"`{site.func_text}()` is `{fn.qualname}()` of {decision.helper.path}, "
                                             f"which takes or returns V1 objects and stays V1 ({whys}); this call "
                                             "keeps passing / receiving V1 objects.",
                        "port this call together with the helper (see docs/python-client.md, Helpers in other modules)")
        return sorted(out, key=Finding.sort_key)

    def uncalled(self, path: str) -> list[Function]:
        """Exported V1 helpers of ``path`` that no file of the run calls."""
        info = self.modules.get(path)
        if info is None:
            return []
        called = {d.function.qualname for d in self.decisions.values() if d.helper is info}
        return [f for f in info.functions.values()
                if f.v1 and f.exported and not f.local_calls and f.qualname not in called
                and (f.protocol_params or f.returns)]

    def helper_needles(self) -> list[tuple[bytes, bytes]]:
        """(module, function) names of the exported helpers that return a V1 context, as bytes: a file that
        names no V1 API can still call one (and use the V1 context it gets), but only if it names both."""
        pairs = set()
        for module in self.modules.values():
            stem = module.names[0].rsplit(".", 1)[-1] if module.names else ""
            for fn in module.functions.values():
                if fn.returns and fn.exported and stem:
                    pairs.add((stem.encode(), fn.qualname.split(".")[0].encode()))
        return sorted(pairs)

    def imported(self) -> set[str]:
        """Dotted names of the modules the indexed files import (``x.y`` and, for ``from x import y``, both
        ``x`` and ``x.y``), with their last parts (``y``): a module of the run named so may hold helpers."""
        found: set[str] = set()
        for module in self.modules.values():
            if not module.v1_api:
                continue  # one level: the modules that files naming the V1 API import
            for base, attr in module.imports.values():
                for name in (base, f"{base}.{attr}" if attr else base):
                    found.add(name)
                    found.add(name.rsplit(".", 1)[-1])
        return found

    def reexports(self, path: str) -> list[str]:
        """Files of the run that take V1 names from the module ``path``: ``from common import *`` or
        ``from common import ProtocolType`` (``common`` importing the V1 API, maybe to pass it on)."""
        if not hasattr(self, "_importers"):
            found: dict[str, set[str]] = {}
            for importer in self.modules.values():
                wanted = [(m, None) for m in importer.star_imports]
                wanted += [(m, attr) for m, attr in importer.imports.values() if attr in PUBLIC_NAMES]
                for dotted, _ in wanted:
                    module = self.module(dotted, importer)
                    if module is not None and module is not importer and module.v1_api:
                        found.setdefault(module.path, set()).add(importer.path)
            self._importers = {k: sorted(v) for k, v in found.items()}
        return self._importers.get(path, [])

    def involved(self) -> set[str]:
        """Files a decision ties to another file, or with an exported uncalled helper."""
        files: set[str] = set()
        files.update(p for p in self.modules if self.reexports(p))
        for decision in self.decisions.values():
            files.add(decision.helper.path)
            files.update(s.path for s in decision.sites)
        files.update(p for p in self.modules if self.uncalled(p))
        files.update(m.path for m in self.modules.values() if m.loose)
        files.update(getattr(self, "seq_params", {}))  # seqcross: the helper file reads its proven parameters
        return files

    def check(self, texts: dict[str, str]) -> list[tuple[str, str]]:
        """The helpers whose sides disagree in the migrated ``texts`` (path -> new text): one side
        converted, the other still V1.  Their decision becomes "stays V1" (`reasons`)."""
        new: dict[str, ModuleInfo] = {}
        for path, text in texts.items():
            old = self.modules.get(path)
            info = index_source(text, path, old.names) if old is not None else None
            if info is not None:
                new[path] = info
        flipped = []
        for key, decision in self.decisions.items():
            fn = decision.function
            helper_new = new.get(decision.helper.path)
            after = helper_new.functions.get(fn.qualname) if helper_new else None
            for param in decision.convert:
                helper_v1 = after is None or param in after.protocol_params
                sides = {helper_v1}
                for site in decision.sites:
                    info = new.get(site.path)
                    match = next((s for s in (info.calls if info else []) if s.name == site.name
                                  and s.ordinal == site.ordinal), None)
                    bound = match.bind(fn.params) if match else None
                    sides.add(bound is None or bound.get(param, ("protocol",))[0] == "protocol")
                if len(sides) > 1:
                    self.reasons[key] = "its callers and it could not be converted together (one side stays V1)"
                    flipped.append(key)
            for param in decision.convert_ctx:
                if key in flipped:
                    break
                # the helper still calls a V1 method on it, or a caller still passes a V1 context
                left = _still_v1(texts.get(decision.helper.path), fn.qualname, param)
                kept = []
                for site in decision.sites:
                    info = new.get(site.path)
                    match = next((s for s in (info.calls if info else []) if s.name == site.name
                                  and s.ordinal == site.ordinal), None)
                    bound = match.bind(fn.params) if match else None
                    if bound is None or bound.get(param, ("context",))[0] == "context":
                        kept.append(site.path)
                if left or kept:  # both sides still V1 too: the helper's uses would have no finding
                    parts = [f"{', '.join(left)} on `{param}` in it could not be converted"] if left else []
                    if kept:
                        parts.append(f"the context that {', '.join(sorted(set(kept)))} passes stays V1 there "
                                     "(see the findings on it)")
                    self.reasons[key] = "it and its callers could not be converted together: " + "; ".join(parts)
                    flipped.append(key)
        shmcross.check(self, texts, flipped)
        # A helper fed a parameter that its caller passes on stays V1 with that caller: migrate it again too.
        grew = bool(flipped)
        while grew:
            grew = False
            for key, decision in self.decisions.items():
                if key in flipped:
                    continue
                for site in decision.sites:
                    bound = site.bind(decision.function.params) or {}
                    if (site.path, site.caller) in flipped and any(
                            bound.get(p, ("",))[0].startswith("param:") for p in decision.convert):
                        self.reasons[key] = f"{site.path} passes it a parameter of `{site.caller}()`, which stays V1"
                        flipped.append(key)
                        grew = True
                        break
        return flipped

    def hints(self, path: str, text: str) -> list[Finding]:
        """Warnings for exported helpers no file of the run calls, that were converted (``text``: the new text)."""
        out = []
        info = index_source(text, path, ())
        suppressions = Suppressions(text)
        for fn in self.uncalled(path):
            after = info.functions.get(fn.qualname) if info else None
            if after is None or suppressions.suppressed(RULE, fn.line, fn.line):
                continue
            converted = [p for p in fn.protocol_params if p not in after.protocol_params]
            parts = []
            if converted:
                parts.append("its parameter" + ("s " if len(converted) > 1 else " ")
                             + ", ".join(f"`{p}`" for p in converted) + " now take" + ("" if len(converted) > 1 else "s")
                             + " a client module (httpclient / grpcclient), not a ProtocolType")
            if fn.returns and not after.returns:
                parts.append("it now returns a V2 `InferenceServerClient`, not a V1 context (requests name the model)")
            if parts:
                out.append(Finding(rule=RULE, path=path, line=fn.line, column=fn.col, end_line=fn.line,
                                   end_column=fn.col, severity="warning", applied=True,
                                   message=f"`{fn.qualname}()` is exported and no file of this run calls it: "
                                           + "; ".join(parts) + ". Callers outside this run must be ported to match.",
                                   replacement="run triton-migrate over the helper and its callers together"))
        return out


def _still_v1(text: Optional[str], qualname: str, param: str) -> list[str]:
    """What the top-level function ``qualname`` of ``text`` still does with its parameter ``param`` that
    is not a V2 client method (a V1 method the rules left; the function gone or the parameter used
    otherwise); empty when nothing."""
    from triton_migrate.analysis.verify import V2_CLIENT_ATTRS  # stdlib ast only, as here

    try:
        tree = ast.parse(text or "")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ["the new text (it does not parse)"]
    function = next((n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                     and n.name == qualname), None)
    methods = _method_uses(function, param) if function is not None else None
    if methods is None:
        return ["a use"]
    return [f"`{m}()`" for m in sorted(methods - V2_CLIENT_ATTRS)]


def _what(key: str) -> str:
    kind, _, param = key.partition(":")
    return {"protocol": f"its ProtocolType parameter `{param}`", "context": f"its context parameter `{param}`",
            "returns": "the context it returns"}[kind]


def may_index(data: bytes) -> bool:
    return any(n in data for n in NEEDLES)


def build(files: Iterable[tuple[str, str, str]]) -> RunIndex:
    """The index of ``files``: (path as reported, path relative to its run root, text)."""
    index = RunIndex()
    files = list(files)
    for path, rel, text in files:
        info = index_source(text, path, dotted_names(rel))
        if info is not None:
            index.add(info)
    _seq_scan(index, files)
    return index


def _seq_scan(index: RunIndex, files: list[tuple[str, str, str]]) -> None:
    """Method parameters that only ever receive lists of their class's own factory methods (`seqcross`)."""
    from triton_migrate import seqcross

    index.seq_files = [(path, text) for path, _, text in files]  # type: ignore[attr-defined]
    index.seq_params = seqcross.scan(index.seq_files)  # type: ignore[attr-defined]


def seq_others(index: RunIndex, others: Iterable[tuple[str, str]]) -> None:
    """The other Python files of the run (no V1 name): one that names a proven method joins the proof."""
    from triton_migrate import seqcross

    names = {key.split(".", 1)[1] for proven in getattr(index, "seq_params", {}).values() for key in proven}
    more = [(path, text) for path, text in others if any(n in text for n in names)]
    if more:
        index.seq_files = index.seq_files + more  # type: ignore[attr-defined]
        index.seq_params = seqcross.scan(index.seq_files)  # type: ignore[attr-defined]
