"""Turn `ServerStatusContext` / `ModelRepositoryContext` into V2 clients; report the status object model.

## What it does
Rewrites both constructors to `<module>.InferenceServerClient(url, verbose=...)`
and `get_model_repository_index()` to the V2 method of the same name.  V1's
answer had `.models`, each entry with `.name`: gRPC's `RepositoryIndexResponse`
has that shape; HTTP's list of dicts is turned back into it
(`types.SimpleNamespace(models=[types.SimpleNamespace(**entry) for entry in ...])`,
`import types` added; a protocol chosen at run time gets
`(... if protocol is grpcclient else ...)`), with a review warning.  A `model_name` given to
`ServerStatusContext` is dropped from the constructor (it only filtered the
status).

`status = ctx.get_server_status()` (also on a container element read in place,
`xs[0]` or `self.d["k"]`, when the context's model filter is a literal; and a
status read in the expression that fetches it, `ctx.get_server_status().model_status[m].config`
in a statement of its own line and not under `and` / `or`, a conditional, a lambda
or a comprehension, read as `server_status = ctx.get_server_status()` just
before that statement, kept only when that status converts; and a call
`S = helper(...)` of a helper of the file that builds the context and returns
`ctx.get_server_status()`, or `(ctx.get_server_status(), ctx.get_last_request_id())`
with `S, R = helper(...)` and `R` never read, read as the helper's two
statements written in place of the call and kept only for the calls whose
status converts; a private helper left without callers goes away, and each call
that stays V1 gets a finding) is
rewritten when every use of `status` (in the same function) is one V2 has: `status.ready_state == SERVER_READY` becomes
`ctx.is_server_ready()`, `status.model_status[m].config` becomes the model
configuration (gRPC: `ctx.get_model_config(m).config`; HTTP: its JSON parsed
into `tritonclient.grpc.model_config_pb2.ModelConfig` with
`json_format.ParseDict(..., ignore_unknown_fields=True)`, so attribute access
keeps working), and `status.model_status[m].version_status[v].ready_state ==
MODEL_READY` becomes `ctx.is_model_ready(m, "v")`; an alias
`ms = status.model_status[m]` used only that way goes away.  The values are
fetched where the status was (the context may be closed right after), so
`m` and `v` must be literals, names assigned once before, or a flag's
attribute (`FLAGS.model`) that nothing reassigns after the fetch.  A version's
counters read directly (`status.model_status[m].version_status[v].model_inference_count`,
`.model_execution_count`, `.last_inference_timestamp_milliseconds`) become
`ctx.get_inference_statistics(m, "v")` fields (`inference_count`,
`execution_count`, `last_inference`) of its `ModelStatistics` message (HTTP's
JSON parsed into `tritonclient.grpc.service_pb2.ModelStatisticsResponse`, so
the same attribute reads work on both protocols), also through a name holding
the version status (`vs = status.model_status[m].version_status[v]`, then
`vs.model_execution_count`, `vs.ready_state == MODEL_READY`) or the whole
version map of the model (`vs = status.model_status[m].version_status`, then
`len(vs)`, `1 in vs`, `vs[1].model_execution_count`), with a review
note: V2 raises for a model version that is not loaded, where V1 kept the
counters; a status read after the code unloads a model (`.unload(...)`,
`.unload_model(...)`, `shutil.rmtree(...)` of a model directory, earlier in the
same function, in a loop around the read, or in a function that calls the
helper reading it) keeps them V1 (with `--drop-v1-only-checks`, a test check of
such a counter is a V1-only check).  V1's `infer_stats` is keyed by the batch size of each request,
V2's `batch_stats` by the batch size of each execution after dynamic batching:
only the sum over every batch size of the successful requests,
`sum(s.success.count for s in vs.infer_stats.values())` (or `.total_time_ns`),
maps exactly (`inference_stats.success.count`, `.ns`) and converts.  A status fetched
for one model and never read (V1 raised "no status available for unknown model"
when it had no status for it) becomes the filtered repository index and V1's
raise, as the V2 module's `InferenceServerException`, when the index lists no
state for the model (a model never loaded, or whose configuration could not be
read; an unloaded model has a state in both), with a review note.  Any other
use (`uptime_ns`, `infer_stats[bs]`, `len(infer_stats)`, `bs in infer_stats`, a
whole version status kept in a name or printed, the status passed on) has no V2
equivalent: the status call and the whole context stay V1, and the status
call and each use are reported (a statistic with what V2 offers instead); the
finding on the status call names the first read with no V2 form and says
whether `--drop-v1-only-checks` drops it (a test check of a V1-only value).

## Why
V2 splits the V1 status into `is_server_ready()`, `is_model_ready(m, v)`,
`get_server_metadata()`, `get_model_metadata(m)`, `get_model_config(m)`,
`get_inference_statistics(m)` and `get_model_repository_index()`.  Readiness
and configuration map one to one; uptime and the V1 statistics do not, so a
person chooses there.

## Example
```python
# before
ctx = ServerStatusContext(url, ProtocolType.GRPC)
status = ctx.get_server_status()
batch = status.model_status["resnet"].config.max_batch_size
# after (gRPC)
ctx = grpcclient.InferenceServerClient(url)
status_config = ctx.get_model_config("resnet").config
batch = status_config.max_batch_size

# before
ctx = ModelRepositoryContext(url, protocol)
index = ctx.get_model_repository_index()
# after
ctx = protocol.InferenceServerClient(url)
index = (ctx.get_model_repository_index() if protocol is grpcclient else
         types.SimpleNamespace(models=[types.SimpleNamespace(**entry) for entry in ctx.get_model_repository_index()]))
```
"""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import libcst as cst
import libcst.helpers
from libcst.metadata import ParentNodeProvider, PositionProvider, ScopeProvider

from triton_migrate.v1client import client as pyclient
from triton_migrate.v1client import jsonmessage, statistics, unknownstatus, versionmap
from triton_migrate.v1client.heldmixin import HeldMixin
from triton_migrate.v1client import chainedstatus, statushelper
from triton_migrate.v1client.heldstatus import held_element
from triton_migrate.analysis import dropchecks
from triton_migrate.analysis.resolve import accesses, bind_arguments, in_other_loop, single_assignment, walk, within
from triton_migrate.data.v1_client_api import CONTEXTS
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="ServerStatusContext / ModelRepositoryContext -> InferenceServerClient; get_server_status() -> readiness and model config calls",
    carriers=("python", "notebook"),
    fix="review",
    needles=(b"ServerStatusContext", b"ModelRepositoryContext"),
    order=34,
    doc=__doc__ or "",
    requires=("v1_imports", "v1_protocol"),
)


_SERVER_READY = "server_status_pb2.SERVER_READY"
PRINTED_NOTE = ("the printed V1 status (server id, version, uptime, and each model's configuration, version states "
                "and statistics) has no single V2 answer: the model statistics are printed instead "
                "(get_model_config and get_model_repository_index give the rest)")
_MODEL_READY = "server_status_pb2.MODEL_READY"


@dataclass
class _Plan:
    """How one ``S = ctx.get_server_status()`` becomes V2 calls made at the same point."""

    receiver: str
    target: str
    fetch: dict[tuple, str] = field(default_factory=dict)  # (kind, model code[, version code]) -> variable
    replace: dict[cst.CSTNode, str] = field(default_factory=dict)
    remove: set = field(default_factory=set)  # alias assignments ``m = S.model_status[M]``
    notes: list = field(default_factory=list)  # what a person should know about the converted values
    filter: str = ""  # code of the model name the V1 context was built with (it filtered the status)
    unknown: str = ""  # the status is never read: V1's raise for an unknown model (v1client/unknownstatus.py)


class _Status(HeldMixin, pyclient.ContextRewriter):  # contexts in lists, dicts, queues: whole or not at all
    classes = ("ServerStatusContext", "ModelRepositoryContext")

    # -- get_server_status(): plan every use of the result, all or nothing ----------
    def visit_Module(self, node: cst.Module) -> None:
        super().visit_Module(node)  # HeldMixin: the containers of contexts, before any bound_of()
        self.plans: dict[cst.Call, _Plan] = {}
        self.assign_plans: dict[cst.Assign, _Plan] = {}
        self.replacements: dict[cst.CSTNode, str] = {}
        self.removals: set = set()
        self.needs_config_json = False
        self.needs_messages: set[str] = set()  # tritonclient.grpc message modules the parsed JSON needs
        self.needs_types = False
        self.blocked: dict[cst.Call, str] = {}  # get_server_status() -> the first use V2 has no form for
        self.words = set(re.findall(r"\w+", self.module.code))  # names the fetched values must not take
        for target, value in self.values.items():
            if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
                    and value.func.attr.value == "get_server_status" and not value.args
                    and (isinstance(value.func.value, cst.Name) or held_element(self, value.func.value))):
                continue
            bound = self.bound_of(value.func.value)
            assign = self.get_metadata(ParentNodeProvider, value)
            if bound is None and isinstance(assign, cst.Assign):
                self._explain_frozen(value, assign, target)
            if bound is None or bound.cls != "ServerStatusContext":
                continue
            if not isinstance(assign, cst.Assign):
                continue
            plan = self._plan(bound, value, assign, target)
            if isinstance(plan, str):
                self.blocked[value] = plan  # the use that keeps it V1 (the verifier reports the context)
                self._report_blocked(value, plan)
            elif plan is not None:
                self.plans[value] = plan
                self.assign_plans[assign] = plan
                self.replacements.update(plan.replace)
                self.removals |= plan.remove

    def _explain_frozen(self, call: cst.Call, assign: cst.Assign, target: cst.Name) -> None:
        """A status of a context the verifier rolled back (so the rules leave it V1): when planning it would
        stop on a read with no V2 form, that read is what keeps it V1: say so (nothing is converted)."""
        receiver = call.func.value  # type: ignore[attr-defined]
        made = single_assignment(self, receiver) if isinstance(receiver, cst.Name) else None
        value = self.values.get(made) if isinstance(made, cst.Name) else None
        if not (isinstance(value, cst.Call) and self.constructor(value) == "ServerStatusContext" and self.frozen(value)):
            return
        args = bind_arguments(value, CONTEXTS["ServerStatusContext"].params)
        if args is None or "url" not in args or "protocol" not in args:
            return
        why = self._plan(pyclient.Bound("ServerStatusContext", value, args), call, assign, target)
        if isinstance(why, str):
            self._report_blocked(call, why)

    def _report_blocked(self, call: cst.Call, why: str) -> None:
        """Which read keeps this status (and its context) V1, and whether --drop-v1-only-checks would drop it."""
        line = re.search(r"\(line (\d+)\)", why)
        flag = ""
        if line and not self.ctx.settings.drop_v1_only_checks:
            if getattr(self, "_drop_lines", None) is None:
                self._drop_lines = dropchecks.hint_lines(self.module.code)
            if int(line[1]) in self._drop_lines:
                flag = (" That read is in a test check of a value V2 does not have: `--drop-v1-only-checks` drops "
                        "such checks (a marker comment each, to review) and then converts this status.")
            else:
                flag = (" Port that read by hand and the status converts with it; if it only serves test checks of "
                        "values V2 does not have (uptime, server id, V1 statistics per request batch size), "
                        "`--drop-v1-only-checks` drops those checks (a marker comment each, to review).")
        if line:  # named by its code only: a line number would change with the text a second run sees
            why = why.replace(" " + line[0], "")
        self.report(call, f"`{self.code(call)}` stays V1, with its context: the first read of this status that "
                          f"has no V2 form here is {why}.{flag}", severity="warning",
                    v1="ServerStatusContext.get_server_status",
                    replacement="client.is_server_ready() / is_model_ready(m, v) / get_model_config(m) / "
                                "get_server_metadata() / get_inference_statistics(m, v)")

    def _single(self, name: cst.Name):  # type: ignore[no-untyped-def]
        scope = self.get_metadata(ScopeProvider, name, None)
        if scope is None:
            return None, None
        assignments = list(scope.assignments[name.value])
        if len(assignments) != 1 or getattr(assignments[0], "node", None) is not name:
            return None, None
        return scope, assignments[0]

    def _stable(self, expr: cst.BaseExpression, before_line: int, scope) -> bool:  # type: ignore[no-untyped-def]
        """A model name or version that can be evaluated where the status was fetched."""
        if isinstance(expr, (cst.SimpleString, cst.Integer)):
            return True
        if isinstance(expr, cst.Name):
            assignments = [a for s in (scope, getattr(scope, "parent", None)) if s is not None
                           for a in s.assignments[expr.value]]
            if len(assignments) != 1:
                return False
            node = getattr(assignments[0], "node", None)
            if node is None:
                return False
            if isinstance(node, (cst.Import, cst.ImportFrom)):
                return True
            return self.get_metadata(PositionProvider, node).start.line < before_line
        if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name):
            # `FLAGS.model`: nothing in the scope assigns its names from the fetch on, nor any `.model = `
            return not re.search(rf"\.\s*{expr.attr.value}\s*(=[^=]|[-+*/%&|^@]=|:)", self.module.code) \
                and not self._changed_between(expr, before_line - 1, 1 << 30, scope)
        return False

    def _index(self, sub: cst.CSTNode):  # type: ignore[no-untyped-def]
        if isinstance(sub, cst.Subscript) and len(sub.slice) == 1 and isinstance(sub.slice[0].slice, cst.Index):
            return sub.slice[0].slice.value
        return None

    def _ready_compare(self, attr: cst.Attribute, wanted: str):  # type: ignore[no-untyped-def]
        """``<x>.ready_state == server_status_pb2.<wanted>`` (or !=): the comparison and whether negated."""
        cmp = self._up_comparison(attr)
        if not (isinstance(cmp, cst.Comparison) and len(cmp.comparisons) == 1
                and attr in (cmp.left, cmp.comparisons[0].comparator)):
            return None
        target = cmp.comparisons[0]
        name = self.resolver.v1_name(cmp.left if target.comparator is attr else target.comparator) or ""
        if not (name == wanted or name.endswith("." + wanted.split(".")[-1])):
            return None
        if isinstance(target.operator, cst.Equal):
            return cmp, False
        if isinstance(target.operator, cst.NotEqual):
            return cmp, True
        return None

    def _compared(self, node: cst.CSTNode):  # type: ignore[no-untyped-def]
        """The other operand when ``node`` is compared for (in)equality: ``a == b``, ``a != b``, or the two
        positional arguments of ``assertEqual`` / ``assertNotEqual``."""
        parent = self.get_metadata(ParentNodeProvider, node)
        if isinstance(parent, cst.Comparison) and len(parent.comparisons) == 1 \
                and isinstance(parent.comparisons[0].operator, (cst.Equal, cst.NotEqual)):
            return parent.comparisons[0].comparator if parent.left is node else parent.left
        if isinstance(parent, cst.Arg) and parent.keyword is None and not parent.star:
            call = self.get_metadata(ParentNodeProvider, parent)
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) \
                    and call.func.attr.value in ("assertEqual", "assertNotEqual") and len(call.args) >= 2 \
                    and not any(a.keyword or a.star for a in call.args[:2]):
                if call.args[0] is parent:
                    return call.args[1].value
                if call.args[1] is parent:
                    return call.args[0].value
        return None

    def _constant(self, node, prefix: str):  # type: ignore[no-untyped-def]
        """``SERVER_READY`` for ``server_status_pb2.SERVER_READY`` (any alias of the V1 module), else None."""
        name = self.resolver.v1_name(node) or ""
        last = name.split(".")[-1]
        if name and last.startswith(prefix) and (name.startswith("server_status_pb2.") or name == last):
            return last
        return None

    def _model_states(self, node: cst.BaseExpression):  # type: ignore[no-untyped-def]
        """The MODEL_* constants ``node`` stands for (node -> name): the constant itself, or a name read only
        here whose last assignment is a constant or ``A if c else B`` of constants; None otherwise."""
        state = self._constant(node, "MODEL_")
        if state is not None:
            return {node: state}
        if not isinstance(node, cst.Name):
            return None
        scope = self.get_metadata(ScopeProvider, node, None)
        target = single_assignment(self, node)
        if scope is None or not isinstance(target, cst.Name):
            return None
        _scope, refs = self._straight_refs(target)
        assign = self.get_metadata(ParentNodeProvider, self.get_metadata(ParentNodeProvider, target))
        if not refs or len(refs) != 1 or next(iter(refs)).node is not node or not isinstance(assign, cst.Assign) \
                or len(assign.targets) != 1:
            return None
        value = assign.value
        choices = [value.body, value.orelse] if isinstance(value, cst.IfExp) else [value]
        found = {c: self._constant(c, "MODEL_") for c in choices}
        return found if all(found.values()) else None

    def _changed_between(self, expr: cst.BaseExpression, start: int, end: int, scope) -> bool:  # type: ignore[no-untyped-def]
        """A name of ``expr`` is assigned in ``scope`` on a line after ``start`` and up to ``end``."""
        for node in [n for n in _names(expr)]:
            for assignment in scope.assignments[node]:
                target = getattr(assignment, "node", None)
                if target is None:
                    continue
                line = self.get_metadata(PositionProvider, target).start.line
                if start < line <= end:
                    return True
        return False

    def _own_line(self, assign: cst.Assign, *, removable: bool = False) -> bool:
        """The assignment is the only statement of its line (and, to be removed, not the only one of its block)."""
        line = self.get_metadata(ParentNodeProvider, assign)
        if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1):
            return False
        block = self.get_metadata(ParentNodeProvider, line)
        return not removable or len(getattr(block, "body", ())) > 1

    def _straight_refs(self, target: cst.Name):  # type: ignore[no-untyped-def]
        """The scope of ``target`` and the accesses that read its value, read as straight-line code
        (from this assignment to the next one of the name in the scope); None when that reading
        cannot be trusted (an access before any assignment, an assignment the scope does not own)."""
        scope = self.get_metadata(ScopeProvider, target, None)
        if scope is None:
            return None, None
        assignments = list(scope.assignments[target.value])
        if not all(getattr(a, "node", None) is not None and a.scope is scope for a in assignments):
            return None, None

        def where(node: cst.CSTNode) -> tuple:
            pos = self.get_metadata(PositionProvider, node).start
            return pos.line, pos.column

        starts = sorted(where(a.node) for a in assignments)
        mine = where(target)
        following = next((p for p in starts if p > mine), None)
        refs = []
        for access in accesses(scope, target.value):
            at = where(access.node)
            if at < starts[0]:
                return None, None  # read before any assignment (a loop carrying it): not followed
            if at > mine and (following is None or at < following):
                refs.append(access)
        return scope, refs

    def _plan(self, bound: pyclient.Bound, call: cst.Call, assign: cst.Assign, target: cst.Name):  # type: ignore[no-untyped-def]
        scope, refs = self._straight_refs(target)
        if scope is None or not self._own_line(assign):
            return None
        line = self.get_metadata(PositionProvider, assign).start.line
        plan = _Plan(self.code(call.func.value), target.value)  # type: ignore[attr-defined]
        model_filter = bound.args.get("model_name")
        if model_filter is not None and not (isinstance(model_filter, cst.Name) and model_filter.value == "None"):
            ctor_line = self.get_metadata(PositionProvider, bound.call).start.line
            if not isinstance(model_filter, (cst.Name, cst.SimpleString, cst.Attribute)) \
                    or self._changed_between(model_filter, ctor_line, line, scope):
                return "the model name given to the context may change before the status is read"
            plan.filter = self.code(model_filter)
            if re.search(r"\bentry\b", plan.filter):
                return "the model name given to the context is named `entry`, like the listing's loop variable"

        def var(key: tuple) -> str:
            if key not in plan.fetch:
                stem = {"ready": "ready", "config": "config", "vready": "version_ready", "metadata": "metadata",
                        "models": "models", "stats": "statistics", "printed": "statistics"}[key[0]]
                count = sum(1 for k in plan.fetch if k[0] == key[0])
                name = f"{target.value}_{stem}" + (f"_{count + 1}" if count else "")
                while name in self.words:  # a name the file already uses: never shadow it
                    count += 1
                    name = f"{target.value}_{stem}_{count + 1}"
                plan.fetch[key] = name
            return plan.fetch[key]

        def models() -> str:
            return var(("models",))

        def entry(model: cst.BaseExpression, version: cst.BaseExpression) -> str:
            """The repository index entry of one model version (V1: its ModelVersionStatus)."""
            m, v = self.code(model), self._version_text(self.code(version))
            return (f'next((entry for entry in {models()} if entry["name"] == {m} and entry["version"] == {v}), '
                    f'{{"name": {m}, "version": {v}, "state": "UNKNOWN", "reason": ""}})')

        def state_use(node: cst.CSTNode, value: str) -> bool:
            """``<version status>.ready_state`` compared with a MODEL_* constant, or its reason's message."""
            parent = self.get_metadata(ParentNodeProvider, node)
            if not (isinstance(parent, cst.Attribute) and parent.value is node):
                return False
            if parent.attr.value == "ready_state":
                other = self._compared(parent)
                states = self._model_states(other) if other is not None else None
                if states is None:
                    return False
                plan.replace[parent] = f'{value}["state"]'
                for constant, state in states.items():
                    plan.replace[constant] = f'"{state[len("MODEL_"):]}"'
                return True
            if parent.attr.value == "ready_state_reason":
                message = self.get_metadata(ParentNodeProvider, parent)
                if isinstance(message, cst.Attribute) and message.value is parent and message.attr.value == "message":
                    plan.replace[message] = f'{value}["reason"]'
                    return True
            return False

        def stats_use(node: cst.Attribute, model: cst.BaseExpression, version: cst.BaseExpression) -> bool:
            """``<version status>.model_execution_count`` (a V1 counter) or the sum of the successful requests
            of every batch size of its ``infer_stats``: a field of get_inference_statistics(m, v)."""
            if node.attr.value in statistics.FIELDS:
                target, text = node, node.attr.value
            else:
                found = statistics.success_sum(node, lambda n: self.get_metadata(ParentNodeProvider, n, None)) \
                    if node.attr.value == "infer_stats" else None
                if found is None:
                    return False
                target, text = found
            if statistics.blocked(self.module.code, line) or not (
                    self._stable(model, line, scope) and self._stable(version, line, scope)):
                return False
            if "service_pb2" in self.words and self.module_expr(bound) != pyclient.GRPC:
                return False  # the name the parsed HTTP answer needs is the file's own
            name = var(("stats", self.code(model), self.code(version)))
            plan.replace[target] = statistics.read(name, text) if text in statistics.FIELDS else f"{name}.{text}"
            plan.notes.append(statistics.NOTE)
            return True

        def names_of(model: cst.BaseExpression) -> bool:
            return bool(re.search(r"\bentry\b", self.code(model)))

        def version_status_use(node: cst.Attribute, model: cst.BaseExpression) -> bool:
            """Uses of ``S.model_status[m].version_status`` (``node``)."""
            m = self.code(model)
            outer = self._up_comparison(node)
            version = self._index(outer)
            if version is not None:
                if names_of(version):
                    return False
                use = self.get_metadata(ParentNodeProvider, outer)
                if isinstance(use, cst.Attribute) and use.value is outer and stats_use(use, model, version):
                    return True
                if isinstance(use, cst.Attribute) and use.attr.value == "ready_state":
                    found = self._ready_compare(use, _MODEL_READY)
                    if found is not None and self._stable(model, line, scope) and self._stable(version, line, scope):
                        name = var(("vready", m, self.code(version)))
                        plan.replace[found[0]] = f"not {name}" if found[1] else name
                        return True
                if isinstance(use, cst.Assign) and use.value is outer and len(use.targets) == 1 \
                        and isinstance(use.targets[0].target, cst.Name):
                    alias_scope, alias_refs = self._straight_refs(use.targets[0].target)
                    if alias_scope is not scope or alias_refs is None:
                        return False
                    if not alias_refs:  # a name for one version status that nothing reads (its checks dropped)
                        if not self._own_line(use, removable=True):
                            return False
                        plan.remove.add(use)
                        return True
                    alias = use.targets[0].target.value
                    states = 0
                    for ref in alias_refs:  # a name for one version status: its state and its counters
                        parent = self.get_metadata(ParentNodeProvider, ref.node)
                        if isinstance(parent, cst.Attribute) and parent.value is ref.node \
                                and parent.attr.value in (*statistics.FIELDS, "infer_stats"):
                            if not stats_use(parent, model, version):
                                return False
                        elif state_use(ref.node, alias):
                            states += 1
                        else:
                            return False
                    if states:
                        plan.replace[outer] = entry(model, version)
                    elif self._own_line(use, removable=True):
                        plan.remove.add(use)
                    else:
                        return False
                    return True
                return state_use(outer, entry(model, version))
            if isinstance(outer, cst.Assign):  # vs = S.model_status[m].version_status: each use of vs
                return versionmap.alias_uses(self, outer, node, scope, lambda ref: version_status_use(ref, model),
                                             plan.remove)
            if isinstance(outer, cst.Call) and isinstance(outer.func, cst.Name) and outer.func.value == "len" \
                    and len(outer.args) == 1:
                plan.replace[outer] = f'len([entry for entry in {models()} if entry["name"] == {m} and entry["version"]])'
                return True
            if isinstance(outer, cst.Comparison) and len(outer.comparisons) == 1 and outer.comparisons[0].comparator is node \
                    and isinstance(outer.comparisons[0].operator, (cst.In, cst.NotIn)) and not names_of(outer.left):
                op = "not in" if isinstance(outer.comparisons[0].operator, cst.NotIn) else "in"
                v = self._version_text(self.code(outer.left))
                plan.replace[outer] = f'{v} {op} [entry["version"] for entry in {models()} if entry["name"] == {m}]'
                return True
            # for k, v in iteritems(S.model_status[m].version_status): ... v.ready_state ...
            loop_iter = None
            if isinstance(outer, cst.Call) and isinstance(outer.func, cst.Name) and outer.func.value == "iteritems" \
                    and len(outer.args) == 1:
                loop_iter = outer
            elif isinstance(outer, cst.Attribute) and outer.attr.value == "items":
                func_call = self.get_metadata(ParentNodeProvider, outer)
                if isinstance(func_call, cst.Call) and not func_call.args:
                    loop_iter = func_call
            loop = self.get_metadata(ParentNodeProvider, loop_iter) if loop_iter is not None else None
            if not (isinstance(loop, cst.For) and loop.iter is loop_iter and isinstance(loop.target, cst.Tuple)
                    and len(loop.target.elements) == 2
                    and all(isinstance(e.value, cst.Name) for e in loop.target.elements)):
                return False
            key_name, value_name = (e.value.value for e in loop.target.elements)  # type: ignore[attr-defined]
            for access in accesses(scope, value_name):
                inside = within(access.node, loop.body)
                if inside:
                    if not state_use(access.node, value_name):
                        return False
                elif not in_other_loop(self, access.node, value_name, loop):
                    return False
            for access in accesses(scope, key_name):
                if not within(access.node, loop.body) \
                        and not in_other_loop(self, access.node, key_name, loop):
                    return False
            plan.replace[loop_iter] = (f'[(int(entry["version"]), entry) for entry in {models()} '
                                       f'if entry["name"] == {m} and entry["version"]]')
            return True

        def model_use(node: cst.CSTNode, model: cst.BaseExpression, depth: int = 0) -> bool:
            parent = self.get_metadata(ParentNodeProvider, node)
            if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == "config":
                if not self._stable(model, line, scope):
                    return False
                plan.replace[parent] = var(("config", self.code(model)))
                return True
            if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == "version_status":
                return not names_of(model) and version_status_use(parent, model)
            if isinstance(parent, cst.Assign) and parent.value is node and depth == 0 and len(parent.targets) == 1 \
                    and isinstance(parent.targets[0].target, cst.Name):
                alias_scope, alias = self._single(parent.targets[0].target)
                if alias is None or alias_scope is not scope or not alias.references \
                        or not self._own_line(parent, removable=True):
                    return False
                for ref in alias.references:
                    if self.get_metadata(ScopeProvider, ref.node, None) is not scope \
                            or not model_use(ref.node, model, depth + 1):
                        return False
                plan.remove.add(parent)
                return True
            return False

        if not refs:  # read for whether it raises (an unknown model): the index has a state for the model
            if not plan.filter or not unknownstatus.convertible(self.module_expr(bound)):
                return None
            models()
            plan.unknown = plan.filter
            plan.notes.append(unknownstatus.NOTE)
            return plan
        for ref in sorted(refs, key=lambda r: (self.get_metadata(PositionProvider, r.node).start.line,
                                               self.get_metadata(PositionProvider, r.node).start.column)):
            node = ref.node
            if self.get_metadata(ScopeProvider, node, None) is not scope:
                return f"`{target.value}` used in another scope"
            parent = self.get_metadata(ParentNodeProvider, node)
            if self._printed(node, parent):  # shown whole, for a person: V2 shows the statistics instead
                plan.replace[node] = var(("printed",))
                plan.notes.append(PRINTED_NOTE)
                continue
            if not (isinstance(parent, cst.Attribute) and parent.value is node):
                return f"`{target.value}` used as a whole"
            at = f"(line {self.get_metadata(PositionProvider, parent).start.line})"
            blocked = f"`{self.code(parent)}` {at}"
            attr = parent.attr.value
            if attr == "ready_state":
                found = self._ready_compare(parent, _SERVER_READY)
                if found is not None:
                    name = var(("ready",))
                    plan.replace[found[0]] = f"not {name}" if found[1] else name
                    continue
                other = self._compared(parent)
                if other is None or self._constant(other, "SERVER_") != "SERVER_READY":
                    return blocked + " (not compared with SERVER_READY)"
                plan.replace[parent] = var(("ready",))
                plan.replace[other] = "True"
            elif attr in ("version", "id"):
                field_name = "version" if attr == "version" else "name"
                grpc = self.module_expr(bound) == pyclient.GRPC
                plan.replace[parent] = var(("metadata",)) + (f".{field_name}" if grpc else f'["{field_name}"]')
                if attr == "version":
                    continue
                other = self._compared(parent)
                if isinstance(other, cst.SimpleString) and other.evaluated_value == "inference:0":
                    plan.replace[other] = '"triton"'
                    plan.notes.append('the server id compared with V1\'s default "inference:0" is now compared with '
                                      'V2\'s default "triton" (a server started with --id=... has that id)')
                else:
                    plan.notes.append('the server id is the server metadata name; its default changed from '
                                      '"inference:0" (V1) to "triton" (V2)')
            elif attr == "model_status":
                sub = self._up_comparison(parent)
                if isinstance(sub, cst.Call) and isinstance(sub.func, cst.Name) and sub.func.value == "len" \
                        and len(sub.args) == 1:
                    plan.replace[sub] = f'len({{entry["name"] for entry in {models()}}})'
                    continue
                if isinstance(sub, cst.Comparison) and len(sub.comparisons) == 1 \
                        and sub.comparisons[0].comparator is parent \
                        and isinstance(sub.comparisons[0].operator, (cst.In, cst.NotIn)):
                    op = "not in" if isinstance(sub.comparisons[0].operator, cst.NotIn) else "in"
                    if names_of(sub.left):
                        return blocked
                    plan.replace[sub] = f'{self.code(sub.left)} {op} [entry["name"] for entry in {models()}]'
                    continue
                model = self._index(sub)
                if model is None or not model_use(sub, model):
                    return (f"`{self.code(parent)}[...]` {at} (a use other than .config, a version's state, the "
                            "model listing or a version's counters read directly)")
            else:
                return blocked
        return plan

    def _printed(self, node: cst.CSTNode, parent: cst.CSTNode) -> bool:
        """``print(S)`` or ``print(S, file=...)``: the status is the only thing printed (shown to a person,
        not read by the program)."""
        if not (isinstance(parent, cst.Arg) and parent.value is node and parent.keyword is None and not parent.star):
            return False
        call = self.get_metadata(ParentNodeProvider, parent, None)
        return isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "print" \
            and call.args[0] is parent and all(arg.keyword is not None for arg in call.args[1:]) \
            and not re.search(r"^\s*(?:def\s+print\b|print\s*=)", self.module.code, re.M)

    def _up_comparison(self, node: cst.CSTNode) -> cst.CSTNode:
        """The parent of ``node``; for the right side of a comparison, the comparison itself."""
        parent = self.get_metadata(ParentNodeProvider, node)
        if isinstance(parent, cst.ComparisonTarget) or (isinstance(parent, cst.Arg) and not parent.keyword
                                                         and not parent.star):
            return self.get_metadata(ParentNodeProvider, parent)
        return parent

    def _fetch_statements(self, plan: _Plan, bound: pyclient.Bound) -> list[str]:
        module = self.module_expr(bound)
        extra = self.headers(bound)
        kw = f", headers={extra}" if extra else ""
        out = []
        for key, name in plan.fetch.items():
            if key[0] == "ready":
                out.append(f"{name} = {plan.receiver}.is_server_ready({kw[2:]})")
            elif key[0] == "metadata":
                out.append(f"{name} = {plan.receiver}.get_server_metadata({kw[2:]})")
                if module not in (pyclient.GRPC, pyclient.HTTP):  # HTTP returns JSON, gRPC a response message
                    out.append(f'{name} = {name} if isinstance({name}, dict) else '
                               f'{{"name": {name}.name, "version": {name}.version}}')
            elif key[0] == "models":
                # V1 listed every model the server knew, and each version's state: the repository index
                keep = f' if entry["name"] == {plan.filter}' if plan.filter else ""
                http = ('[{"name": entry["name"], "version": entry.get("version", ""), "state": entry.get("state", ""), '
                        '"reason": entry.get("reason", "")} for entry in %s' + keep.replace('entry["name"]', 'entry["name"]') + ']')
                grpc = ('[{"name": entry.name, "version": entry.version, "state": entry.state, "reason": entry.reason} '
                        'for entry in %s.models' + keep.replace('entry["name"]', "entry.name") + ']')
                call = f"{plan.receiver}.get_model_repository_index({kw[2:]})"
                if module == pyclient.GRPC:
                    out.append(f"{name} = " + grpc % call)
                elif module == pyclient.HTTP:
                    out.append(f"{name} = " + http % call)
                else:
                    out.append(f"{name} = {call}")
                    out.append(f"{name} = " + http % name + f" if isinstance({name}, list) else " + grpc % name)
            elif key[0] == "stats":
                out += statistics.fetch(name, plan.receiver, key[1], self._version_text(key[2]), kw, module)
                if module != pyclient.GRPC:  # the HTTP JSON is parsed into the gRPC message
                    self.needs_config_json = True
                    self.needs_messages.add("service_pb2")
            elif key[0] == "printed":
                model = plan.filter or '""'  # V1 printed every model the context was not built for
                out.append(f"{name} = {plan.receiver}.get_inference_statistics({model}{kw})")
            elif key[0] == "vready":
                out.append(f"{name} = {plan.receiver}.is_model_ready({key[1]}, {self._version_text(key[2])}{kw})")
            else:  # HTTP's JSON parsed into model_config_pb2.ModelConfig; gRPC's ModelConfigResponse.config
                out += jsonmessage.fetch(name, f"{plan.receiver}.get_model_config({key[1]}{kw})", module,
                                         "model_config_pb2.ModelConfig", ".config")
                if module != pyclient.GRPC:
                    self.needs_config_json = True
                    self.needs_messages.add("model_config_pb2")
        if plan.unknown:
            out += unknownstatus.statements(plan.fetch[("models",)], module, plan.unknown)
        return out

    @staticmethod
    def _version_text(code: str) -> str:
        return f'"{int(code)}"' if code.isdigit() else f"str({code})"

    def convert_method(self, original: cst.Call, updated: cst.Call, bound: pyclient.Bound,
                       method: str) -> cst.BaseExpression:
        if method == "get_server_status" and original in self.plans:
            return updated  # the whole statement is replaced in leave_SimpleStatementLine
        if method == "get_model_repository_index" and bound.cls == "ModelRepositoryContext":
            return self._repository_index(original, updated, bound)
        return super().convert_method(original, updated, bound, method)

    def _repository_index(self, original: cst.Call, updated: cst.Call, bound: pyclient.Bound) -> cst.BaseExpression:
        """V1's ``RepositoryIndex`` (``.models``, each entry with ``.name``) from the V2 index: gRPC's
        ``RepositoryIndexResponse`` has that shape; HTTP's list of dicts is turned into it."""
        call = self.method_call(updated, bound, "get_model_repository_index")
        module = self.module_expr(bound)
        v1_shape = "RepositoryIndex with .models[i].name"
        if module == pyclient.GRPC:
            self.report(original, f"`ModelRepositoryContext.get_model_repository_index()` is now the V2 method of "
                                  f"the same name; over gRPC it returns a `RepositoryIndexResponse`, whose `.models` "
                                  f"entries have V1's `.name` (and V2's `.version`, `.state`, `.reason`).",
                        applied=True, v1="ModelRepositoryContext.get_model_repository_index",
                        replacement=self.code(call))
            return call
        code = self.code(call)
        http = f"types.SimpleNamespace(models=[types.SimpleNamespace(**entry) for entry in {code}])"
        if module == pyclient.HTTP:
            text = http
        elif re.fullmatch(r"[A-Za-z_][\w.]*(\[\d+\])?", module) or "(" not in re.sub(
                r"\.lower\(\)|[\w.]*ProtocolType\.from_str\([\w.]+(\[[\w'\"]+\])?\)", "",
                module.strip()[1:-1] if module.startswith("(") else "("):
            # a name, `pair[1]`, `(ProtocolType.from_str(FLAGS.protocol))` or its V2 choice of module: evaluated
            # again, it calls nothing
            text = f"({code} if {module} is grpcclient else {http})"
        else:
            text = ""
        if not text or re.search(r"\bentry\b", code) or re.search(
                r"^\s*(types\s*=|from\s.*\bimport\b.*\btypes\b)", self.module.code, re.M):  # `types` is taken
            self.report(original, "`ModelRepositoryContext.get_model_repository_index()` is now the V2 method of the "
                                  "same name, but its answer has another shape over HTTP (a list of {'name', 'version', "
                                  "'state', 'reason'} dicts; V1: `.models[i].name`, as gRPC's `RepositoryIndexResponse`)"
                                  ": check how the result is read.", applied=True, severity="warning",
                        v1="ModelRepositoryContext.get_model_repository_index", replacement=code)
            return call
        if not self.report(original, "`ModelRepositoryContext.get_model_repository_index()` is now the V2 method, "
                                     f"whose answer over HTTP (a list of {{'name', 'version', 'state', 'reason'}} "
                                     f"dicts) is turned back into V1's shape ({v1_shape}: `types.SimpleNamespace` "
                                     "objects); over gRPC it is a `RepositoryIndexResponse` of that shape. Review: "
                                     "the entries also carry V2's version, state and reason, and print differently.",
                           applied=True, severity="warning", v1="ModelRepositoryContext.get_model_repository_index",
                           replacement=text):
            return updated
        self.needs_types = True
        expr = cst.parse_expression(text)
        return expr.with_changes(lpar=original.lpar, rpar=original.rpar) if original.lpar else expr

    def _replaced(self, original: cst.BaseExpression, updated: Any) -> Any:
        """After the leave hook of an expression's type (each expression type's ``leave_``, see below):
        the expression a plan replaces it by."""
        new = self.replacements.get(original)
        if new is None:
            return updated
        expr = cst.parse_expression(new)
        if original.lpar:  # type: ignore[attr-defined]
            expr = expr.with_changes(lpar=original.lpar, rpar=original.rpar)  # type: ignore[attr-defined]
        return expr

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine):  # type: ignore[no-untyped-def]
        result = super().leave_SimpleStatementLine(original, updated)
        if len(original.body) != 1 or not isinstance(original.body[0], cst.Assign):
            return result
        assign = original.body[0]
        if assign in self.removals:
            return cst.RemoveFromParent()
        plan = self.assign_plans.get(assign)
        if plan is None:
            return result
        call = assign.value
        bound = self.bound_of(call.func.value)  # type: ignore[attr-defined]
        if bound is None:
            return result
        lines = self._fetch_statements(plan, bound)
        what = ", ".join(sorted({k[0] for k in plan.fetch}))
        notes = ""
        if plan.filter and any(k[0] == "models" for k in plan.fetch) and not plan.unknown:
            plan.notes.append(f"the model listing keeps only {plan.filter}, as the V1 context did, but an unknown "
                              "model now gives an empty listing where V1 raised")
        if plan.notes:
            notes = " Review: " + "; ".join(dict.fromkeys(plan.notes)) + "."
        if not self.report(call, f"`{plan.receiver}.get_server_status()` is used only for what V2 has "
                                 f"({what}): it is now the V2 calls that give it, made at the same point.{notes}",
                           applied=True, severity="warning" if notes else "", v1="ServerStatusContext.get_server_status",
                           replacement="; ".join(lines)):
            return result
        statements = [cst.parse_statement(text) for text in lines]
        statements[0] = statements[0].with_changes(leading_lines=updated.leading_lines)
        return cst.FlattenSentinel(statements)

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        if not self.needs_config_json and not getattr(self, "needs_types", False):
            return updated
        code = updated.code
        imports = []
        if getattr(self, "needs_types", False) and not re.search(r"^import types\s*$", code, re.M):
            imports.append("import types")
        if not self.needs_config_json:
            return self._add_imports(updated, imports)
        if not re.search(r"^\s*from google\.protobuf import json_format\b", code, re.M):
            imports.append("from google.protobuf import json_format")
        bound_names = {(a.asname.name.value if a.asname else cst.helpers.get_full_name_for_node(a.name))  # type: ignore[union-attr]
                       for stmt in updated.body if isinstance(stmt, cst.SimpleStatementLine)
                       for imp in stmt.body if isinstance(imp, (cst.Import, cst.ImportFrom))
                       and not isinstance(imp.names, cst.ImportStar) for a in imp.names}
        for message_module in sorted(self.needs_messages - bound_names):
            imports.append(f"from tritonclient.grpc import {message_module}")
        return self._add_imports(updated, imports)

    @staticmethod
    def _add_imports(updated: cst.Module, imports: list[str]) -> cst.Module:
        if not imports:
            return updated
        body = list(updated.body)
        at = 0
        for i, stmt in enumerate(body):
            if isinstance(stmt, cst.SimpleStatementLine) and all(
                    isinstance(s, (cst.Import, cst.ImportFrom)) or (i == 0 and isinstance(s, cst.Expr))
                    for s in stmt.body):
                at = i + 1
            elif at or i > 0:
                break
        for i, stmt in enumerate(body):  # after a V1 star import that stays (it binds V1's model_config_pb2)
            if isinstance(stmt, cst.SimpleStatementLine) and any(
                    isinstance(s, cst.ImportFrom) and isinstance(s.names, cst.ImportStar) and s.module is not None
                    and cst.helpers.get_full_name_for_node(s.module).startswith("tensorrtserver")  # type: ignore[union-attr]
                    for s in stmt.body):
                at = max(at, i + 1)
        body[at:at] = [cst.parse_statement(text) for text in imports]
        return updated.with_changes(body=body)



def _replacing(inner: Any) -> Any:
    def leave(self: _Status, original: cst.BaseExpression, updated: Any) -> Any:
        return self._replaced(original, updated if inner is None else inner(self, original, updated))
    return leave


def _expression_types() -> list[str]:
    """The names of the concrete subclasses of ``cst.BaseExpression`` (the hooks are looked up by name;
    a dataclass rebuilt with slots leaves its first class among the subclasses, under the same name)."""
    found: dict[str, None] = {}
    todo: list[type] = [cst.BaseExpression]
    while todo:
        kind = todo.pop()
        todo.extend(kind.__subclasses__())
        if not inspect.isabstract(kind):
            found[kind.__name__] = None
    return list(found)


# One leave hook per expression type (the type's own hook, then the replacement), instead of an
# ``on_leave`` called on every node: the same calls in the same order on expressions, none on the rest,
# and the walk looks hooks up per type (`analysis.cstwalk`).
for _kind in _expression_types():
    _name = f"leave_{_kind}"
    _inner = getattr(_Status, _name, None)
    setattr(_Status, _name, _replacing(None if _inner is None or getattr(_inner, "_is_no_op", False) else _inner))

def _names(expr: cst.CSTNode) -> list[str]:
    return [n.value for n in walk(expr) if isinstance(n, cst.Name)]


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    return statushelper.run(_Status, wrapper, ctx)  # chainedstatus.run, with status helpers inlined
