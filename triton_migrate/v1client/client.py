"""The generic mechanism that turns V1 `*Context` objects into V2 clients.

A V1 context constructor ``Ctx(url, protocol, ..., verbose=v, http_headers=h)``
becomes ``<protocol module>.InferenceServerClient(url, verbose=v)``; calls of
its methods on a variable proven (by scope analysis) to hold it are converted
from the tables in `triton_migrate.data.v1_client_api`.  Rules subclass
`ContextRewriter` and override `convert_method` for the semantic methods.
Statements a conversion needs before the current one go to `self.before`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional, Union

import libcst as cst
from libcst.metadata import (
    Assignment,
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    ScopeProvider,
)

from triton_migrate.data.v1_client_api import CONTEXTS, Removed, Rename
from triton_migrate.model_repository import ModelInfo
from triton_migrate.analysis.resolve import V1Resolver, bind_arguments, branched, literal_string, single_assignment
from triton_migrate.v1client import crossparams, escape, localparams

if TYPE_CHECKING:
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

HTTP, GRPC = "httpclient", "grpcclient"
#: V1 ``InferContext.run()`` / ``async_run()`` parameters, in order (for ``bind_arguments``).
RUN_PARAMS = ("inputs", "outputs", "batch_size", "flags", "corr_id", "priority", "timeout_us")
ASYNC_RUN_PARAMS = ("callback", *RUN_PARAMS)


@dataclass
class Output:
    """One requested output of a V1 ``run()``, as the infer rewriter converts it."""

    kind: str  # "raw" | "class" | "shm" | "either" (a region or not, at run time: shmreg)
    shm: Optional[cst.Call] = None  # the create_shared_memory_region call of a shm output
    shm_module: str = ""
    handle: str = ""


@dataclass
class RunResult:
    """What a converted ``run()`` returns: its outputs and how its batch was built."""

    outputs: dict[str, Output]
    batching: bool
    batch: str
    model: Optional[ModelInfo]
    extra: dict[str, object] = field(default_factory=dict)


@dataclass
class Bound:
    """A V1 context constructor call and the arguments it was given."""

    cls: str
    call: cst.Call
    args: dict[str, cst.BaseExpression]
    module_expr: Optional[str] = None  # code of the V2 client module for this context
    extra: dict[str, object] = field(default_factory=dict)


def literal_header(node: cst.CSTNode) -> Optional[str]:
    """A header literal: ``"Name:Value"`` or the bytes ``b"Name:Value"`` V1 required on Python 3."""
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        if isinstance(value, bytes):
            try:
                return value.decode("ascii")
            except UnicodeDecodeError:
                return None
        return value if isinstance(value, str) else None
    return None


class Collector(cst.CSTVisitor):
    """First pass: every single-name assignment target and its value."""

    METADATA_DEPENDENCIES = (QualifiedNameProvider, ScopeProvider)

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[cst.Name, cst.BaseExpression] = {}
        self.functions: list[cst.FunctionDef] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.append(node)

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self.values[node.targets[0].target] = node.value

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None and isinstance(node.asname.name, cst.Name):
            self.values[node.asname.name] = node.item


class ContextRewriter(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider, ParentNodeProvider)
    classes: tuple[str, ...] = ()

    def __init__(self, ctx: FileContext, module: cst.Module, values: dict[cst.Name, cst.BaseExpression],
                 functions: Optional[list[cst.FunctionDef]] = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.module = module
        self.values = values
        self.functions = functions or []
        self.resolver = V1Resolver(self, module)
        self.statements: list[list[cst.BaseStatement]] = []
        self.unsafe = 0  # inside a lambda, comprehension or conditional expression
        self.bound_cache: dict[cst.Call, Optional[Bound]] = {}

    # -- positions and findings --------------------------------------------------
    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def suppressed(self, node: cst.CSTNode) -> bool:
        """The node's lines carry ``# triton-migrate: ignore`` for this rule: add nothing around it either."""
        rng = self.get_metadata(PositionProvider, node)
        return self.ctx.suppressed(rng.start.line, rng.end.line)

    def report(self, node: cst.CSTNode, message: str, *, applied: bool = False, severity: str = "",
               replacement: Optional[str] = None, v1: Optional[str] = None) -> bool:
        rng = self.get_metadata(PositionProvider, node)
        return self.ctx.report(
            line=rng.start.line, column=rng.start.column, end_line=rng.end.line, end_column=rng.end.column,
            message=message, applied=applied, severity=severity or ("info" if applied else "warning"),  # type: ignore[arg-type]
            replacement=replacement, v1=v1)

    # -- statement insertion -----------------------------------------------------
    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.statements.append([])

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine) -> Union[cst.BaseStatement, cst.FlattenSentinel]:
        before = self.statements.pop()
        after = [cst.parse_statement(line) for line in escape.settings_statements(self, original)]
        if not before and not after:
            return updated
        if not before:
            return cst.FlattenSentinel([updated, *after])
        first = before[0]
        if isinstance(first, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            before[0] = first.with_changes(leading_lines=updated.leading_lines)
        return cst.FlattenSentinel([*before, updated.with_changes(leading_lines=()), *after])

    def can_insert(self) -> bool:
        return bool(self.statements) and not self.unsafe

    def insert(self, source: str) -> None:
        self.statements[-1].append(cst.parse_statement(source))

    def _enter_unsafe(self, node: cst.CSTNode) -> None:
        self.unsafe += 1

    visit_Lambda = visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_IfExp = _enter_unsafe  # type: ignore[assignment]
    def _leave_unsafe(self, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode:
        self.unsafe -= 1
        return updated

    # leave hooks of these six types, not an ``on_leave`` of every node (the walk calls hooks per type)
    leave_Lambda = leave_ListComp = leave_SetComp = leave_DictComp = leave_GeneratorExp = leave_IfExp = _leave_unsafe  # type: ignore[assignment]

    # -- contexts ----------------------------------------------------------------
    def constructor(self, call: cst.Call) -> Optional[str]:
        name = self.resolver.v1_name(call.func)
        return name if name in CONTEXTS else None

    def bound_of_call(self, call: cst.Call) -> Optional[Bound]:
        if call in self.bound_cache:
            return self.bound_cache[call]
        cls = self.constructor(call)
        bound = escape.factory_bound(self, call) if cls is None else None  # a function of the file returning one
        if cls is not None and self.frozen(call):
            cls = None
        if cls is not None:
            args = bind_arguments(call, CONTEXTS[cls].params)
            if args is not None and "url" in args and "protocol" in args:
                why = escape.protocol_problem(self, args["protocol"])
                if why is None:
                    bound = Bound(cls, call, args)
                    if escape.held_on_attribute(self, call) and escape.attr_plan(self, call, bound) is None:
                        bound = None  # kept on an object the tool cannot follow: stays V1 (each use reported)
                elif cls in self.classes:
                    self.report(call, f"`{cls}` is not converted: {why}, so `{self.code(args['protocol'])}` cannot "
                                      "become a V2 client module; the whole context stays V1.", severity="error",
                                v1=cls, replacement="pass ProtocolType.HTTP / GRPC / from_str(s) at every call "
                                                    "(then the tool converts both sides), or port by hand")
        self.bound_cache[call] = bound
        return bound

    def frozen(self, call: cst.Call) -> bool:
        """The verifier rolled this object back: the rules leave its constructor and every use as they are."""
        frozen = getattr(self.ctx, "scratch", {}).get("python.frozen")
        if frozen is None:  # asked line by line even when empty: the carrier's memo replays by those answers
            return False
        rng = self.get_metadata(PositionProvider, call)
        return any(self.ctx.original_line(line) in frozen for line in range(rng.start.line, rng.end.line + 1))

    def bound_of(self, receiver: cst.BaseExpression) -> Optional[Bound]:
        """The V1 context a method receiver provably is (a variable or the constructor itself)."""
        if isinstance(receiver, cst.Call):
            return self.bound_of_call(receiver)
        if isinstance(receiver, cst.Attribute):
            return escape.attr_use_bound(self, receiver)  # self.ctx of a context kept on the instance
        if isinstance(receiver, cst.Name):
            target = single_assignment(self, receiver)
            if isinstance(target, cst.Param):  # a helper's parameter that callers in other modules fill
                cls = crossparams.param_class(self, target) or localparams.param_class(self, target)
                # a constructor call that is not in the tree: these classes' method conversions read no
                # setting of it but the headers, and the decision requires contexts built without them
                return Bound(cls, cst.Call(func=cst.Name(cls)), {}) if cls is not None else None
            value = self.values.get(target) if isinstance(target, cst.Name) else None
            if isinstance(value, cst.Call):
                bound = self.bound_of_call(value)
                return bound if bound is None or not branched(self, receiver) else self.same_in_branches(receiver, bound)
        return None

    def same_in_branches(self, name: cst.Name, bound: Bound) -> Optional[Bound]:
        """``if http: ctx = Ctx(u, ProtocolType.HTTP, m) else: ctx = Ctx(u, ProtocolType.GRPC, m)``, then
        ``ctx.run()``: any assignment of the name may reach the use, so it converts only when every one builds
        the same class with the same client module and settings (the nearest one's are written into the
        requests; a tensor of one module sent by a client of the other is a TypeError)."""
        scope = self.get_metadata(ScopeProvider, name, None)
        want = self.settings_key(bound)
        try:
            assignments = list(scope[name.value]) if scope is not None else []
        except Exception:  # noqa: BLE001 - libcst raises on odd scopes
            return None
        for assignment in assignments:
            value = self.values.get(assignment.node) if isinstance(assignment, Assignment) else None
            other = self.bound_of_call(value) if isinstance(value, cst.Call) else None
            if other is None or self.settings_key(other) != want:
                return None
        return bound

    def settings_key(self, bound: Bound) -> tuple:
        # the health, model-control and shared-memory conversions name no module: the client's own is enough
        module = self.module_expr(bound) if bound.cls in ("InferContext", "ServerStatusContext") else ""
        return (bound.cls, module,
                tuple(sorted((k, self.code(v)) for k, v in bound.args.items() if k not in ("url", "protocol", "verbose"))))

    def module_expr(self, bound: Bound) -> str:
        """Code for the V2 client module the context's protocol selects."""
        if bound.module_expr:
            return bound.module_expr
        protocol = bound.args["protocol"]
        which = self.resolver.v1_name(protocol)
        if which == "ProtocolType.HTTP":
            return HTTP
        if which == "ProtocolType.GRPC":
            return GRPC
        text = self.code(protocol)
        return text if isinstance(protocol, (cst.Name, cst.Attribute, cst.Subscript)) else f"({text})"

    def headers(self, bound: Bound) -> Optional[str]:
        value = bound.args.get("http_headers")
        if value is None or (isinstance(value, cst.Name) and value.value == "None"):
            return None
        if isinstance(value, (cst.List, cst.Tuple)):
            items = [literal_header(e.value) for e in value.elements]
            if all(i is not None and ":" in i for i in items):
                pairs = (i.split(":", 1) for i in items if i is not None)
                return "{" + ", ".join(f"{k.strip().lower()!r}: {v.strip()!r}" for k, v in pairs) + "}"
        # Lower-case names: HTTP ignores their case and gRPC metadata requires it.  V1 took
        # None (an argparse default) for no headers, and bytes (required on Python 3).
        return (f'{{name.strip().lower(): value.strip() for name, value in '
                f'((h.decode() if isinstance(h, bytes) else h).split(":", 1) for h in ({self.code(value)} or ()))}}')

    def convert_constructor(self, call: cst.Call, bound: Bound) -> cst.BaseExpression:
        verbose = bound.args.get("verbose")
        args = self.code(bound.args["url"]) + (f", verbose={self.code(verbose)}" if verbose is not None else "")
        new = cst.parse_expression(f"{self.module_expr(bound)}.InferenceServerClient({args})")
        moved = ", ".join(k for k in bound.args if k not in ("url", "protocol", "verbose"))
        note = f"; moved to each request: {moved}" if moved else ""
        if self.report(call, f"`{bound.cls}` is now `InferenceServerClient` of the module the protocol "
                             f"selects{note}.", applied=True, v1=bound.cls, replacement=self.code(new)):
            return new.with_changes(lpar=call.lpar, rpar=call.rpar)
        return call

    def method_call(self, call: cst.Call, bound: Bound, new: str, *, headers: bool = True) -> cst.Call:
        extra = self.headers(bound) if headers else None
        updated = call.with_changes(func=call.func.with_changes(attr=cst.Name(new)))  # type: ignore[attr-defined]
        if extra and not any(a.keyword and a.keyword.value == "headers" for a in call.args):
            args = list(updated.args)
            if args:
                args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            args.append(cst.Arg(keyword=cst.Name("headers"), value=cst.parse_expression(extra),
                                equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                                      whitespace_after=cst.SimpleWhitespace(""))))
            updated = updated.with_changes(args=args)
        return updated

    def convert_method(self, original: cst.Call, updated: cst.Call, bound: Bound, method: str) -> cst.BaseExpression:
        """Table-driven conversion; rules override this for their semantic methods."""
        entry = CONTEXTS[bound.cls].methods.get(method)
        if isinstance(entry, Rename):
            new = self.method_call(updated, bound, entry.new, headers=entry.headers)
            if entry.new == method and new.deep_equals(updated):
                return updated
            if entry.review:
                ok = self.report(original, f"`{bound.cls}.{method}()` is now `{entry.new}()`, but {entry.review}.",
                                 applied=True, severity="warning", v1=f"{bound.cls}.{method}", replacement=entry.new)
            else:
                ok = self.report(original, f"`{bound.cls}.{method}()` is now `{entry.new}()`.", applied=True,
                                 v1=f"{bound.cls}.{method}", replacement=entry.new)
            return new if ok else updated
        if isinstance(entry, Removed):
            self.report(original, f"`{bound.cls}.{method}()` has no V2 equivalent: {entry.reason}.",
                        severity="error", v1=f"{bound.cls}.{method}", replacement=entry.replacement)
        else:
            self.report(original, f"`{bound.cls}.{method}()` is not a V1 method; left as it is.",
                        v1=f"{bound.cls}.{method}")
        return updated

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if isinstance(original.func, cst.Attribute):
            bound = self.bound_of(original.func.value)
            if bound is not None and bound.cls in self.classes:
                return self.convert_method(original, updated, bound, original.func.attr.value)
        bound = self.bound_of_call(original)
        if bound is not None and bound.cls in self.classes:
            if bound.extra.get(escape.FACTORY):
                return escape.factory_call(self, original, updated, bound)
            return self.convert_constructor(original, bound)
        return updated


def run(rewriter_class: type[ContextRewriter], wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    collector = Collector()
    wrapper.visit(collector)
    return wrapper.visit(rewriter_class(ctx, wrapper.module, collector.values, collector.functions))
