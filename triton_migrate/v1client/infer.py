"""The semantic rewrite of `InferContext`: `run()` to `infer()` with V2 tensors, and its results.

``ctx.run({name: [arrays]}, {name: format}, batch_size, flags, corr_id)``
becomes ``InferInput`` / ``InferRequestedOutput`` lists built just before the
statement and ``client.infer(model_name, inputs, ...)``; ``result[name]``
becomes ``result.as_numpy(name)`` (shared-memory outputs are read back with
``get_contents_as_numpy``; classification tuples are rebuilt from V2's
``b"value:index:label"`` strings).  Whether V2 needs a batch dimension comes
from the model's ``config.pbtxt`` when a model repository is given.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider, ScopeProvider

from triton_migrate.data.v1_client_api import CONTEXTS, SEMANTIC_METHODS, SEQUENCE_FLAGS
from triton_migrate.model_repository import ModelInfo, find_model
from triton_migrate.v1client.client import ASYNC_RUN_PARAMS, RUN_PARAMS, Bound, ContextRewriter, Output, RunResult
from triton_migrate.v1client.aliases import FormatAliases
from triton_migrate.v1client.containers import Containers
from triton_migrate.v1client.heldmixin import report_blocked
from triton_migrate.v1client.selfheld import with_after
from triton_migrate.v1client.moduleglobals import global_bound
from triton_migrate.v1client.inferasync import ASYNC_HELPER, ASYNC_REVIEW, AsyncMixin
from triton_migrate.v1client.inferstream import STREAM_CONTAINER_NOTE, STREAM_HOW, STREAM_REVIEW, is_streaming
from triton_migrate.v1client.asynccallback import callback_kept
from triton_migrate.v1client.helpers import plan_forwarding
from triton_migrate.v1client.methodparams import plan_methods
from triton_migrate.v1client import paramhint
from triton_migrate.v1client.resultuses import ResultUsesMixin, result_uses_problem
from triton_migrate.v1client import runadapter, seqpairs, shmindex, shmreg, shmregistry
from triton_migrate.v1client.tensornames import is_variable, key_code, tensor_key
from triton_migrate.v1client.lastreq import LAST_REQUEST, convert_correlation_id, convert_last_request
from triton_migrate.v1client.inferparams import ParamPlan, call_keywords, plan
from triton_migrate.analysis.resolve import bind_arguments, literal_int, literal_string, single_assignment
from triton_migrate.v1client.subclass import CLIENT_ATTR, CONVERTIBLE, KEPT, MODULE_ATTR, SubclassPlan, is_literal, plan_subclasses



class InferRewriter(ResultUsesMixin, AsyncMixin, ContextRewriter):
    classes = ("InferContext",)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.results: dict[cst.CSTNode, RunResult] = {}
        self.param_plans: dict[cst.Param, ParamPlan] = {}
        self.plan_calls: dict[cst.Call, tuple[ParamPlan, Bound]] = {}
        self.subclasses: dict[cst.ClassDef, SubclassPlan] = {}
        self.subclass_bounds: dict[cst.ClassDef, Bound] = {}
        self.in_class: list[Optional[SubclassPlan]] = []
        self.held: Optional[Containers] = None
        self.pairs = seqpairs.PairPlan()
        self.init_async()

    def visit_Module(self, node: cst.Module) -> None:
        self.held = Containers(self, node)  # contexts kept in lists, dicts and queues
        self.pairs = seqpairs.plan(self, node)  # streaming contexts of a list, one per sequence (seqpairs)
        self.held.blocked -= set(self.pairs.ctors)
        self.aliases = FormatAliases(self, node)  # RAW = InferContext.ResultFormat.RAW
        self.param_plans = plan(self)
        self.param_plans.update(plan_forwarding(self, self.param_plans))  # contexts helpers pass on
        self.param_plans.update(plan_methods(self, self.param_plans))  # self.helper(ctx) in a class
        self.plan_calls = {call: (p, bound) for p in self.param_plans.values() for call, bound in p.calls.items()}
        self.plan_callbacks()
        self.subclasses = plan_subclasses(self, node)
        self.shmreg = shmreg.plan(self, node)  # parameters taking a numpy list or a region (shmreg)
        self.runadapter = runadapter.plan(self, node, RUN_PARAMS)  # run() dicts whose form is known at run time

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        module = super().leave_Module(original, updated)
        module = shmreg.finish(self.shmreg, module)
        module = runadapter.finish(self, self.runadapter, module)
        return self.aliases.module_body(module, self)

    # -- subclasses of InferContext: a class holding a V2 client, all or nothing per class ---
    def subclass_bound(self, plan: SubclassPlan) -> Bound:
        """The class's V1 context as its methods see it: settings read back from self."""
        if plan.cls not in self.subclass_bounds:
            me = plan.methods[plan.init]
            args = {k: (v if is_literal(v) else cst.parse_expression(f"{me}._{k}")) for k, v in plan.args.items()}
            module = self.module_expr(Bound(plan.cls and "InferContext", plan.call, plan.args))
            literal = module in ("httpclient", "grpcclient")
            self.subclass_bounds[plan.cls] = Bound("InferContext", plan.call, args,
                                                   module_expr=module if literal else f"{me}.{MODULE_ATTR}")
        return self.subclass_bounds[plan.cls]

    def current_subclass(self, call: cst.Call) -> Optional[SubclassPlan]:
        """The plan of the class whose ``self.<V1 method>(...)`` this call is."""
        plan = self.in_class[-1] if self.in_class else None
        func = call.func
        if plan is None or not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Name) \
                or func.value.value != plan.methods[plan.init] \
                or func.attr.value not in set(CONTEXTS["InferContext"].methods) | CONVERTIBLE:
            return None
        scope = self.get_metadata(ScopeProvider, func.value, None)
        if getattr(scope, "node", None) not in plan.methods:
            plan.failed.append(f"`{self.code(func)}()` in a nested function")
            return None
        return plan

    def convert_self_call(self, plan: SubclassPlan, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        method = original.func.attr.value  # type: ignore[attr-defined]
        me = plan.methods[plan.init]
        on_client = updated.with_changes(func=updated.func.with_changes(  # type: ignore[attr-defined]
            value=cst.parse_expression(f"{me}.{CLIENT_ATTR}")))
        if method not in CONVERTIBLE:
            plan.failed.append(f"`{me}.{method}()`")
            return updated
        if method == "close":
            return on_client
        new = self.convert_method(original, on_client, self.subclass_bound(plan), method)
        if new is on_client:
            plan.failed.append(f"`{me}.{method}()`")
            return updated
        return new

    def init_statements(self, plan: SubclassPlan) -> list[str]:
        me = plan.methods[plan.init]
        bound = Bound("InferContext", plan.call, plan.args)
        module = self.module_expr(bound)
        verbose = plan.args.get("verbose")
        lines = [f"{me}.{CLIENT_ATTR} = {module}.InferenceServerClient({self.code(plan.args['url'])}"
                 + (f", verbose={self.code(verbose)})" if verbose is not None else ")")]
        if module not in ("httpclient", "grpcclient"):
            lines.append(f"{me}.{MODULE_ATTR} = {self.code(plan.args['protocol'])}")
        lines += [f"{me}._{k} = {self.code(plan.args[k])}" for k in KEPT if plan.stored(k)]
        return lines

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,  # type: ignore[override]
                                  updated: cst.SimpleStatementLine):
        result = super().leave_SimpleStatementLine(original, updated)
        if isinstance(result, cst.SimpleStatementLine):
            self.aliases.leave_statement(original, result)
        runadapter.leave_statement(self.runadapter, original, result)
        result = with_after(self, original, result)  # a container kept on self: its protocol beside it
        result = shmreg.with_registry(self.shmreg, original, result)  # a region registered after its creation
        plan = self.in_class[-1] if self.in_class else None
        if plan is None or original is not plan.statement:
            return result
        lines = [cst.parse_statement(line) for line in self.init_statements(plan)]
        lines[0] = lines[0].with_changes(leading_lines=updated.leading_lines)
        return cst.FlattenSentinel(lines)

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.BaseStatement:
        plan = self.in_class.pop() if self.in_class else None
        if plan is None:
            return updated
        name = original.name.value
        if plan.failed:
            # All or nothing: the class stays V1, and so does every edit made inside it.
            kept = [f for f in self.ctx.findings[plan.findings_start:] if not f.applied]
            del self.ctx.findings[plan.findings_start:]
            self.ctx.findings.extend(kept)
            self.report_subclass(original, f"this use could not be converted: {', '.join(plan.failed)}")
            return original
        me = plan.methods[plan.init]
        fields = [f"{me}.{CLIENT_ATTR}"] + [f"{me}._{k}" for k in KEPT if plan.stored(k)]
        if not self.report(original.name, f"`{name}` subclassed the V1 `InferContext`; it now holds a V2 client "
                           f"({', '.join(fields)}) and its requests are converted like a context's. Callers in other "
                           "files that use methods inherited from InferContext must be ported.", applied=True,
                           severity="warning", v1="InferContext",
                           replacement=f"class {name}: ... {me}.{CLIENT_ATTR} = "
                                       "httpclient.InferenceServerClient(url)"):
            return original
        body = list(updated.body.body)  # type: ignore[union-attr]
        if not any(isinstance(s, cst.FunctionDef) and s.name.value == "close" for s in body):
            body.append(cst.parse_statement(f"def close({me}):\n    {me}.{CLIENT_ATTR}.close()\n")
                        .with_changes(leading_lines=[cst.EmptyLine(indent=False)]))
        return updated.with_changes(bases=[], lpar=cst.MaybeSentinel.DEFAULT, rpar=cst.MaybeSentinel.DEFAULT,
                                    body=updated.body.with_changes(body=body))

    def report_subclass(self, node: cst.ClassDef, why: str = "") -> None:
        self.report(node.name, f"`{node.name.value}` subclasses the V1 `InferContext`, which has no V2 counterpart "
                               "to subclass: not converted" + (f" ({why})" if why else "") + "; wrap a V2 "
                               "InferenceServerClient instead (model name and sequence id passed to each infer()).",
                    severity="error", v1="InferContext",
                    replacement="class X: def __init__(self, url, ...): self.client = "
                                "httpclient.InferenceServerClient(url)")

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        plan = self.subclasses.get(node)
        self.in_class.append(plan)
        if plan is not None:
            plan.findings_start = len(self.ctx.findings)
            return
        for base in node.bases:
            name = self.resolver.v1_name(base.value)
            if name in CONTEXTS:
                self.report(node.name, f"`{node.name.value}` subclasses the V1 `{name}`, which has no V2 counterpart to "
                                       "subclass: not converted; wrap a V2 InferenceServerClient instead "
                                       "(model name and sequence id passed to each infer()).", severity="error",
                            v1=name, replacement="class X: def __init__(self, url, ...): self.client = "
                                                 "httpclient.InferenceServerClient(url)")

    # -- contexts passed to a function: their settings become keyword-only parameters --------
    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
        found = [p for p in self.param_plans.values() if p.function is original]
        if not found or not found[0].keywords:
            return updated
        planned = found[0]
        names = [n for n, _ in call_keywords(self, planned, next(iter(planned.calls.values())))]
        if not self.report(original.name, f"`{original.name.value}()` receives a V1 `InferContext` in "
                           f"`{planned.param.name.value}`; the settings V1 kept in the context now travel as "
                           f"keyword-only parameters ({', '.join(names)}), passed by every call in this file; "
                           "callers in other files must pass them too.", applied=True, severity="warning",
                           v1="InferContext", replacement=f"def {original.name.value}(..., *, {', '.join(names)})"):
            return updated
        params = updated.params
        star = params.star_arg if isinstance(params.star_arg, (cst.Param, cst.ParamStar)) else cst.ParamStar()
        kwonly = list(params.kwonly_params) + [cst.Param(cst.Name(n)) for n in names]
        if params.star_kwarg is None:
            kwonly[-1] = kwonly[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated.with_changes(params=params.with_changes(star_arg=star, kwonly_params=kwonly))

    def add_context_keywords(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        planned, bound = self.plan_calls[original]
        pairs = call_keywords(self, planned, bound)
        if not pairs:
            return updated
        args = list(updated.args)
        if args:
            args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        for index, (name, value) in enumerate(pairs):
            comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")) if index < len(pairs) - 1 else cst.MaybeSentinel.DEFAULT
            args.append(cst.Arg(keyword=cst.Name(name), value=cst.parse_expression(value), comma=comma,
                                equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                                      whitespace_after=cst.SimpleWhitespace(""))))
        return updated.with_changes(args=args)

    # -- helpers -------------------------------------------------------------------
    def string_value(self, node: cst.BaseExpression) -> Optional[str]:
        value = literal_string(node)
        if value is None and isinstance(node, cst.Name):
            value = literal_string(self.values.get(single_assignment(self, node)))  # type: ignore[arg-type]
        return value

    def is_latest(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Name):
            if node.value == "None":
                return True
            node = self.values.get(single_assignment(self, node), node)  # type: ignore[arg-type]
        return (isinstance(node, cst.Name) and node.value == "None") or (literal_int(node) or 0) < 0

    def shm_region(self, node: cst.BaseExpression) -> Optional[cst.Call]:
        """The `create_shared_memory_region(...)` call a handle variable was assigned from (its arguments
        readable: `shmregistry.region_of`)."""
        if isinstance(node, cst.Subscript):
            call = shmindex.region(self, node)  # ``handles[2]`` of a list of regions the file builds
        elif isinstance(node, cst.Name):
            call = shmregistry.creation(self.values.get(single_assignment(self, node)))  # type: ignore[arg-type]
        else:
            return None
        return call if call is not None and shmregistry.region_of(self, call) is not None else None

    def _maybe_region_pair(self, value: cst.BaseExpression) -> bool:
        """``(h, shape)``: a two-item display whose second item may be a shape (V1 took a pair whose first
        item is a shared-memory handle and whose second is a list or tuple as a region and its shape, not as
        a batch of two arrays): a list or tuple display, or, in a tuple, a name not assigned only from calls
        or arithmetic in its scope (a parameter, a display, a global)."""
        if not isinstance(value, (cst.List, cst.Tuple)) or len(value.elements) != 2 \
                or any(isinstance(e, cst.StarredElement) for e in value.elements):
            return False
        second = value.elements[1].value
        if isinstance(second, (cst.List, cst.Tuple)):
            return True
        if isinstance(value, cst.List):  # ``[a, b]``: V1 code writes its batch lists so
            return False
        if not isinstance(second, cst.Name):
            return not isinstance(second, (cst.Call, cst.BinaryOperation, cst.Subscript, cst.Attribute))
        scope = self.get_metadata(ScopeProvider, second, None)
        if scope is None:
            return True
        try:
            found = list(scope.assignments[second.value])
        except Exception:  # noqa: BLE001 - libcst raises on odd scopes
            return True
        if not found:
            return True
        for assignment in found:
            node = getattr(assignment, "node", None)
            parent = self.get_metadata(ParentNodeProvider, node, None) if node is not None else None
            target = self.get_metadata(ParentNodeProvider, parent, None) if isinstance(parent, cst.AssignTarget) \
                else None
            if not (isinstance(target, cst.Assign) and target.targets[0].target is node
                    and isinstance(target.value, (cst.Call, cst.BinaryOperation))):
                return True
        return False

    def region_args(self, call: cst.Call) -> tuple[str, str]:
        """The name and byte size (code) of a region ``shm_region`` gave."""
        found = shmregistry.region_of(self, call)
        assert found is not None
        return found.name, found.byte_size

    def variable(self, node: cst.CSTNode, wanted: str) -> str:
        scope = self.get_metadata(ScopeProvider, node, None)
        return wanted if scope is None or wanted not in scope else f"infer_{wanted}"

    def bound_of(self, receiver: cst.BaseExpression) -> Optional[Bound]:
        bound = super().bound_of(receiver)
        if bound is not None and self.held is not None and bound.call in self.held.blocked:
            return None  # ``ctx = InferContext(...)`` put in a container that stays V1: so does ctx
        if bound is None and self.held is not None:
            bound = self.held.bound_of(receiver)  # an element of a list, dict or queue of contexts
        if bound is None and isinstance(receiver, cst.Name):
            bound = global_bound(self, receiver)  # a module global set up by a function (`global CTX`)
        return bound

    # -- constructor: hoist an inline ProtocolType.from_str(...) so run() can reuse it ------
    def convert_constructor(self, call: cst.Call, bound: Bound) -> cst.BaseExpression:
        if call in self.pairs.ctors:  # a (client, sequence_id) pair (seqpairs)
            return seqpairs.convert_ctor(self, self.pairs, call, super().convert_constructor(call, bound))
        if self.held is not None and call in self.held.blocked:
            # kept in a container whose contexts cannot all convert: all of it stays V1
            if is_streaming(bound.args.get("streaming")) and bound.args.get("correlation_id") is not None:
                report_blocked(self, call, bound.cls, note=STREAM_CONTAINER_NOTE, replacement=STREAM_HOW)
                return call
            report_blocked(self, call, bound.cls,
                           note=" A V2 client does not carry the model name; each request needs it.",
                           replacement="a container of clients of one model (or a dict with literal keys), read by "
                                       "iteration, a literal key or get(), each request naming its model")
            return call
        protocol = bound.args["protocol"]
        if not bound.module_expr and not isinstance(protocol, (cst.Name, cst.Attribute)) and self.can_insert() \
                and not self.suppressed(call):
            name = self.variable(call, "client_module")
            self.insert(f"{name} = {self.code(protocol)}")
            bound.module_expr = name
        new = super().convert_constructor(call, bound)
        if new is not call and isinstance(self.get_metadata(ParentNodeProvider, call, None), cst.Expr):
            return self.model_check(call, bound, new)
        return new

    def model_check(self, call: cst.Call, bound: Bound, new: cst.BaseExpression) -> cst.BaseExpression:
        """``InferContext(url, protocol, "m")`` as a statement of its own: V1 asked the server for the model's
        status when it built the context, so the statement checked that the model (and version) is there and
        raised InferenceServerException if not. A V2 client asks nothing: the check is made explicit."""
        version = [k for k in self.request_keywords({}, bound) if k.startswith("model_version=")]
        args = ", ".join([self.code(bound.args["model_name"]), *version])
        checked = cst.parse_expression(f"{self.code(new.with_changes(lpar=[], rpar=[]))}.get_model_metadata({args})")
        self.report(call, "Building a V1 `InferContext` asked the server for the model, so this statement checked "
                          "that the model is there (InferenceServerException if not); a V2 client asks nothing, so "
                          "the check is now `get_model_metadata()`.", applied=True, v1="InferContext",
                    replacement=self.code(checked))
        return checked.with_changes(lpar=call.lpar, rpar=call.rpar)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        updated = self.shmreg.fill(original, updated)  # a write into a registered region, remembered (shmreg)
        plan = self.current_subclass(original)
        if plan is not None:
            return self.convert_self_call(plan, original, updated)
        if original in self.plan_calls:
            updated = self.add_context_keywords(original, updated)
        paired = seqpairs.convert_call(self, self.pairs, original, updated)
        if paired is not None:
            return paired
        counted = self.convert_len(original)  # len(result) of a converted run(): the number of outputs
        if counted is not None:
            return counted
        func = original.func
        if isinstance(func, cst.Attribute) and func.attr.value in ("run", "async_run", "get_async_run_results", "close") \
                and isinstance(func.value, cst.Name) and self.bound_of(func.value) is None:
            target = single_assignment(self, func.value)
            if isinstance(target, cst.Param) and target in self.callback_ctx and func.attr.value == "get_async_run_results":
                return self.convert_async_results(original, updated, None)
            if isinstance(target, cst.Param) and target in self.param_plans:
                if func.attr.value == "run":
                    return self.convert_run(original, updated, self.param_plans[target].bound)
                return updated  # close(): the same on the V2 client
            if "InferContext" not in self.classes:
                return super().leave_Call(original, updated)  # the infer rule reports InferContext parameters, once
            if isinstance(target, cst.Param) and func.attr.value != "close" and callback_kept(self, original, target):
                return updated  # a V1 callback's context: reported as such (asynccallback)
            if isinstance(target, cst.Param) and func.attr.value != "close":
                where = self.get_metadata(PositionProvider, original).start.line
                hint = paramhint.hint(self.module.code, where, func.value.value)
                self.report(original, f"`{func.value.value}.{func.attr.value}()` looks like a V1 `InferContext` call, but "
                                      f"`{func.value.value}` is a parameter, so its model, protocol and correlation id "
                                      "are unknown here; not converted." + hint,
                            severity="error",
                            v1=f"InferContext.{func.attr.value}",
                            replacement=STREAM_HOW if paramhint.STREAM_MARK in hint else
                            "pass the client, model name and sequence id to this function and call "
                            "client.infer(model_name, inputs, outputs=outputs, sequence_id=...)")
                return updated
        return super().leave_Call(original, updated)

    # -- methods -------------------------------------------------------------------
    def convert_method(self, original: cst.Call, updated: cst.Call, bound: Bound, method: str) -> cst.BaseExpression:
        if method == "run":
            return self.convert_run(original, updated, bound)
        if method == "async_run":
            return self.convert_run(original, updated, bound, method)
        if method == "get_async_run_results":
            return self.convert_async_results(original, updated, bound)
        if method in LAST_REQUEST:  # read from the result of the last run() when the tool can tie them
            new = convert_last_request(self, original, updated, bound, method)
            if new is not None:
                return new
        if method == "correlation_id":  # the id the context was built with, when it cannot have changed
            new = convert_correlation_id(self, original, bound)
            if new is not None:
                return new
        if method in SEMANTIC_METHODS["InferContext"]:
            self.report(original, f"`InferContext.{method}()` cannot be converted mechanically: V2 asynchronous "
                                  "requests return their result differently per protocol.", severity="error",
                        v1=f"InferContext.{method}", replacement=SEMANTIC_METHODS["InferContext"][method])
            return updated
        return super().convert_method(original, updated, bound, method)

    def fail(self, node: cst.CSTNode, why: str) -> None:
        self.report(node, f"`InferContext.run()` not converted: {why}.", severity="error", v1="InferContext.run",
                    replacement="client.infer(model_name, [InferInput(name, shape, datatype)...], "
                                "outputs=[InferRequestedOutput(name)...]); see docs/python-client.md")

    def convert_run(self, original: cst.Call, updated: cst.Call, bound: Bound, method: str = "run") -> cst.BaseExpression:
        args = bind_arguments(original, RUN_PARAMS if method == "run" else ASYNC_RUN_PARAMS)
        if args is None or not isinstance(args.get("inputs"), cst.Dict) or not isinstance(args.get("outputs"), cst.Dict):
            self.fail(original, "its inputs and outputs must be dict displays with literal names")
            return updated
        if not self.can_insert():
            self.fail(original, "it is not in a plain statement the tool can put the V2 tensors before")
            return updated
        model_name = bound.args.get("model_name")
        if model_name is None:
            self.fail(original, "the context's model name is unknown")
            return updated
        name = self.string_value(model_name)
        model = find_model(self.ctx.settings.model_repositories, name) if name else None
        batching = model.batching if model else True
        batch = self.code(args["batch_size"]) if "batch_size" in args else "1"
        module = self.module_expr(bound)
        if original in self.runadapter.runs:  # dicts whose form is known at run time (runadapter)
            send, stream = method == "async_run", ""
            if send and not self.runadapter.runs[original]:
                stream = self.run_time_stream(original, bound)  # type: ignore[assignment]
                if stream is None:
                    return updated
                if not stream and not self.async_helper_ready(original, bound):
                    return updated
                if not stream and self.async_call(bound) != ASYNC_HELPER:
                    self.fail(original, "the context streams: `_v1_async_run()` sends with async_infer(), not on a "
                                        "V2 stream")
                    return updated
            new = runadapter.convert(self, self.runadapter, original, updated, bound, args, batch, batching,
                                     self.request_keywords(args, bound), send, stream)
            if new is not None and new is not updated:
                self.adapted_warnings(original, bound, model, name, batch, method)
                if send:  # get_async_run_results(): request.get_result(), V1's dict (runadapter.ADAPTED)
                    self.async_results.setdefault(id(bound), []).append(runadapter.ADAPTED)
                    if args.get("callback") is not None:
                        self.check_callback(args["callback"])
            return new if new is not None else updated
        inputs_var, outputs_var = self.variable(original, "inputs"), self.variable(original, "outputs")

        creates, fills = [], []
        either_used = False  # an input or output planned by shmreg: its helpers are written in if this converts
        for index, element in enumerate(args["inputs"].elements):  # type: ignore[union-attr]
            key = tensor_key(self, element.key) if isinstance(element, cst.DictElement) else None
            if key is None:
                self.fail(original, "an input name is not a literal string")
                return updated
            value = element.value
            tensor = model.inputs.get(key) if model else None
            if model and tensor is None and not is_variable(key):
                self.fail(original, f"model {name!r} has no input {key_code(key)} in {model.path}")
                return updated
            either = self.shmreg.input(self, value)
            if either is not None:  # a numpy list or a region, known at run time (shmreg)
                either_used = True
                creates.append(f"{shmreg.INPUT}({module}, {key_code(key)}, {either[0]}, {either[1]}, "
                               f"{batch if batching else 'None'})")
                continue
            if self.shmreg.blocked(self, value):
                self.fail(original, f"input {key_code(key)} is a parameter that may receive a shared-memory region the "
                                    "tool cannot register (see docs/python-client.md, shared memory)")
                return updated
            region = self.shm_region(value)
            if region is not None or isinstance(value, cst.Tuple) and len(value.elements) == 2 \
                    and self.shm_region(value.elements[0].value) is not None:
                if tensor is None or any(d < 0 for d in tensor.dims):
                    self.fail(original, f"the shape of shared-memory input {key_code(key)} needs the model configuration "
                                        "(run with --model-repository)")
                    return updated
                region = region or self.shm_region(value.elements[0].value)  # type: ignore[union-attr]
                shape = ", ".join([batch] * batching + [str(d) for d in tensor.dims])
                creates.append(f"{module}.InferInput({key_code(key)}, [{shape}], {tensor.datatype!r})")
                region_name, size = self.region_args(region)  # type: ignore[arg-type]
                fills.append(f"{inputs_var}[{index}].set_shared_memory({region_name}, {size})")
                continue
            if self._maybe_region_pair(value):
                self.fail(original, f"input {key_code(key)} is `{self.code(value)}`: V1 read a pair whose second item "
                                    "is a shape as (shared-memory handle, shape), and the tool cannot follow that handle "
                                    "to its region")
                return updated
            if isinstance(value, (cst.List, cst.Tuple)) and value.elements:
                first = self.code(value.elements[0].value)
                if not isinstance(value.elements[0].value, (cst.Name, cst.Attribute, cst.Subscript, cst.Call)):
                    first = f"({first})"  # `*(ones * 3).shape`, `(ones * 3).dtype`
            elif isinstance(value, (cst.Name, cst.Attribute, cst.Subscript, cst.Call)):
                first = f"{self.code(value)}[0]"
            else:
                first = f"({self.code(value)})[0]"  # `([ones] * bs)[0]`, not `[ones] * bs[0]`
            if tensor is not None and all(d > 0 for d in tensor.dims):
                dims = [str(d) for d in tensor.dims]
            else:
                dims = [f"*{first}.shape"]
            shape = ", ".join(([batch] if batching else []) + dims)
            if not batching and dims[0].startswith("*"):
                shape = f"list({first}.shape)"
            else:
                shape = f"[{shape}]"
            datatype = repr(tensor.datatype) if tensor else f"np_to_triton_dtype({first}.dtype)"
            data = f"np.stack({self.code(value)})" if batching else first
            creates.append(f"{module}.InferInput({key_code(key)}, {shape}, {datatype})")
            fills.append(f"{inputs_var}[{index}].set_data_from_numpy({data})")

        outputs: dict[str, Output] = {}
        requested, out_fills = [], []
        aliased: list[cst.Name] = []  # output formats given by an alias (RAW = InferContext.ResultFormat.RAW)
        for index, element in enumerate(args["outputs"].elements):  # type: ignore[union-attr]
            key = tensor_key(self, element.key) if isinstance(element, cst.DictElement) else None
            value = element.value
            fmt = self.resolver.v1_name(value) or self.aliases.format_of(value)
            if fmt and isinstance(value, cst.Name) and not self.resolver.v1_name(value):
                aliased.append(value)
            if key is None:
                self.fail(original, "an output name is not a literal string")
                return updated
            if fmt == "InferContext.ResultFormat.RAW":
                outputs[key] = Output("raw")
                requested.append(f"{module}.InferRequestedOutput({key_code(key)})")
            elif isinstance(value, cst.Tuple) and len(value.elements) == 2 and \
                    self.resolver.v1_name(value.elements[0].value) == "InferContext.ResultFormat.CLASS":
                outputs[key] = Output("class")
                requested.append(f"{module}.InferRequestedOutput({key_code(key)}, class_count={self.code(value.elements[1].value)})")
            elif isinstance(value, cst.Tuple) and len(value.elements) == 2 and \
                    self.resolver.v1_name(value.elements[0].value) == "InferContext.ResultFormat.RAW" and \
                    (region := self.shm_region(value.elements[1].value)) is not None:
                outputs[key] = Output("shm", region, self.code(region.func.value)  # type: ignore[attr-defined]
                                      if isinstance(region.func, cst.Attribute) else "",
                                      self.code(value.elements[1].value))
                requested.append(f"{module}.InferRequestedOutput({key_code(key)})")
                region_name, size = self.region_args(region)
                out_fills.append(f"{outputs_var}[{index}].set_shared_memory({region_name}, {size})")
            elif isinstance(value, cst.Tuple) and len(value.elements) == 2 and \
                    self.resolver.v1_name(value.elements[0].value) == "InferContext.ResultFormat.RAW" and \
                    (handle := self.shmreg.output(self, value.elements[1].value)) is not None:
                either_used = True  # a region known at run time (shmreg)
                outputs[key] = Output("either", handle=handle)
                requested.append(f"{shmreg.OUTPUT}({module}, {key_code(key)}, {handle})")
            else:
                self.fail(value, f"the format of output {key_code(key)} is not ResultFormat.RAW, (CLASS, k) or (RAW, shm_handle)")
                return updated
            if is_variable(key) and (outputs[key].kind == "shm" or outputs[key].kind == "class" and model):
                self.fail(original, f"output `{key_code(key)}` is named by a variable: its shape or labels need the "
                                    "model configuration")
                return updated
            if key in outputs and model and key not in model.outputs and not is_variable(key):
                self.fail(original, f"model {name!r} has no output {key_code(key)} in {model.path}")
                return updated
            if outputs[key].kind == "shm" and (model is None or any(d < 0 for d in model.outputs[key].dims)):
                self.fail(original, f"reading shared-memory output {key_code(key)} back needs its datatype and shape "
                                    "(run with --model-repository)")
                return updated

        keywords = self.request_keywords(args, bound, outputs_var)

        why = result_uses_problem(self, original, outputs, bound.call) if method == "run" else None
        if why:  # len(result) and `name in result` convert; any other use of V1's dict would break
            self.fail(original, why)
            return updated
        if method == "async_run":
            if not self.async_helper_ready(original, bound):
                return updated
            callback = args.get("callback")
            helper = self.async_call(bound)
            if not self.report(original, ASYNC_REVIEW if helper == ASYNC_HELPER else STREAM_REVIEW, applied=True,
                               severity="warning", v1="InferContext.async_run",
                               replacement=f"{helper}(client, callback, model_name, inputs, outputs=outputs)"):
                return updated
            if callback is not None:
                self.check_callback(callback)
        elif not self.report(original, "`InferContext.run()` is now `infer()` with `InferInput` / "
                                       "`InferRequestedOutput` lists built before the call.",
                             applied=True, v1="InferContext.run", replacement="client.infer(...)"):
            return updated
        self.adapted_warnings(original, bound, model, name, batch, method)
        if either_used and not self.report(original, shmreg.REVIEW, applied=True, severity="warning",
                                           v1="InferContext.run", replacement="_v1_input(...) / _v1_output(...)"):
            return updated
        self.shmreg.used |= either_used
        indent = " " * 4
        self.insert(f"{inputs_var} = [\n" + "".join(f"{indent}{c},\n" for c in creates) + "]")
        for line in fills:
            self.insert(line)
        self.insert(f"{outputs_var} = [\n" + "".join(f"{indent}{r},\n" for r in requested) + "]")
        for line in out_fills:
            self.insert(line)
        client = self.code(updated.func.value)  # type: ignore[attr-defined]
        if method == "async_run":
            callback = args.get("callback")
            new = cst.parse_expression(f"{self.async_call(bound)}({client}, {self.code(callback) if callback else 'None'}, "
                                       f"{self.code(model_name)}, {inputs_var}, " + ", ".join(keywords) + ")")
        else:
            new = cst.parse_expression(f"{client}.infer({self.code(model_name)}, {inputs_var}, " + ", ".join(keywords) + ")")
        result = RunResult(outputs, batching, batch, model)
        self.aliases.converted.update(aliased)
        self.results[original] = result
        if method == "async_run":
            self.async_results.setdefault(id(bound), []).append(result)
        parent = self.get_metadata(ParentNodeProvider, original, None)
        if isinstance(parent, cst.Assign) and isinstance(parent.targets[0].target, cst.Name):
            self.results[parent.targets[0].target] = result
        return new.with_changes(lpar=original.lpar, rpar=original.rpar)

    def adapted_warnings(self, original: cst.Call, bound: Bound, model: Optional[ModelInfo], name: Optional[str],
                         batch: str, method: str) -> None:
        """The warnings of a converted run(): the batching assumed, a streaming context's requests."""
        if model is None:
            which = f"model {name!r}" if name else f"the model named by `{self.code(bound.args['model_name'])}`"
            self.report(original, f"Assumed {which} batches (max_batch_size > 0), "
                                  "so the V1 per-item lists became tensors with a leading batch dimension of "
                                  f"{batch}; confirm in its config.pbtxt, or run with --model-repository PATH to "
                                  "decide from the configuration.", severity="warning", applied=True, v1="batch_size",
                        replacement="np.stack(items) with shape [batch_size, ...] if max_batch_size > 0, else items[0]")
        streaming = bound.args.get("streaming")
        if method == "run" and is_streaming(streaming):
            was = "was streaming" if isinstance(streaming, cst.Name) and streaming.value == "True" else \
                f"was streaming when `{self.code(streaming)}` is true"
            self.report(original, f"The V1 context {was}; this request is now a plain infer() call "
                                  "(same results, one request at a time; use a V2 stream for ordering or "
                                  "decoupled models).", applied=True,
                        severity="warning", v1="streaming", replacement="client.start_stream(callback); "
                        "client.async_stream_infer(...); client.stop_stream()")

    def request_keywords(self, args: dict[str, cst.BaseExpression], bound: Bound, outputs_var: str = "") -> list[str]:
        """The keywords of V2's infer() for a V1 run(): version, outputs (when ``outputs_var``), sequence,
        priority, timeout, headers (runadapter passes them on)."""
        keywords = []
        version = bound.args.get("model_version")
        if version is not None and not self.is_latest(version):
            number = literal_int(version)
            if number is not None:
                keywords.append(f"model_version={str(number)!r}")
            elif isinstance(version, (cst.Name, cst.Attribute)):
                # V1 took -1 or None (often held in a variable) for "the latest version"; V2 takes ""
                text = self.code(version)
                keywords.append(f'model_version=("" if {text} is None or str({text}) in ("", "-1") else str({text}))')
            else:
                keywords.append(f"model_version=str({self.code(version)})")
        if outputs_var:
            keywords.append(f"outputs={outputs_var}")
        keywords += self.sequence_keywords(args, bound)
        if "priority" in args:
            keywords.append(f"priority={self.code(args['priority'])}")
        if "timeout_us" in args:
            keywords.append(f"timeout={self.code(args['timeout_us'])}")
        headers = self.headers(bound)
        if headers:
            keywords.append(f"headers={headers}")
        return keywords

    def sequence_keywords(self, args: dict[str, cst.BaseExpression], bound: Bound) -> list[str]:
        keywords = []
        corr = args.get("corr_id")
        ctx_corr = bound.args.get("correlation_id")
        ids = [self.code(e) for e in (corr, ctx_corr) if e is not None and literal_int(e) != 0]
        if ids:
            keywords.append(f"sequence_id={' or '.join(ids)}")
        flags = args.get("flags")
        if flags is None or literal_int(flags) == 0:
            return keywords
        names = self.flag_names(flags)
        if names is not None:
            if "FLAG_SEQUENCE_START" in names:
                keywords.append("sequence_start=True")
            if "FLAG_SEQUENCE_END" in names:
                keywords.append("sequence_end=True")
            return keywords
        text = self.code(flags)
        if not isinstance(flags, (cst.Name, cst.Attribute)):
            text = f"({text})"
        start, end = SEQUENCE_FLAGS["FLAG_SEQUENCE_START"], SEQUENCE_FLAGS["FLAG_SEQUENCE_END"]
        return keywords + [f"sequence_start=bool({text} & {start})", f"sequence_end=bool({text} & {end})"]

    def flag_names(self, node: cst.BaseExpression) -> Optional[set[str]]:
        name = self.resolver.v1_name(node)
        if name and name.startswith("InferRequestHeader.") and name.split(".", 1)[1] in SEQUENCE_FLAGS:
            return {name.split(".", 1)[1]}
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
            left, right = self.flag_names(node.left), self.flag_names(node.right)
            return None if left is None or right is None else left | right
        return None

    # -- results -------------------------------------------------------------------
    def run_result(self, node: cst.BaseExpression) -> Optional[RunResult]:
        if isinstance(node, cst.Subscript):
            return self.container_result(node)
        if isinstance(node, cst.Name):
            return self.results.get(single_assignment(self, node))  # type: ignore[arg-type]
        return self.results.get(node)

    def output_access(self, node: cst.CSTNode) -> Optional[tuple[RunResult, str]]:
        """(result, output name) when ``node`` is ``result['NAME']`` of a converted run()."""
        if not isinstance(node, cst.Subscript) or len(node.slice) != 1:
            return None
        index = node.slice[0].slice
        key = tensor_key(self, index.value) if isinstance(index, cst.Index) else None
        result = self.run_result(node.value)
        if result is None or key not in result.outputs:
            return None
        return result, key

    def leave_Subscript(self, original: cst.Subscript, updated: cst.Subscript) -> cst.BaseExpression:
        access = self.output_access(original)
        if access is not None:
            parent = self.get_metadata(ParentNodeProvider, original, None)
            item = isinstance(parent, cst.Subscript) and parent.value is original
            if item and (access[0].outputs[access[1]].kind == "class" or not access[0].batching):
                return updated  # the enclosing [index] converts the pair
            return self.convert_access(original, updated.value, access, None)
        inner = self.output_access(original.value)
        if inner is not None and (inner[0].outputs[inner[1]].kind == "class" or not inner[0].batching) and len(original.slice) == 1 and isinstance(original.slice[0].slice, cst.Index):
            return self.convert_access(original, updated.value.value, inner, original.slice[0].slice.value)  # type: ignore[attr-defined]
        return updated

    def convert_access(self, node: cst.Subscript, base: cst.BaseExpression, access: tuple[RunResult, str],
                       index: Optional[cst.BaseExpression]) -> cst.BaseExpression:
        result, key = access
        output = result.outputs[key]
        base_code = self.code(base)
        if output.kind == "shm":
            tensor = result.model.outputs[key]  # type: ignore[union-attr]
            shape = ", ".join([result.batch] * result.batching + [str(d) for d in tensor.dims])
            dtype = "np.object_" if tensor.datatype == "BYTES" else "np.bool_" if tensor.datatype == "BOOL" \
                else f"np.{tensor.datatype.lower().replace('fp', 'float')}"
            array = f"{output.shm_module}.get_contents_as_numpy({output.handle}, {dtype}, [{shape}])"
        elif output.kind == "either":  # read back from the region it was placed in, if any (shmreg)
            array = f"{shmreg.RESULT}({base_code}, {key_code(key)}, {output.handle})"
        else:
            array = f"{base_code}.as_numpy({key_code(key)})"
        item = None if index is None else self.code(index)
        if output.kind == "class":
            labelled = result.model is None or key in result.model.labelled
            fields = "value, index, label" if labelled else "value, index"
            label = "label.decode()" if labelled else '""'
            split = 'c.split(b":", 2)' if labelled else 'c.split(b":")'
            row = "{rows}"
            entries = f"[(int(index), float(value), {label}) for {fields} in ({split} for c in {row})]"
            if item is None:
                text = "[" + entries.format(rows="item") + f" for item in {array}]"
            else:
                text = entries.format(rows=f"{array}[{item}]")
            message = ("V1 returned (index, value, label) tuples per item; V2 returns b\"value:index:label\" "
                       "strings, parsed back into tuples here")
        elif result.batching:
            text = array if item is None else f"{array}[{item}]"
            message = f"`result[{key_code(key)}]` is now `result.as_numpy({key_code(key)})`"
        elif item is None:
            text = f"[{array}]"
            message = "non-batching model: the V1 per-item list held the whole output"
        elif literal_int(index) == 0:
            text = array
            message = "non-batching model: V1 `[0]` was the whole output"
        else:
            return node
        if output.kind == "shm":
            message = "V2 does not read shared-memory outputs back: read with get_contents_as_numpy()"
        elif output.kind == "either":
            message = ("V2 does not read shared-memory outputs back: `_v1_result()` (written into this file) reads "
                       "the output from its region with get_contents_as_numpy()")
        if not self.report(node, message + ".", applied=True, v1=f"result[{key_code(key)}]", replacement=text):
            return node
        return cst.parse_expression(text)
