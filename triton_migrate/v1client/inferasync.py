"""V1 `InferContext.async_run()` / `get_async_run_results()` on V2, one form for both protocols.

V1: ``ctx.async_run(callback, inputs, outputs, batch_size, ...)`` sends the
request; ``callback(ctx, request_id)`` runs when it completes;
``ctx.get_async_run_results(request_id)`` returns the result dict.  V2 differs
per protocol: HTTP ``client.async_infer(...)`` returns an ``InferAsyncRequest``
whose ``get_result()`` waits for the ``InferResult``; gRPC
``client.async_infer(model, inputs, callback, ...)`` calls
``callback(result, error)``.  Since the protocol may be chosen at run time, the
migrated file gets one small function, ``async_infer(client, callback,
model_name, inputs, **kwargs)``, written into it (no run-time dependency on
this tool): it returns a request with ``get_result()`` for both protocols (a
``concurrent.futures.Future`` completed by the gRPC callback) and calls the V1
callback as ``callback(client, request)``: on completion over gRPC, right
after sending over HTTP (HTTP requests only progress while ``get_result()``
waits).  ``get_async_run_results(request_id)`` becomes
``request_id.get_result()``.
"""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Optional

import libcst as cst
import libcst.matchers as m
from libcst.metadata import Assignment, ParentNodeProvider, ScopeProvider

from triton_migrate.v1client.client import ASYNC_RUN_PARAMS, GRPC, HTTP, Bound, RunResult
from triton_migrate.analysis.resolve import bind_arguments, single_assignment
from triton_migrate.v1client.asynccallback import async_runs, callback_results, note_site
from triton_migrate.v1client import inferstream, rowitems

ASYNC_HELPER = "async_infer"
GRPC_REQUEST = "GrpcAsyncRequest"

ASYNC_REVIEW = (
    "`InferContext.async_run()` is now `async_infer(client, callback, model_name, inputs, ...)`, a function "
    "written into this file: it returns a request whose `get_result()` waits for the `InferResult` (HTTP: "
    "tritonclient's InferAsyncRequest; gRPC: a Future completed by V2's callback(result, error)). The V1 "
    "callback(ctx, request_id) is now called as callback(client, request): the request object replaces the "
    "integer request id, and over HTTP the callback runs right after sending, not on completion."
)

_GRPC_CLASS = '''
class GrpcAsyncRequest(concurrent.futures.Future):
    """A gRPC async_infer() request: get_result() waits for its InferResult, like HTTP's InferAsyncRequest."""

    def get_result(self, block=True, timeout=None):
        return self.result(timeout if block else 0)
'''

_DOC = '''    """Send an inference request without waiting for it (what V1 did with async_run()).

    Returns a request whose get_result() waits for the InferResult (and raises
    the V2 client's exception when the request failed).  V1 called
    callback(ctx, request_id) when the request completed; here it is called as
    callback(client, request){when}.
    """
'''

_HTTP_BODY = '''        request = client.async_infer(model_name, inputs, **kwargs)
        if callback is not None:
            callback(client, request)
        return request
'''

_GRPC_BODY = '''    request = GrpcAsyncRequest()

    def completed(result, error):
''' + inferstream.COMPLETE + '''
    client.async_infer(model_name, inputs, completed, **kwargs)
    return request
'''


def helper_source(protocols: set[str]) -> str:
    """The code written into a migrated file that uses async_run(), for the protocols it may use."""
    head = "def async_infer(client, callback, model_name, inputs, **kwargs):\n"
    if protocols == {HTTP}:
        return head + _DOC.format(when=", right after sending: HTTP requests only progress while "
                                       "get_result() waits") + _HTTP_BODY.replace("\n        ", "\n    ")[4:]
    if protocols == {GRPC}:
        return _GRPC_CLASS + "\n\n" + head + _DOC.format(when=" by the client's thread on completion") + _GRPC_BODY
    return _GRPC_CLASS + "\n\n" + head + _DOC.format(
        when=":\n    over gRPC by the client's thread on completion, over HTTP right after\n"
             "    sending (HTTP requests only progress while get_result() waits)") + \
        "    if isinstance(client, httpclient.InferenceServerClient):\n" + _HTTP_BODY + _GRPC_BODY


def _uses_params(function: cst.Lambda) -> bool:
    names = {p.name.value for p in function.params.params}
    found = []

    class _Names(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            if node.value in names:
                found.append(node)

    function.body.visit(_Names())
    return bool(found)


class AsyncMixin:
    """The async parts of `InferRewriter` (used as its first base)."""

    def init_async(self) -> None:
        self.async_results: dict[int, list[RunResult]] = {}
        self.containers: dict[cst.CSTNode, RunResult] = {}
        self.async_protocols: set[str] = set()
        self.callback_ctx: set[cst.Param] = set()
        self.streams: set[int] = set()  # id() of the bounds whose async_run() goes on a V2 stream (inferstream)
        self.run_time_streams: list[Bound] = []  # runadapter: contexts streaming or not by a row at run time

    # -- async_run ---------------------------------------------------------------
    def async_helper_ready(self, original: cst.Call, bound: Bound) -> bool:
        module = self.module_expr(bound)  # type: ignore[attr-defined]
        if rowitems.all_false(self, bound.args.get("streaming"), bound.args.get("protocol")):
            bound = dataclasses.replace(bound, args={k: v for k, v in bound.args.items() if k != "streaming"})
        problem = inferstream.stream_problem(bound, module)
        if problem:
            self.fail(original, problem)  # type: ignore[attr-defined]
            return False
        stream = inferstream.is_streaming(bound.args.get("streaming"))
        scope = self.get_metadata(ScopeProvider, self.module, None)  # type: ignore[attr-defined]
        names = (ASYNC_HELPER, GRPC_REQUEST, "concurrent") + (inferstream.STREAM_NAMES if stream else ())
        taken = [n for n in names if scope is not None and n in scope and not (
            n in ("threading", "weakref") and _module_import(scope, n))]
        if taken and not self.async_protocols:
            self.fail(original, f"the file already defines {', '.join(taken)}, the names of the "  # type: ignore[attr-defined]
                                "V2 helper it would need")
            return False
        if stream:
            self.streams.add(id(bound))
            return True
        self.async_protocols |= {module} if module in (HTTP, GRPC) else {HTTP, GRPC}
        return True

    def run_time_stream(self, original: cst.Call, bound: Bound) -> Optional[str]:
        """For an async_run() the run-time adapter sends (runadapter): the code of the context's ``streaming=``
        when it reads appended rows where it is a literal True (with a literal ``ProtocolType.GRPC``) in some rows
        and False in others, both helpers made ready (async_infer and stream_infer); "" when it is not such a read
        (the caller checks the context as usual); None when it is, and the helpers cannot be written (reported)."""
        streaming, protocol = bound.args.get("streaming"), bound.args.get("protocol")
        found = rowitems.items(self, streaming, protocol)
        if not found or not all(isinstance(e, cst.Name) and e.value in ("True", "False") for e in found) \
                or all(e.value == "False" for e in found):
            return ""
        rows = rowitems.items(self, protocol, protocol) or []
        if any(e.value == "True" and self.resolver.v1_name(p) != "ProtocolType.GRPC"  # type: ignore[attr-defined]
               for e, p in zip(found, rows)) or len(rows) != len(found):
            self.fail(original, "a row streams over a protocol that is not a literal ProtocolType.GRPC (V2 "  # type: ignore[attr-defined]
                                "streams are gRPC only)")
            return None
        scope = self.get_metadata(ScopeProvider, self.module, None)  # type: ignore[attr-defined]
        taken = [n for n in inferstream.STREAM_NAMES if scope is not None and n in scope and not (
            n in ("threading", "weakref") and _module_import(scope, n))]
        if taken and not self.streams:
            self.fail(original, f"the file already defines {', '.join(taken)}, the names of the V2 stream helper "  # type: ignore[attr-defined]
                                "it would need")
            return None
        plain = dataclasses.replace(bound, args={k: v for k, v in bound.args.items() if k != "streaming"})
        if not self.async_helper_ready(original, plain):
            return None
        self.streams.add(id(plain))  # the stream helper is written; async_call(bound) stays async_infer
        self.run_time_streams.append(plain)  # kept alive: its id stays unique
        return self.code(streaming)  # type: ignore[attr-defined]

    def plan_callbacks(self) -> None:
        """Before the rewrite: the V1 callbacks' ctx parameters (their get_async_run_results() calls convert too)."""
        for call in async_runs(self):
            bound = self.bound_of(call.func.value)  # type: ignore[attr-defined, union-attr]
            args = bind_arguments(call, ASYNC_RUN_PARAMS) if bound is not None else None  # type: ignore[arg-type]
            if bound is not None and bound.cls == "InferContext" and args and "callback" in args:
                self.check_callback(args["callback"], report=False)
                function, skip = self.callback_function(args["callback"])
                params = list(function.params.params)[skip:] if function is not None else []
                if params and params[0] in self.callback_ctx:
                    note_site(self, params[0], call, bound)  # its result is followed (asynccallback)

    def check_callback(self, callback: cst.BaseExpression, report: bool = True) -> None:
        """Report a V1 callback whose use of (ctx, request_id) cannot be proven to still work."""
        if isinstance(callback, cst.Name) and callback.value == "None":
            return
        function, skip = self.callback_function(callback)
        problem = None
        if isinstance(callback, cst.Lambda) and not _uses_params(callback):
            return  # ignores (ctx, request_id): works the same with (client, request)
        if function is None:
            problem = "the callback is not a function of this file (or functools.partial of one)"
        else:
            params = list(function.params.params)[skip:]
            if len(params) != 2 or function.params.posonly_params:
                problem = f"`{function.name.value}()` does not take exactly (ctx, request_id) after its bound arguments"
            else:
                for access in self.param_accesses(params[0]):
                    parent = self.get_metadata(ParentNodeProvider, access, None)  # type: ignore[attr-defined]
                    if not (isinstance(parent, cst.Attribute) and parent.attr.value == "get_async_run_results"):
                        problem = (f"`{function.name.value}()` uses its context `{params[0].name.value}` for more "
                                   "than get_async_run_results(); it now receives the V2 client")
                if problem is None:
                    self.callback_ctx.add(params[0])
        if problem and report:
            self.report(callback, f"V1 async_run() callback: {problem}; check it works when called as "  # type: ignore[attr-defined]
                                  "callback(client, request).", severity="warning", v1="InferContext.async_run",
                        applied=True,  # a review note on the applied rewrite of async_run()
                        replacement="def callback(client, request): ... request.get_result()")

    def callback_function(self, node: cst.BaseExpression) -> tuple[Optional[cst.FunctionDef], int]:
        skip = 0
        if isinstance(node, cst.Call) and m.matches(node.func, m.Name("partial") | m.Attribute(
                value=m.Name("functools"), attr=m.Name("partial"))) and node.args \
                and all(not a.keyword and not a.star for a in node.args):
            skip = len(node.args) - 1
            node = node.args[0].value
        if not isinstance(node, cst.Name):
            return None, 0
        target = single_assignment(self, node)  # type: ignore[arg-type]
        return (target, skip) if isinstance(target, cst.FunctionDef) else (None, 0)

    def param_accesses(self, param: cst.Param) -> list[cst.CSTNode]:
        scope = self.get_metadata(ScopeProvider, param.name, None)  # type: ignore[attr-defined]
        if scope is None:
            return []
        found = []
        for assignment in scope.assignments[param.name.value]:
            if isinstance(assignment, Assignment) and assignment.node is param:
                found += [a.node for a in assignment.references]
        return found

    # -- get_async_run_results ---------------------------------------------------------
    def convert_async_results(self, original: cst.Call, updated: cst.Call, bound: Optional[Bound]) -> cst.BaseExpression:
        args = bind_arguments(updated, ("request_id", "wait"))
        if args is None or "request_id" not in args:
            self.fail(original, "get_async_run_results() takes one request id")  # type: ignore[attr-defined]
            return updated
        wait = args.get("wait")  # older V1: get_async_run_results(request_id, wait); get_result() waits
        if wait is not None and not (isinstance(wait, cst.Name) and wait.value == "True"):
            self.fail(original, "get_async_run_results(request_id, wait) converts only with wait=True")  # type: ignore[attr-defined]
            return updated
        request = args["request_id"]
        text = self.code(request)  # type: ignore[attr-defined]
        if not isinstance(request, (cst.Name, cst.Attribute, cst.Subscript, cst.Call)):
            text = f"({text})"
        results = self.async_results.get(id(bound), []) if bound is not None else callback_results(self, original)
        adapted = [r for r in results if r.extra.get("adapted")]
        if adapted and len(adapted) < len(results):
            self.fail(original, "the async_run() calls of this context are not all sent the same way (some by "  # type: ignore[attr-defined]
                                "`_v1_async_run()`, whose results are V1's dicts, some not)")
            return updated
        if adapted:  # runadapter: get_result() returns V1's result dict; its uses stay as they are
            if not self.report(original, "`get_async_run_results(request_id)` is now `request_id.get_result()` "  # type: ignore[attr-defined]
                                         "(the request returned by `_v1_async_run()`: V1's result dict).", applied=True,
                               v1="InferContext.get_async_run_results", replacement=f"{text}.get_result()"):
                return updated
            return cst.parse_expression(f"{text}.get_result()").with_changes(lpar=original.lpar, rpar=original.rpar)
        followed = bool(results) and all(r.outputs == results[0].outputs and r.batching == results[0].batching
                                         for r in results)
        if not followed or not self.register_result(original, results[0]):
            parent = self.get_metadata(ParentNodeProvider, original, None)  # type: ignore[attr-defined]
            if not isinstance(parent, cst.Expr):
                # V1's result dict read as ``result[name][i]`` would meet a V2 InferResult: not converted
                self.fail(original, "its result (now a V2 `InferResult`, read with `as_numpy(name)`) is used "  # type: ignore[attr-defined]
                                    "where the tool cannot follow it (not assigned to a name, or the async_run() "
                                    "calls it may come from request different outputs)")
                return updated
        if not self.report(original, "`get_async_run_results(request_id)` is now `request_id.get_result()` "  # type: ignore[attr-defined]
                                     "(the request returned by async_infer()).", applied=True,
                           v1="InferContext.get_async_run_results", replacement=f"{text}.get_result()"):
            return updated
        return cst.parse_expression(f"{text}.get_result()").with_changes(lpar=original.lpar, rpar=original.rpar)

    def register_result(self, call: cst.Call, result: RunResult) -> bool:
        parent = self.get_metadata(ParentNodeProvider, call, None)  # type: ignore[attr-defined]
        if not isinstance(parent, cst.Assign) or len(parent.targets) != 1:
            return False
        target = parent.targets[0].target
        if isinstance(target, cst.Name):
            self.results[target] = result  # type: ignore[attr-defined]
            return True
        if not (isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name)):
            return False
        # ``results[k] = ...``: a dict that only ever holds such results.
        holder = single_assignment(self, target.value)  # type: ignore[arg-type]
        value = self.values.get(holder) if isinstance(holder, cst.Name) else None  # type: ignore[attr-defined]
        if not (isinstance(value, cst.Dict) and not value.elements or
                isinstance(value, cst.Call) and m.matches(value, m.Call(func=m.Name("dict"), args=[]))):
            return False
        scope = self.get_metadata(ScopeProvider, holder, None)  # type: ignore[attr-defined]
        if scope is None:
            return False
        for assignment in scope.assignments[holder.value]:  # type: ignore[union-attr]
            for access in assignment.references:
                use = self.get_metadata(ParentNodeProvider, access.node, None)  # type: ignore[attr-defined]
                if isinstance(use, cst.Attribute):
                    return False  # results.update(...) and the like
                if isinstance(use, cst.Subscript):
                    store = self.get_metadata(ParentNodeProvider, use, None)  # type: ignore[attr-defined]
                    if isinstance(store, (cst.AssignTarget, cst.AugAssign, cst.Del)) and use is not target:
                        return False
        self.containers[holder] = result  # type: ignore[index]
        return True

    def container_result(self, node: cst.BaseExpression) -> Optional[RunResult]:
        """The result type of ``results[k]`` for a dict of converted get_async_run_results()."""
        if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name):
            return self.containers.get(single_assignment(self, node.value))  # type: ignore[arg-type]
        return None

    # -- the helper --------------------------------------------------------------
    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        if not self.async_protocols and not self.streams:
            return updated
        source = helper_source(self.async_protocols) if self.async_protocols else _GRPC_CLASS
        if self.streams:
            if GRPC not in self.async_protocols and self.async_protocols:
                source = _GRPC_CLASS + "\n\n" + source
            source += "\n\n" + inferstream.helper_source()
        return after_imports(updated, list(cst.parse_module(source.lstrip("\n")).body))

    def async_call(self, bound: Bound) -> str:
        """The helper async_run() on ``bound`` becomes: the stream one for a streaming gRPC context."""
        return inferstream.STREAM_HELPER if id(bound) in self.streams else ASYNC_HELPER


def _module_import(scope: object, name: str) -> bool:
    """Whether ``name`` is bound in the module only by ``import name`` (the helper may use it as it is)."""
    found = list(scope.assignments[name])  # type: ignore[attr-defined]
    return bool(found) and all(isinstance(getattr(a, "node", None), cst.Import) and any(
        isinstance(alias.name, cst.Name) and alias.name.value == name and alias.asname is None
        for alias in a.node.names) for a in found)


def after_imports(updated: cst.Module, helper: list) -> cst.Module:  # type: ignore[type-arg]
    """``updated`` with the statements ``helper`` written after its imports (and docstring), set apart."""
    body = list(updated.body)
    last = -1
    for index, stmt in enumerate(body):
        if isinstance(stmt, cst.SimpleStatementLine) and all(isinstance(s, (cst.Import, cst.ImportFrom))
                                                             for s in stmt.body):
            last = index
        elif m.matches(stmt, m.SimpleStatementLine(body=[m.Expr(m.SimpleString() | m.ConcatenatedString())])):
            last = max(last, index) if index == 0 else last
        else:
            break
    spaced = [s.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()]) for s in helper]
    rest = body[last + 1:]
    if rest:
        rest[0] = rest[0].with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine(),
                                                      *(line for line in rest[0].leading_lines if line.comment)])
    return updated.with_changes(body=body[:last + 1] + spaced + rest)
