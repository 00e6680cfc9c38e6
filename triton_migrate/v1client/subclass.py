"""Subclasses of the V1 `InferContext`: which ones can become a class holding a V2 client.

A class ``class Seq(InferContext)`` whose ``__init__`` calls
``InferContext.__init__(self, url, protocol, model_name, ...)`` (or
``super().__init__(url, protocol, model_name, ...)``) as a statement of its own,
and which uses the V1 API only through ``self`` (``self.run(...)``,
``self.async_run(...)``, ``self.get_async_run_results(...)``, ``self.close()``),
converts like a context held on ``self``: the base goes, the ``__init__`` call
becomes ``self._client = <module>.InferenceServerClient(url, verbose=...)`` plus
the settings V1 kept in the context (``self._client_module``,
``self._model_name``, ``self._correlation_id`` ... when they are not literals),
and each ``self.run(...)`` is converted as ``self._client.run(...)`` would be.

This module only plans (which classes, what their context was built with);
`triton_migrate.v1client.infer.InferRewriter` rewrites, all or nothing per class.
Instances made in this file must be used only through the class's own methods
and ``close()`` (read with the verifier's object model), since a V2 client has
none of the other V1 methods a caller could reach through inheritance.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

import libcst as cst

from triton_migrate.data.v1_client_api import CONTEXTS
from triton_migrate.analysis import astcache
from triton_migrate.analysis.resolve import bind_arguments
from triton_migrate.v1client.escape import is_literal, self_name as _self_name

if TYPE_CHECKING:
    from triton_migrate.v1client.client import ContextRewriter

BASE = "InferContext"
CLIENT_ATTR = "_client"
MODULE_ATTR = "_client_module"
# Context settings a converted request reads (the others only build the client).
KEPT = ("model_name", "model_version", "correlation_id", "http_headers", "streaming")
# V1 methods a converted class may call through self.
CONVERTIBLE = frozenset({"run", "async_run", "get_async_run_results", "close"})


@dataclass
class SubclassPlan:
    cls: cst.ClassDef
    init: cst.FunctionDef
    statement: cst.SimpleStatementLine  # the statement holding the V1 __init__ call
    call: cst.Call  # that call
    args: dict[str, cst.BaseExpression]  # the V1 context's arguments, as written in __init__
    methods: dict[cst.FunctionDef, str] = field(default_factory=dict)  # method -> its self name
    failed: list[str] = field(default_factory=list)  # why a self.<V1 method> call did not convert
    findings_start: int = 0

    def stored(self, name: str) -> bool:
        """Whether the setting is kept on the instance (not a literal that can be written as is)."""
        return name in self.args and not is_literal(self.args[name])


def _init_call(rewriter: ContextRewriter, init: cst.FunctionDef, me: str
               ) -> Optional[tuple[cst.SimpleStatementLine, cst.Call, list[cst.Arg]]]:
    """The statement ``InferContext.__init__(self, ...)`` / ``super().__init__(...)`` of ``__init__``."""
    found = []
    body = init.body.body if isinstance(init.body, cst.IndentedBlock) else ()
    for statement in body:
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1 \
                or not isinstance(statement.body[0], cst.Expr) or not isinstance(statement.body[0].value, cst.Call):
            continue
        call = statement.body[0].value
        func = call.func
        if not isinstance(func, cst.Attribute) or func.attr.value != "__init__":
            continue
        if rewriter.resolver.v1_name(func.value) == BASE and call.args and not call.args[0].keyword \
                and isinstance(call.args[0].value, cst.Name) and call.args[0].value.value == me:
            found.append((statement, call, list(call.args[1:])))
        elif isinstance(func.value, cst.Call) and isinstance(func.value.func, cst.Name) \
                and func.value.func.value == "super":
            found.append((statement, call, list(call.args)))
    return found[0] if len(found) == 1 else None


class _V1Mentions(cst.CSTVisitor):
    """Every node of a class naming ``InferContext`` itself (not ``InferContext.ResultFormat...``)."""

    def __init__(self, rewriter: ContextRewriter) -> None:
        super().__init__()
        self.rewriter = rewriter
        self.found: list[cst.CSTNode] = []
        self.supers = 0

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        name = self.rewriter.resolver.v1_name(node)
        if name is None:
            return True
        if name.startswith(BASE + ".") and name != BASE + ".__init__" and not name.startswith(BASE + ".ResultFormat"):
            self.found.append(node)  # InferContext.run(self, ...) and the like
        return False

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == "super":
            self.supers += 1
        elif self.rewriter.resolver.v1_name(node) == BASE:
            self.found.append(node)


def _self_uses_ok(cls: cst.ClassDef, methods: dict[cst.FunctionDef, str]) -> bool:
    """``self.<V1 method>`` appears only as a call (``self.run(...)``), and only of convertible methods."""
    v1_methods = set(CONTEXTS[BASE].methods) | CONVERTIBLE
    ok = True

    class _Check(cst.CSTVisitor):
        def __init__(self, me: str) -> None:
            super().__init__()
            self.me = me
            self.calls: set[cst.Attribute] = set()

        def visit_Call(self, node: cst.Call) -> None:
            if isinstance(node.func, cst.Attribute):
                self.calls.add(node.func)

        def visit_Attribute(self, node: cst.Attribute) -> None:
            nonlocal ok
            if isinstance(node.value, cst.Name) and node.value.value == self.me and node.attr.value in v1_methods:
                if node not in self.calls or node.attr.value not in CONVERTIBLE:
                    ok = False

    for method, me in methods.items():
        method.visit(_Check(me))
    return ok


# (text, its V1 objects, name -> line -> the first call of that name on the line): the last text read.
# Each subclass of a file asks about the same text; the objects (the verifier's whole-file flow
# analysis) and the calls are computed once for all of them.
_LAST: list[Any] = [None, None, None]


def _objects_and_calls(code: str) -> Optional[tuple[list[Any], dict[str, dict[int, ast.Call]]]]:
    from triton_migrate.analysis import verify as pyverify

    if _LAST[0] != code:
        try:
            model = pyverify.Model(astcache.parse(code))
        except SyntaxError:
            _LAST[:] = [code, None, None]
            return None
        # the first call of each name on each line, in ast.walk order (one walk for every class)
        calls: dict[str, dict[int, ast.Call]] = {}
        for n in ast.walk(model.tree):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
                calls.setdefault(n.func.id, {}).setdefault(getattr(n, "lineno", 0), n)
        _LAST[:] = [code, pyverify.objects(model), calls]
    if _LAST[1] is None:
        return None
    return _LAST[1], _LAST[2]


def _instances_ok(code: str, name: str, own: set[str]) -> bool:
    """Instances the file makes are used only through the class's own methods and close()."""
    found = _objects_and_calls(code)
    if found is None:
        return False
    objects, by_name = found
    calls = by_name.get(name, {})
    for obj in objects:
        node = calls.get(obj.line)
        if node is None:
            continue
        holders = {key[2] for key in obj.holders if key[0] == "name"} | {key[2] for key in obj.holders if key[0] == "attr"}
        for use in obj.uses:
            # the verifier also follows what the V1 methods return: only uses of the instance itself count
            target = use.node.value if isinstance(use.node, ast.Attribute) else use.node
            direct = (isinstance(target, ast.Name) and target.id in holders) or (
                isinstance(target, ast.Attribute) and target.attr in holders)
            if direct and (not isinstance(use.node, ast.Attribute) or (use.method not in own and use.method != "close")):
                return False
    return True


def plan_subclasses(rewriter: ContextRewriter, module: cst.Module) -> dict[cst.ClassDef, SubclassPlan]:
    plans: dict[cst.ClassDef, SubclassPlan] = {}

    class _Classes(cst.CSTVisitor):
        def visit_ClassDef(self, node: cst.ClassDef) -> None:
            plan = _plan(rewriter, module, node)
            if plan is not None:
                plans[node] = plan

    module.visit(_Classes())
    return plans


def _plan(rewriter: ContextRewriter, module: cst.Module, cls: cst.ClassDef) -> Optional[SubclassPlan]:
    if len(cls.bases) != 1 or cls.keywords or rewriter.resolver.v1_name(cls.bases[0].value) != BASE:
        return None
    body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
    functions = [s for s in body if isinstance(s, cst.FunctionDef)]
    own = {f.name.value for f in functions}
    if own & (set(CONTEXTS[BASE].methods) - {"close"}):
        return None  # overrides a V1 method: what it changes is not followed
    init = next((f for f in functions if f.name.value == "__init__"), None)
    me = _self_name(init) if init is not None else None
    if init is None or me is None:
        return None
    found = _init_call(rewriter, init, me)
    if found is None:
        return None
    statement, call, args = found
    if rewriter.frozen(call):
        return None
    bound = bind_arguments(cst.Call(func=cst.Name("f"), args=args), CONTEXTS[BASE].params)
    if bound is None or not {"url", "protocol", "model_name"} <= set(bound):
        return None
    mentions = _V1Mentions(rewriter)
    for statement_node in body:
        statement_node.visit(mentions)
    # the base and the __init__ call are the only mentions of InferContext itself; one super()
    if any(n is not cls.bases[0].value for n in mentions.found) \
            or mentions.supers > (1 if isinstance(call.func.value, cst.Call) else 0):  # type: ignore[attr-defined]
        return None
    methods = {f: name for f in functions if (name := _self_name(f)) is not None}
    if any(name != me for name in methods.values()):
        return None  # the settings are read back as <self>._name: one name for self throughout
    if not _self_uses_ok(cls, methods):
        return None
    if _extended(rewriter, module, cls.name.value):
        return None  # a class of this file extends it: what it inherits from InferContext is not followed
    if not _instances_ok(module.code, cls.name.value, own):
        return None
    return SubclassPlan(cls, init, statement, call, bound, methods)


def _extended(rewriter: ContextRewriter, module: cst.Module, name: str) -> bool:
    """A class of ``module`` has ``name`` (or ``<x>.name``) among its bases (the names read once per
    rewriter and module: each subclass of the file asks)."""
    kept = rewriter.__dict__.get("_subclass_bases")
    if kept is None or kept[0] is not module:
        names: set[str] = set()

        class _Bases(cst.CSTVisitor):
            def visit_ClassDef(self, node: cst.ClassDef) -> None:
                for base in node.bases:
                    value = base.value
                    if isinstance(value, cst.Name):
                        names.add(value.value)
                    elif isinstance(value, cst.Attribute):
                        names.add(value.attr.value)

        module.visit(_Bases())
        kept = rewriter.__dict__["_subclass_bases"] = (module, frozenset(names))
    return name in kept[1]
