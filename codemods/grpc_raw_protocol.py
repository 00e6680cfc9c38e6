"""Move raw V1 gRPC code (`grpc_service_pb2`, `GRPCServiceStub`) to the V2 service, and report what changed shape.

## What it does
For code that uses the generated V1 modules directly, from
`tensorrtserver.api` or as bare `grpc_service_pb2` / `grpc_service_pb2_grpc`
modules next to the code (bare modules count only when the file uses a
V1-only name such as `GRPCServiceStub` or `HealthRequest`):

* rewrites the imports to `tritonclient.grpc.service_pb2` /
  `service_pb2_grpc` / `model_config_pb2`;
* rewrites `GRPCServiceStub` to `GRPCInferenceServiceStub`;
* rewrites `stub.Health(HealthRequest(mode="live"))` to
  `stub.ServerLive(ServerLiveRequest())` (`ready` to `ServerReady`), and
  `.health` on its answer to `.live` / `.ready` when the answer is kept in one
  variable;
* rewrites `stub.ModelControl(ModelControlRequest(model_name=m, type=...LOAD))`
  to `stub.RepositoryModelLoad(RepositoryModelLoadRequest(model_name=m))`
  (`UNLOAD` likewise), and `stub.Repository(RepositoryRequest(index=True))` to
  `stub.RepositoryIndex(RepositoryIndexRequest())`;
* reports every other V1 message (`InferRequest` with `meta_data` and
  `raw_input`, `StatusRequest`, `SharedMemoryControlRequest`, ...),
  `StreamInfer`, and `request_status` checks, with the V2 way from
  `triton_migrate/data/grpc_v1_v2.py`.

Only names resolved to the V1 modules (imports, aliases, star imports) are
touched.

## Why
A V2 server serves `inference.GRPCInferenceService`; every call of the V1
service `nvidia.inferenceserver.GRPCService` fails with `UNIMPLEMENTED`.

## Example
```python
# before
from tensorrtserver.api import grpc_service_pb2, grpc_service_pb2_grpc
stub = grpc_service_pb2_grpc.GRPCServiceStub(channel)
live = stub.Health(grpc_service_pb2.HealthRequest(mode="live")).health
# after
from tritonclient.grpc import service_pb2 as grpc_service_pb2, service_pb2_grpc as grpc_service_pb2_grpc
stub = grpc_service_pb2_grpc.GRPCInferenceServiceStub(channel)
live = stub.ServerLive(grpc_service_pb2.ServerLiveRequest()).live
```
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedNameProvider, ScopeProvider

from triton_migrate.data.grpc_v1_v2 import MESSAGES, MODULES, RPCS, STUB_NAMES, MessageMove
from triton_migrate.v1client.rename import ModuleRenamer
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Raw V1 gRPC (grpc_service_pb2, GRPCServiceStub): rewrite modules, stub, Health, ModelControl, Repository; report Infer/Status/shm",
    carriers=("python", "notebook"),
    fix="review",
    needles=(b"grpc_service_pb2",),
    order=30,
    doc=__doc__ or "",
)

SERVICE = "tritonclient.grpc.service_pb2"
SERVICE_GRPC = "tritonclient.grpc.service_pb2_grpc"
RENAMES: dict[str, str] = {m.v1: m.v2 for m in MODULES if m.action == "rename" and m.v2}
BARE: dict[str, str] = {
    "grpc_service_pb2": SERVICE,
    "grpc_service_pb2_grpc": SERVICE_GRPC,
    **{f"grpc_service_pb2_grpc.{n.v1}": f"{SERVICE_GRPC}.{n.v2}" for n in STUB_NAMES if n.action == "rename"},
}
STUBS = {n.v1: n for n in STUB_NAMES}
# ``from ..._grpc import GRPCServiceStub`` becomes ``import GRPCInferenceServiceStub as GRPCServiceStub``.
for _stub in STUB_NAMES:
    if _stub.action == "rename":
        RENAMES[f"tensorrtserver.api.grpc_service_pb2_grpc.{_stub.v1}"] = f"{SERVICE_GRPC}.{_stub.v2}"
# Names only V1 has: their presence proves that a bare grpc_service_pb2 is the V1 one.
V1_ONLY = frozenset({"GRPCServiceStub", "HealthRequest", "StatusRequest", "InferRequest", "ModelControlRequest",
                     "SharedMemoryControlRequest", "RepositoryRequest", "add_GRPCServiceServicer_to_server"})
_MESSAGES: dict[str, list[MessageMove]] = {}
for _move in MESSAGES:
    _MESSAGES.setdefault(_move.v1, []).append(_move)
_HEALTH = {"live": ("ServerLive", "ServerLiveRequest", "live"), "ready": ("ServerReady", "ServerReadyRequest", "ready")}
_CONTROL = {"LOAD": ("RepositoryModelLoad", "RepositoryModelLoadRequest"),
            "UNLOAD": ("RepositoryModelUnload", "RepositoryModelUnloadRequest")}
_RPC_REPORT = {r.v1: r.message for r in RPCS if r.when is None}


def _generic(name: str) -> MessageMove | None:
    moves = _MESSAGES.get(name, [])
    return next((m for m in moves if m.when is None), moves[0] if moves else None)


class _V2Names(cst.CSTTransformer):
    """Second pass: the imports already point at V2 modules; fix or report V1-only names."""

    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider)

    def __init__(self, ctx: FileContext, star: set[str]) -> None:
        super().__init__()
        self.ctx = ctx
        self.star = star
        self.health_results: dict[str, str] = {}  # variable -> new field
        self.handled: set[int] = set()
        self.plans: dict[int, tuple[str, str, tuple[str, ...]]] = {}

    def _where(self, node: cst.CSTNode) -> dict[str, int]:
        rng = self.get_metadata(PositionProvider, node)
        return {"line": rng.start.line, "column": rng.start.column, "end_line": rng.end.line, "end_column": rng.end.column}

    def _name(self, node: cst.CSTNode) -> tuple[str, str] | None:
        """(module, member) when ``node`` resolves to a member of a V2 service module."""
        try:
            names = {q.name for q in self.get_metadata(QualifiedNameProvider, node, set())}
        except KeyError:
            names = set()
        if not names and isinstance(node, cst.Name) and self.star:
            scope = self.get_metadata(ScopeProvider, node, None)
            if scope is not None and node.value not in scope:
                names = {f"{m}.{node.value}" for m in self.star}
        for name in names:
            module, _, member = name.rpartition(".")
            if module in (SERVICE, SERVICE_GRPC):
                return module, member
        return None

    def _member(self, node: cst.BaseExpression) -> str | None:
        found = self._name(node)
        return found[1] if found else None

    def _rename_member(self, node: cst.Name | cst.Attribute, new: str) -> cst.BaseExpression:
        if isinstance(node, cst.Attribute):
            return node.with_changes(attr=cst.Name(new))
        return node.with_changes(value=new)

    # GRPCServiceStub and other stub-module names
    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        found = self._name(original)
        if found and found[1] in STUBS and id(original) not in self.handled:
            move = STUBS[found[1]]
            if move.action == "rename":
                if self.ctx.report(**self._where(original), severity="info", applied=True, v1=move.v1, replacement=move.v2,
                                   message=move.message):
                    return updated.with_changes(attr=cst.Name(move.v2))
                return updated
            self.ctx.report(**self._where(original), severity="warning", v1=move.v1, replacement=move.v2, message=move.message)
            return updated
        if found and found[1] in _MESSAGES and id(original) not in self.handled:
            self._report_message(original, found[1])
        if original.attr.value == "health" and isinstance(updated.value, cst.Call) \
                and isinstance(updated.value.func, cst.Attribute) and updated.value.func.attr.value in ("ServerLive", "ServerReady") \
                and isinstance(original.value, cst.Call) and isinstance(original.value.func, cst.Attribute) \
                and original.value.func.attr.value == "Health":
            new = "live" if updated.value.func.attr.value == "ServerLive" else "ready"
            if self.ctx.report(**self._where(original), severity="info", applied=True, v1=".health", replacement=f".{new}",
                               message=f"the V2 answer has `.{new}` instead of `.health`"):
                return updated.with_changes(attr=cst.Name(new))
        if original.attr.value == "health" and isinstance(original.value, cst.Name) \
                and original.value.value in self.health_results:
            new = self.health_results[original.value.value]
            if self.ctx.report(**self._where(original), severity="info", applied=True, v1=".health", replacement=f".{new}",
                               message=f"the V2 answer has `.{new}` instead of `.health`"):
                return updated.with_changes(attr=cst.Name(new))
        if original.attr.value == "request_status":
            self.ctx.report(**self._where(original), severity="warning", v1="request_status",
                            replacement="except grpc.RpcError as error: error.code()",
                            message="V2 answers have no request_status: a failed call raises grpc.RpcError with a gRPC "
                                    "status code (check error.code() instead of request_status.code)")
        return updated

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        if id(original) in self.handled:
            return updated
        member = self._member(original)
        if member in _MESSAGES and self.ctx is not None:
            # an imported name: the import itself is reported by the module rename; uses are reported here
            self._report_message(original, member)
        return updated

    def _report_message(self, node: cst.CSTNode, name: str) -> None:
        move = _generic(name)
        if move is None or (move.action == "rename" and name not in ("HealthRequest", "ModelControlRequest", "RepositoryRequest")):
            return
        if name in ("HealthResponse", "ModelControlResponse", "RepositoryResponse"):
            return
        self.handled.add(id(node))
        self.ctx.report(**self._where(node), severity="warning", v1=name, replacement=" / ".join(move.v2) or None,
                        message=move.message)

    # RPC calls: decided before the children are visited, applied when leaving
    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute) or len(node.args) != 1 or node.args[0].keyword:
            return
        request = node.args[0].value
        if not isinstance(request, cst.Call):
            return
        message = self._member(request.func)
        if message is None:
            return
        plan = self._rewrite_rpc(func.attr.value, message, request, node)
        if plan is None:
            rpc = func.attr.value
            if rpc in ("Infer", "StreamInfer", "Status", "SharedMemoryControl") and message in _MESSAGES:
                self.ctx.report(**self._where(func.attr), severity="warning", v1=rpc, message=_RPC_REPORT[rpc])
            return
        new_rpc, new_message, _ = plan
        if self.ctx.report(**self._where(node), severity="info", applied=True, v1=f"{func.attr.value}({message})",
                           replacement=f"{new_rpc}({new_message})",
                           message=f"V1 `{func.attr.value}({message}(...))` is `{new_rpc}({new_message}(...))` in V2"):
            self.plans[id(node)] = plan
            self._mark(request)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        plan = self.plans.get(id(original))
        if plan is None:
            return updated
        new_rpc, new_message, keep = plan
        updated_request = updated.args[0].value
        assert isinstance(updated_request, cst.Call)
        new_func = self._rename_member(updated_request.func, new_message)  # type: ignore[arg-type]
        args = [a for a in updated_request.args if a.keyword and a.keyword.value in keep]
        if args:
            args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        new_request = updated_request.with_changes(func=new_func, args=args)
        return updated.with_changes(func=updated.func.with_changes(attr=cst.Name(new_rpc)),  # type: ignore[attr-defined]
                                    args=[updated.args[0].with_changes(value=new_request)])

    def _mark(self, node: cst.CSTNode) -> None:
        class Marker(cst.CSTVisitor):
            def on_visit(inner, n: cst.CSTNode) -> bool:  # noqa: N805
                self.handled.add(id(n))
                return True
        node.visit(Marker())

    def _keywords(self, request: cst.Call) -> dict[str, cst.BaseExpression] | None:
        if any(a.keyword is None or a.star for a in request.args):
            return None
        return {a.keyword.value: a.value for a in request.args if a.keyword}

    def _rewrite_rpc(self, rpc: str, message: str, request: cst.Call, call: cst.Call) -> tuple[str, str, tuple[str, ...]] | None:
        keywords = self._keywords(request)
        if keywords is None:
            return None
        if rpc == "Health" and message == "HealthRequest" and set(keywords) == {"mode"}:
            mode = keywords["mode"]
            value = mode.evaluated_value if isinstance(mode, cst.SimpleString) else None
            if value in _HEALTH:
                new_rpc, new_message, field = _HEALTH[value]  # type: ignore[index]
                self._pending_health = field
                return new_rpc, new_message, ()
        if rpc == "ModelControl" and message == "ModelControlRequest" and set(keywords) == {"model_name", "type"}:
            kind = keywords["type"]
            if isinstance(kind, cst.Attribute) and kind.attr.value in _CONTROL \
                    and self._member(kind.value) == "ModelControlRequest":
                new_rpc, new_message = _CONTROL[kind.attr.value]
                return new_rpc, new_message, ("model_name",)
        if rpc == "Repository" and message == "RepositoryRequest" and set(keywords) == {"index"}:
            flag = keywords["index"]
            if isinstance(flag, cst.Name) and flag.value == "True":
                return "RepositoryIndex", "RepositoryIndexRequest", ()
        return None

    _pending_health: str | None = None

    def visit_Assign(self, node: cst.Assign) -> None:
        self._pending_health = None
        self._in_assign = node

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        if self._pending_health and len(original.targets) == 1 and isinstance(original.targets[0].target, cst.Name) \
                and isinstance(original.value, cst.Call):
            self.health_results[original.targets[0].target.value] = self._pending_health
        self._pending_health = None
        return updated


def _bare_v1(module: cst.Module, code: str) -> bool:
    return any(re.search(rf"\b{name}\b", code) for name in V1_ONLY)


def _star_modules(module: cst.Module) -> set[str]:
    found = set()
    for stmt in module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.ImportFrom) and isinstance(small.names, cst.ImportStar) and small.module:
                    name = get_full_name_for_node(small.module) or ""
                    if name in (SERVICE, SERVICE_GRPC):
                        found.add(name)
    return found


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    renames = dict(RENAMES)
    if _bare_v1(wrapper.module, wrapper.module.code):
        renames.update(BARE)
    module = wrapper.visit(ModuleRenamer(ctx, renames, what="module"))
    if module.code != wrapper.module.code:
        ctx.set_current(module.code)
        module = cst.parse_module(module.code)
    if "service_pb2" not in module.code:
        return module
    return MetadataWrapper(module).visit(_V2Names(ctx, _star_modules(module)))
