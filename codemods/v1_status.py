"""Turn `ServerStatusContext` / `ModelRepositoryContext` into V2 clients; report the status object model.

## What it does
Rewrites both constructors to `<module>.InferenceServerClient(url, verbose=...)`
and `get_model_repository_index()` to the V2 method of the same name (with a
warning: the result's shape changed).  A `model_name` given to
`ServerStatusContext` is dropped from the constructor (it only filtered the
status).

`status = ctx.get_server_status()` is rewritten when every use of `status` (in
the same function) is one V2 has: `status.ready_state == SERVER_READY` becomes
`ctx.is_server_ready()`, `status.model_status[m].config` becomes the model
configuration (gRPC: `ctx.get_model_config(m).config`; HTTP: its JSON parsed
into `tritonclient.grpc.model_config_pb2.ModelConfig` with
`json_format.ParseDict(..., ignore_unknown_fields=True)`, so attribute access
keeps working), and `status.model_status[m].version_status[v].ready_state ==
MODEL_READY` becomes `ctx.is_model_ready(m, "v")`; an alias
`ms = status.model_status[m]` used only that way goes away.  The values are
fetched where the status was (the context may be closed right after), so
`m` and `v` must be literals or names assigned once before.  Any other use
(`uptime_ns`, per-version statistics, the status passed on) has no V2
equivalent: the status call and the whole context stay V1, and the status
call and each use are reported.

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
index = ctx.get_model_repository_index()   # warning: [{'name': ..., 'state': ...}] over HTTP
```
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst
import libcst.helpers
from libcst.metadata import ParentNodeProvider, PositionProvider, ScopeProvider

from triton_migrate import pyclient
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
_MODEL_READY = "server_status_pb2.MODEL_READY"


@dataclass
class _Plan:
    """How one ``S = ctx.get_server_status()`` becomes V2 calls made at the same point."""

    receiver: str
    target: str
    fetch: dict[tuple, str] = field(default_factory=dict)  # (kind, model code[, version code]) -> variable
    replace: dict[cst.CSTNode, str] = field(default_factory=dict)
    remove: set = field(default_factory=set)  # alias assignments ``m = S.model_status[M]``


class _Status(pyclient.ContextRewriter):
    classes = ("ServerStatusContext", "ModelRepositoryContext")

    # -- get_server_status(): plan every use of the result, all or nothing ----------
    def visit_Module(self, node: cst.Module) -> None:
        self.plans: dict[cst.Call, _Plan] = {}
        self.assign_plans: dict[cst.Assign, _Plan] = {}
        self.replacements: dict[cst.CSTNode, str] = {}
        self.removals: set = set()
        self.needs_config_json = False
        self.blocked: dict[cst.Call, str] = {}  # get_server_status() -> the first use V2 has no form for
        for target, value in self.values.items():
            if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
                    and value.func.attr.value == "get_server_status" and not value.args
                    and isinstance(value.func.value, cst.Name)):
                continue
            bound = self.bound_of(value.func.value)
            if bound is None or bound.cls != "ServerStatusContext":
                continue
            assign = self.get_metadata(ParentNodeProvider, value)
            if not isinstance(assign, cst.Assign):
                continue
            plan = self._plan(bound, value, assign, target)
            if isinstance(plan, str):
                self.blocked[value] = plan  # the use that keeps it V1 (the verifier reports it)
            elif plan is not None:
                self.plans[value] = plan
                self.assign_plans[assign] = plan
                self.replacements.update(plan.replace)
                self.removals |= plan.remove

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
        return False

    def _index(self, sub: cst.CSTNode):  # type: ignore[no-untyped-def]
        if isinstance(sub, cst.Subscript) and len(sub.slice) == 1 and isinstance(sub.slice[0].slice, cst.Index):
            return sub.slice[0].slice.value
        return None

    def _ready_compare(self, attr: cst.Attribute, wanted: str):  # type: ignore[no-untyped-def]
        """``<x>.ready_state == server_status_pb2.<wanted>`` (or !=): the comparison and whether negated."""
        cmp = self.get_metadata(ParentNodeProvider, attr)
        if not (isinstance(cmp, cst.Comparison) and cmp.left is attr and len(cmp.comparisons) == 1):
            return None
        target = cmp.comparisons[0]
        name = self.resolver.v1_name(target.comparator) or ""
        if not (name == wanted or name.endswith("." + wanted.split(".")[-1])):
            return None
        if isinstance(target.operator, cst.Equal):
            return cmp, False
        if isinstance(target.operator, cst.NotEqual):
            return cmp, True
        return None

    def _own_line(self, assign: cst.Assign, *, removable: bool = False) -> bool:
        """The assignment is the only statement of its line (and, to be removed, not the only one of its block)."""
        line = self.get_metadata(ParentNodeProvider, assign)
        if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1):
            return False
        block = self.get_metadata(ParentNodeProvider, line)
        return not removable or len(getattr(block, "body", ())) > 1

    def _plan(self, bound: pyclient.Bound, call: cst.Call, assign: cst.Assign, target: cst.Name):  # type: ignore[no-untyped-def]
        scope, assignment = self._single(target)
        if assignment is None or not self._own_line(assign):
            return None
        line = self.get_metadata(PositionProvider, assign).start.line
        plan = _Plan(self.code(call.func.value), target.value)  # type: ignore[attr-defined]

        def var(key: tuple) -> str:
            if key not in plan.fetch:
                stem = {"ready": "ready", "config": "config", "vready": "version_ready"}[key[0]]
                count = sum(1 for k in plan.fetch if k[0] == key[0])
                plan.fetch[key] = f"{target.value}_{stem}" + (f"_{count + 1}" if count else "")
            return plan.fetch[key]

        def model_use(node: cst.CSTNode, model: cst.BaseExpression, depth: int = 0) -> bool:
            parent = self.get_metadata(ParentNodeProvider, node)
            if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == "config":
                plan.replace[parent] = var(("config", self.code(model)))
                return True
            if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == "version_status":
                sub = self.get_metadata(ParentNodeProvider, parent)
                version = self._index(sub)
                if version is None or not self._stable(version, line, scope):
                    return False
                ready = self.get_metadata(ParentNodeProvider, sub)
                if not (isinstance(ready, cst.Attribute) and ready.attr.value == "ready_state"):
                    return False
                found = self._ready_compare(ready, _MODEL_READY)
                if found is None:
                    return False
                name = var(("vready", self.code(model), self.code(version)))
                plan.replace[found[0]] = f"not {name}" if found[1] else name
                return True
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

        if not assignment.references:
            return None
        for ref in sorted(assignment.references, key=lambda r: (self.get_metadata(PositionProvider, r.node).start.line,
                                                                   self.get_metadata(PositionProvider, r.node).start.column)):
            node = ref.node
            if self.get_metadata(ScopeProvider, node, None) is not scope:
                return f"`{target.value}` used in another scope"
            parent = self.get_metadata(ParentNodeProvider, node)
            if not (isinstance(parent, cst.Attribute) and parent.value is node):
                return f"`{target.value}` used as a whole"
            blocked = f"`{self.code(parent)}`"
            if parent.attr.value == "ready_state":
                found = self._ready_compare(parent, _SERVER_READY)
                if found is None:
                    return blocked + " (not compared with SERVER_READY)"
                name = var(("ready",))
                plan.replace[found[0]] = f"not {name}" if found[1] else name
            elif parent.attr.value == "model_status":
                sub = self.get_metadata(ParentNodeProvider, parent)
                model = self._index(sub)
                if model is None or not self._stable(model, line, scope) or not model_use(sub, model):
                    return blocked + "[...] (a use other than .config or a version's ready_state)"
            else:
                return blocked
        return plan

    def _fetch_statements(self, plan: _Plan, bound: pyclient.Bound) -> list[str]:
        module = self.module_expr(bound)
        extra = self.headers(bound)
        kw = f", headers={extra}" if extra else ""
        out = []
        for key, name in plan.fetch.items():
            if key[0] == "ready":
                out.append(f"{name} = {plan.receiver}.is_server_ready({kw[2:]})")
            elif key[0] == "vready":
                out.append(f"{name} = {plan.receiver}.is_model_ready({key[1]}, {self._version_text(key[2])}{kw})")
            else:
                parse = (f"json_format.ParseDict({{v}}, model_config_pb2.ModelConfig(), "
                         f"ignore_unknown_fields=True)")
                if module == pyclient.GRPC:
                    out.append(f"{name} = {plan.receiver}.get_model_config({key[1]}{kw}).config")
                    continue
                self.needs_config_json = True
                if module == pyclient.HTTP:
                    out.append(f"{name} = " + parse.format(v=f"{plan.receiver}.get_model_config({key[1]}{kw})"))
                else:  # the module is chosen at run time: HTTP returns JSON, gRPC a response message
                    out.append(f"{name} = {plan.receiver}.get_model_config({key[1]}{kw})")
                    out.append(f"{name} = {parse.format(v=name)} if isinstance({name}, dict) else {name}.config")
        return out

    @staticmethod
    def _version_text(code: str) -> str:
        return f'"{int(code)}"' if code.isdigit() else f"str({code})"

    def convert_method(self, original: cst.Call, updated: cst.Call, bound: pyclient.Bound,
                       method: str) -> cst.BaseExpression:
        if method == "get_server_status" and original in self.plans:
            return updated  # the whole statement is replaced in leave_SimpleStatementLine
        return super().convert_method(original, updated, bound, method)

    def leave_Comparison(self, original: cst.Comparison, updated: cst.Comparison) -> cst.BaseExpression:
        new = self.replacements.get(original)
        return cst.parse_expression(new).with_changes(lpar=original.lpar, rpar=original.rpar) if new else updated

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        new = self.replacements.get(original)
        return cst.parse_expression(new).with_changes(lpar=original.lpar, rpar=original.rpar) if new else updated

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
        if not self.report(call, f"`{plan.receiver}.get_server_status()` is used only for what V2 has "
                                 f"({what}): it is now the V2 calls that give it, made at the same point.",
                           applied=True, v1="ServerStatusContext.get_server_status",
                           replacement="; ".join(lines)):
            return result
        statements = [cst.parse_statement(text) for text in lines]
        statements[0] = statements[0].with_changes(leading_lines=updated.leading_lines)
        return cst.FlattenSentinel(statements)

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        if not self.needs_config_json:
            return updated
        code = updated.code
        imports = []
        if not re.search(r"^\s*from google\.protobuf import json_format\b", code, re.M):
            imports.append("from google.protobuf import json_format")
        bound_names = {(a.asname.name.value if a.asname else cst.helpers.get_full_name_for_node(a.name))  # type: ignore[union-attr]
                       for stmt in updated.body if isinstance(stmt, cst.SimpleStatementLine)
                       for imp in stmt.body if isinstance(imp, (cst.Import, cst.ImportFrom))
                       and not isinstance(imp.names, cst.ImportStar) for a in imp.names}
        if "model_config_pb2" not in bound_names:
            imports.append("from tritonclient.grpc import model_config_pb2")
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
        body[at:at] = [cst.parse_statement(text) for text in imports]
        return updated.with_changes(body=body)


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    return pyclient.run(_Status, wrapper, ctx)
