"""What to do, precisely, about a V1 use the rules left: hints the verifier adds to its residue findings.

The verifier (`triton_migrate.analysis.verify.report_residue`) names every use of
a V1 context that stays V1.  For some uses the generic advice ("keep the id in a
variable") can be made exact from the object model of the output:

- a V1 module or stub name left on a line (``grpc_service_pb2``,
  ``GRPCServiceStub``): what it is in V2, from the raw gRPC tables
  (`triton_migrate.data.grpc_v1_v2`);
- ``ctx.correlation_id()`` on a context the tool could not follow to one
  ``run()`` (contexts kept in a list, ``ctxs[i]``, handed to helpers): V2
  clients are not bound to a sequence, but the context was made for one
  correlation id.  The hint names that value (``correlation_id=base + c``), where the context is kept, and the helper parameters it reaches,
  so that a person can carry the id beside the client and pass it as
  ``sequence_id=``.

Only messages change here; nothing is converted (all-or-nothing per object
holds: the object these uses belong to stays V1 and each use keeps its
finding).
"""
from __future__ import annotations

import ast
from typing import Any, Optional

from triton_migrate.data.grpc_v1_v2 import MODULES, STUB_NAMES
from triton_migrate.data.v1_client_api import CONTEXTS

# Position of ``correlation_id`` among InferContext's positional parameters.
_CORRELATION_AT = CONTEXTS["InferContext"].params.index("correlation_id")


def _constructor(model: Any, obj: Any) -> Optional[ast.Call]:
    for call in model.calls():
        if call.lineno == obj.line and model.constructed(call) == (obj.kind, obj.cls):
            return call
    return None


def code(node: ast.AST) -> str:
    """The code of ``node``, for messages (the verifier's too)."""
    try:
        return ast.unparse(node)
    except Exception:  # noqa: BLE001 - a message only
        return "..."


def correlation_value(model: Any, obj: Any) -> Optional[str]:
    """The code of the correlation id the context ``obj`` was made with (None: not given)."""
    call = _constructor(model, obj)
    if call is None:
        return None
    given = next((k.value for k in call.keywords if k.arg == "correlation_id"), None)
    if given is None and len(call.args) > _CORRELATION_AT:
        given = call.args[_CORRELATION_AT]
    return code(given) if given is not None else None


def _kept_in(model: Any, obj: Any) -> Optional[str]:
    """The container the constructor's value is appended to or stored in (``ctxs``), when it is."""
    call = _constructor(model, obj)
    node: Any = call
    while node is not None:
        parent = model.parent.get(node)
        if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute) \
                and parent.func.attr in ("append", "insert", "put", "add") and node in parent.args:
            return code(parent.func.value)
        if isinstance(parent, (ast.List, ast.Tuple, ast.Set)) and isinstance(model.parent.get(parent), ast.Assign):
            targets = model.parent[parent].targets
            return code(targets[0]) if len(targets) == 1 else None
        if not isinstance(parent, (ast.List, ast.Tuple, ast.Set, ast.Starred)):
            return None
        node = parent
    return None


def correlation_hint(model: Any, obj: Any, use: Any) -> str:
    """A sentence for the finding at ``use`` (``ctx.correlation_id()``) of the V1 context ``obj`` (no line
    numbers: a second run over the output, where lines moved, reports the same message)."""
    value = correlation_value(model, obj)
    if value is None:
        return (f" This `{obj.cls}` was made without a correlation id: V1 answered 0 here; pass no sequence_id= "
                "in V2.")
    where = _kept_in(model, obj)
    kept = f", kept in `{where}`" if where else ""
    receiver = use.what.rsplit(".", 1)[0]
    function = model.enclosing_function(use.node)
    reached = ""
    if function is not None and any(a.arg == receiver for a in function.args.args):
        reached = f" and handed to `{function.name}()` as `{receiver}`"
    return (f" The context was made for one sequence (correlation_id=`{value}`{kept}{reached}): "
            f"keep that id beside the V2 client (e.g. a `(client, sequence_id)` pair{' in `' + where + '`' if where else ''}), "
            f"pass it where the context goes, read it here instead of `{use.what}`, and pass it as sequence_id= "
            f"to each {_sends(obj, model)}.")


def _streaming(model: Any, obj: Any) -> Optional[ast.AST]:
    """The ``streaming=`` argument the context ``obj`` was made with, when it may be true."""
    call = _constructor(model, obj)
    given = next((k.value for k in call.keywords if k.arg == "streaming"), None) if call is not None else None
    if given is None or isinstance(given, ast.Constant) and not given.value:
        return None
    return given


def stream_hint(model: Any, obj: Any, use: Any) -> str:
    """A sentence for a request method (``run``, ``async_run``, ``get_async_run_results``) left V1 on a
    streaming context: what V2 has for it."""
    if use.method not in ("run", "async_run", "get_async_run_results") or obj.cls != "InferContext":
        return ""
    given = _streaming(model, obj)
    if given is None:
        return ""
    return (f" The context streams (`streaming={code(given)}`): in V2 a stream is gRPC only and belongs to one client, "
            "so give this context a `grpcclient.InferenceServerClient` of its own, open its stream once with "
            "`client.start_stream(callback=...)` (the callback gets `(result, error)` for each response; "
            "`result.get_response().id` is the request_id sent), send with `client.async_stream_infer(model_name, "
            "inputs, outputs=outputs, request_id=..., sequence_id=..., sequence_start=..., sequence_end=...)`, and "
            "`client.stop_stream()` when done; without a stream, `client.infer(...)` sends one request at a time.")


def dict_hint(model: Any, obj: Any, use: Any) -> str:
    """A sentence for ``ctx.run(inputs, outputs, ...)`` left V1 whose inputs or outputs are not a dict display
    (a dict filled before the call, ``output_req[name] = ...``): what the tool needs to convert the call.  The
    rule's own reason is not in the report once the context rolls back whole."""
    if use.method != "run" or obj.cls != "InferContext":
        return ""
    call = use.node if isinstance(use.node, ast.Call) else model.parent.get(use.node)
    if not isinstance(call, ast.Call):
        return ""
    given = {k.arg: k.value for k in call.keywords if k.arg in ("inputs", "outputs")}
    for index, name in enumerate(("inputs", "outputs")):
        if index < len(call.args) and not isinstance(call.args[index], ast.Starred):
            given.setdefault(name, call.args[index])
    built = [f"`{code(value)}` (its {name})" for name, value in given.items() if not isinstance(value, ast.Dict)]
    if not built:
        return ""
    return (f" {' and '.join(built)} {'is a dict' if len(built) == 1 else 'are dicts'} filled before the call: the "
            "tool converts a `run()` whose inputs and outputs are dict displays at the call (`{'INPUT0': data}`, "
            "`{'OUTPUT0': InferContext.ResultFormat.RAW}`), so build the V2 `InferInput` / `InferRequestedOutput` "
            "lists where the dict is filled.")


def _sends(obj: Any, model: Any) -> str:
    """The V2 calls a request of the context ``obj`` becomes: on its own stream when it streams."""
    call = _constructor(model, obj)
    streaming = next((k.value for k in call.keywords if k.arg == "streaming"), None) if call is not None else None
    if isinstance(streaming, ast.Constant) and streaming.value is True:
        return ("async_stream_infer() of that sequence, on the client's own stream (a streaming context: one V2 "
                "client and one start_stream() per context)")
    return "infer() / async_infer() of that sequence"


# A V1 module or stub name left on a line -> what it is in V2 (the raw gRPC tables).
_MOVES = {**{m.v1.rpartition(".")[2]: m.message for m in MODULES}, **{n.v1: n.message for n in STUB_NAMES}}


def name_hint(name: str) -> str:
    """A sentence for a residue line that names ``name``: its V2 counterpart, when the raw gRPC tables
    know one (``grpc_service_pb2``, ``GRPCServiceStub`` ...)."""
    move = _MOVES.get(name)
    return f" {move}" if move else ""


__all__ = ["code", "correlation_hint", "correlation_value", "name_hint", "stream_hint"]
