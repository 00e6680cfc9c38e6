"""V1 gRPC service ``nvidia.inferenceserver.GRPCService`` -> V2 ``inference.GRPCInferenceService``.

Data only. Sources: spec section 4 (RPCs, messages), section 3 (the
InferRequestHeader fields) and section 5.3 (modules). Every V1 name below is
checked against ``protos/v1`` (itself checked field for field against the
tensorrtserver 1.11.0 wheel) and every V2 name against the installed
``tritonclient`` by ``tests/test_protos.py``.

Names of messages are relative to their proto package and use dots for nested
messages (``SharedMemoryControlRequest.Register``). Field paths use dots to go
through message fields (``meta_data.input.dims``).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

# "rename": the V2 name is a drop-in replacement, a codemod may rewrite it;
# "report": the V2 equivalent works differently; record a finding with `message`.
Action = Literal["rename", "report"]

V1_PACKAGE = "nvidia.inferenceserver"
V1_SERVICE = "GRPCService"
V2_PACKAGE = "inference"
V2_SERVICE = "GRPCInferenceService"
# Method paths as they appear in raw channel calls, e.g. channel.unary_unary(path).
V1_METHOD_PREFIX = f"/{V1_PACKAGE}.{V1_SERVICE}/"
V2_METHOD_PREFIX = f"/{V2_PACKAGE}.{V2_SERVICE}/"

# (V1 request message, field path or oneof name, value): the V1 request
# content that selects an entry. Enum values are given by name, a oneof by the
# name of its set member, strings by their text.
Selector = tuple[str, str, str]


@dataclass(frozen=True)
class ModuleMove:
    """A V1 generated module and the V2 module that replaces it (None: none does)."""

    v1: str
    v2: str | None
    action: Action
    message: str


@dataclass(frozen=True)
class NameMove:
    """A top-level name of ``grpc_service_pb2_grpc`` and its V2 name."""

    v1: str
    v2: str
    action: Action
    message: str


@dataclass(frozen=True)
class RpcMove:
    """A V1 RPC and the V2 RPC(s) that take over.

    When the V2 RPC depends on the request, there is one entry per selector
    value plus one entry with ``when=None`` for when the value is not known.
    """

    v1: str
    v2: tuple[str, ...]
    action: Action
    message: str
    when: Selector | None = None


@dataclass(frozen=True)
class MessageMove:
    """A V1 message and the V2 message(s) that take over (empty: none does).

    ``fields`` maps V1 field paths to the V2 field path, which exists in every
    V2 target, or to None when the field has no V2 counterpart: a codemod drops
    a None field that is the ``when`` selector and records a finding for any
    other use of it. ``when`` works as in :class:`RpcMove`.
    """

    v1: str
    v2: tuple[str, ...]
    action: Action
    message: str
    when: Selector | None = None
    fields: Mapping[str, str | None] = field(default_factory=dict)


_NO_REQUEST_STATUS = (
    "V2 has no request_status: a failed call raises grpc.RpcError with a gRPC status code."
)

MODULES: tuple[ModuleMove, ...] = (
    ModuleMove(
        "tensorrtserver.api.grpc_service_pb2", "tritonclient.grpc.service_pb2", "rename",
        "tensorrtserver.api.grpc_service_pb2 is tritonclient.grpc.service_pb2 in V2; "
        "its messages changed (see the findings on each message).",
    ),
    ModuleMove(
        "tensorrtserver.api.grpc_service_pb2_grpc", "tritonclient.grpc.service_pb2_grpc",
        "rename",
        "tensorrtserver.api.grpc_service_pb2_grpc is tritonclient.grpc.service_pb2_grpc in V2; "
        "the service is GRPCInferenceService with different RPCs.",
    ),
    ModuleMove(
        "tensorrtserver.api.model_config_pb2", "tritonclient.grpc.model_config_pb2", "rename",
        "tensorrtserver.api.model_config_pb2 is tritonclient.grpc.model_config_pb2 in V2; "
        "every V1 message, field and enum value is still there with the same number.",
    ),
    ModuleMove(
        "tensorrtserver.api.api_pb2", None, "report",
        "tensorrtserver.api.api_pb2 has no V2 module: InferRequestHeader and "
        "InferResponseHeader became fields of ModelInferRequest and ModelInferResponse "
        "in tritonclient.grpc.service_pb2 (or use InferInput and InferRequestedOutput "
        "of tritonclient.grpc).",
    ),
    ModuleMove(
        "tensorrtserver.api.request_status_pb2", None, "report",
        "tensorrtserver.api.request_status_pb2 has no V2 module: " + _NO_REQUEST_STATUS,
    ),
    ModuleMove(
        "tensorrtserver.api.server_status_pb2", None, "report",
        "tensorrtserver.api.server_status_pb2 has no V2 module: server and model status "
        "come from ServerMetadata, ModelMetadata, ModelConfig, ModelStatistics, ModelReady "
        "and RepositoryIndex in tritonclient.grpc.service_pb2.",
    ),
)

# Top-level names of grpc_service_pb2_grpc.
STUB_NAMES: tuple[NameMove, ...] = (
    NameMove(
        "GRPCServiceStub", "GRPCInferenceServiceStub", "rename",
        "GRPCServiceStub is GRPCInferenceServiceStub in V2; it takes the same channel, "
        "its methods are the V2 RPCs.",
    ),
    NameMove(
        "GRPCServiceServicer", "GRPCInferenceServiceServicer", "report",
        "GRPCServiceServicer is GRPCInferenceServiceServicer in V2, which has other RPC "
        "methods and messages: the servicer must be rewritten.",
    ),
    NameMove(
        "add_GRPCServiceServicer_to_server", "add_GRPCInferenceServiceServicer_to_server",
        "rename",
        "add_GRPCServiceServicer_to_server is add_GRPCInferenceServiceServicer_to_server "
        "in V2.",
    ),
)

_SHM_RPCS = (
    "SystemSharedMemoryRegister", "CudaSharedMemoryRegister",
    "SystemSharedMemoryUnregister", "CudaSharedMemoryUnregister",
    "SystemSharedMemoryStatus", "CudaSharedMemoryStatus",
)
_STATUS_RPCS = (
    "ServerMetadata", "ModelMetadata", "ModelConfig", "ModelStatistics", "ModelReady",
    "RepositoryIndex",
)
_SHM = "SharedMemoryControlRequest"
_REPOSITORY_INDEX: Selector = ("RepositoryRequest", "request_type", "index")

RPCS: tuple[RpcMove, ...] = (
    RpcMove(
        "Status", _STATUS_RPCS, "report",
        "V1 Status has no single V2 RPC: use ServerMetadata (name, version, extensions), "
        "ModelMetadata and ModelConfig (inputs, outputs, configuration), ModelStatistics, "
        "ModelReady or RepositoryIndex (model states). Uptime, the server ready state and "
        "the per-RPC statistics have no V2 equivalent.",
    ),
    RpcMove(
        "Health", ("ServerLive",), "rename",
        'Health(mode="live") is ServerLive(ServerLiveRequest()) in V2; the answer is in '
        ".live instead of .health.",
        when=("HealthRequest", "mode", "live"),
    ),
    RpcMove(
        "Health", ("ServerReady",), "rename",
        'Health(mode="ready") is ServerReady(ServerReadyRequest()) in V2; the answer is in '
        ".ready instead of .health.",
        when=("HealthRequest", "mode", "ready"),
    ),
    RpcMove(
        "Health", ("ServerLive", "ServerReady"), "report",
        'V1 Health with a mode that is not known to be "live" or "ready": call ServerLive '
        "(answer in .live) or ServerReady (answer in .ready) in V2.",
    ),
    RpcMove(
        "Infer", ("ModelInfer",), "report",
        "Infer is ModelInfer in V2 but the request changed shape: model_version is a "
        "string; the InferRequestHeader in meta_data is replaced by id, parameters "
        "(sequence_id, sequence_start, sequence_end, priority, timeout), inputs "
        "(name, datatype, shape including the batch dimension) and outputs; raw_input "
        "is raw_input_contents. Consider tritonclient.grpc.InferenceServerClient.infer().",
    ),
    RpcMove(
        "StreamInfer", ("ModelStreamInfer",), "report",
        "StreamInfer is ModelStreamInfer in V2: requests are ModelInferRequest (see Infer) "
        "and each response is a ModelStreamInferResponse with error_message and "
        "infer_response. Consider start_stream(), async_stream_infer() and stop_stream() "
        "of tritonclient.grpc.InferenceServerClient.",
    ),
    RpcMove(
        "ModelControl", ("RepositoryModelLoad",), "rename",
        "ModelControl(type=LOAD) is RepositoryModelLoad(RepositoryModelLoadRequest("
        "model_name=...)) in V2.",
        when=("ModelControlRequest", "type", "LOAD"),
    ),
    RpcMove(
        "ModelControl", ("RepositoryModelUnload",), "rename",
        "ModelControl(type=UNLOAD) is RepositoryModelUnload(RepositoryModelUnloadRequest("
        "model_name=...)) in V2.",
        when=("ModelControlRequest", "type", "UNLOAD"),
    ),
    RpcMove(
        "ModelControl", ("RepositoryModelLoad", "RepositoryModelUnload"), "report",
        "V1 ModelControl with a type that is not known to be LOAD or UNLOAD: call "
        "RepositoryModelLoad or RepositoryModelUnload in V2.",
    ),
    RpcMove(
        "SharedMemoryControl", ("SystemSharedMemoryRegister", "CudaSharedMemoryRegister"),
        "report",
        "SharedMemoryControl(register=...) is SystemSharedMemoryRegister(name, key, offset, "
        "byte_size) for a system region or CudaSharedMemoryRegister(name, raw_handle, "
        "device_id, byte_size) for a CUDA region in V2.",
        when=(_SHM, "shared_memory_control", "register"),
    ),
    RpcMove(
        "SharedMemoryControl", ("SystemSharedMemoryUnregister", "CudaSharedMemoryUnregister"),
        "report",
        "SharedMemoryControl(unregister=...) is SystemSharedMemoryUnregister or "
        "CudaSharedMemoryUnregister in V2: the caller must know the type of the region.",
        when=(_SHM, "shared_memory_control", "unregister"),
    ),
    RpcMove(
        "SharedMemoryControl", ("SystemSharedMemoryUnregister", "CudaSharedMemoryUnregister"),
        "report",
        "SharedMemoryControl(unregister_all=...) is two calls in V2: "
        'SystemSharedMemoryUnregister(name="") and CudaSharedMemoryUnregister(name="").',
        when=(_SHM, "shared_memory_control", "unregister_all"),
    ),
    RpcMove(
        "SharedMemoryControl", ("SystemSharedMemoryStatus", "CudaSharedMemoryStatus"),
        "report",
        "SharedMemoryControl(status=...) is two calls in V2: SystemSharedMemoryStatus and "
        "CudaSharedMemoryStatus, each answering with a map of regions by name.",
        when=(_SHM, "shared_memory_control", "status"),
    ),
    RpcMove(
        "SharedMemoryControl", _SHM_RPCS, "report",
        "V1 SharedMemoryControl is split in V2 into SystemSharedMemory{Register,Unregister,"
        "Status} and CudaSharedMemory{Register,Unregister,Status}.",
    ),
    RpcMove(
        "Repository", ("RepositoryIndex",), "rename",
        "Repository(index=True) is RepositoryIndex(RepositoryIndexRequest()) in V2; the "
        "answer lists the models in .models (name, version, state, reason) instead of "
        ".index.models.",
        when=_REPOSITORY_INDEX,
    ),
    RpcMove(
        "Repository", ("RepositoryIndex",), "report",
        "V1 Repository without index=True known: the only V2 repository listing is "
        "RepositoryIndex(RepositoryIndexRequest()), answering in .models.",
    ),
)

_INFER_HEADER_FIELDS: dict[str, str | None] = {
    "id": "id",
    "flags": "parameters",
    "correlation_id": "parameters",
    "batch_size": None,
    "input": "inputs",
    "input.name": "inputs.name",
    "input.dims": "inputs.shape",
    "input.batch_byte_size": None,
    "input.shared_memory": "inputs.parameters",
    "output": "outputs",
    "output.name": "outputs.name",
    "output.cls": "outputs.parameters",
    "output.cls.count": "outputs.parameters",
    "output.shared_memory": "outputs.parameters",
}
_INFER_HEADER_MESSAGE = (
    "In V2: id is a string; flags become the parameters sequence_start and "
    "sequence_end, correlation_id the parameter sequence_id; batch_size is the first "
    "dimension of each input shape (for models with max_batch_size > 0); each input "
    "needs a datatype and its full shape; shared memory and the class count are "
    "parameters (shared_memory_region, shared_memory_offset, shared_memory_byte_size, "
    "classification)."
)
_INFER_RESPONSE_FIELDS: dict[str, str | None] = {
    "id": "id",
    "model_name": "model_name",
    "model_version": "model_version",
    "batch_size": None,
    "output": "outputs",
    "output.name": "outputs.name",
    "output.raw": None,
    "output.raw.dims": "outputs.shape",
    "output.raw.batch_byte_size": None,
    "output.batch_classes": None,
}
_INFER_RESPONSE_MESSAGE = (
    "In V2: model_version is a string; each output has a datatype and its full shape "
    "(including the batch dimension); a classification output is a BYTES tensor of "
    '"<value>:<index>[:<label>]" strings.'
)


_REPOSITORY_RESPONSE_FIELDS: dict[str, str | None] = {
    "request_status": None,
    "index": None,
    "index.models": "models",
    "index.models.name": "models.name",
}


def _prefixed(prefix: str, fields: Mapping[str, str | None]) -> dict[str, str | None]:
    return {f"{prefix}.{k}": v for k, v in fields.items()}


MESSAGES: tuple[MessageMove, ...] = (
    # grpc_service.proto
    MessageMove(
        "StatusRequest", tuple(f"{rpc}Request" for rpc in _STATUS_RPCS), "report",
        "StatusRequest has no single V2 message: ServerMetadataRequest, "
        "ModelMetadataRequest(name=...), ModelConfigRequest(name=...), "
        "ModelStatisticsRequest(name=...), ModelReadyRequest(name=...) or "
        "RepositoryIndexRequest, by what the status was read for.",
    ),
    MessageMove(
        "StatusResponse", tuple(f"{rpc}Response" for rpc in _STATUS_RPCS), "report",
        "StatusResponse has no single V2 message: the server status is spread over the "
        "answers of ServerMetadata, ModelMetadata, ModelConfig, ModelStatistics, "
        "ModelReady and RepositoryIndex. " + _NO_REQUEST_STATUS,
    ),
    MessageMove(
        "HealthRequest", ("ServerLiveRequest",), "rename",
        'HealthRequest(mode="live") is ServerLiveRequest() in V2.',
        when=("HealthRequest", "mode", "live"), fields={"mode": None},
    ),
    MessageMove(
        "HealthRequest", ("ServerReadyRequest",), "rename",
        'HealthRequest(mode="ready") is ServerReadyRequest() in V2.',
        when=("HealthRequest", "mode", "ready"), fields={"mode": None},
    ),
    MessageMove(
        "HealthRequest", ("ServerLiveRequest", "ServerReadyRequest"), "report",
        'HealthRequest with a mode that is not known to be "live" or "ready": use '
        "ServerLiveRequest or ServerReadyRequest in V2.",
    ),
    MessageMove(
        "HealthResponse", ("ServerLiveResponse",), "rename",
        "For live, HealthResponse is ServerLiveResponse in V2: .health is .live.",
        when=("HealthRequest", "mode", "live"),
        fields={"health": "live", "request_status": None},
    ),
    MessageMove(
        "HealthResponse", ("ServerReadyResponse",), "rename",
        "For ready, HealthResponse is ServerReadyResponse in V2: .health is .ready.",
        when=("HealthRequest", "mode", "ready"),
        fields={"health": "ready", "request_status": None},
    ),
    MessageMove(
        "HealthResponse", ("ServerLiveResponse", "ServerReadyResponse"), "report",
        "HealthResponse is ServerLiveResponse (.live) or ServerReadyResponse (.ready) in "
        "V2. " + _NO_REQUEST_STATUS,
    ),
    MessageMove(
        "ModelControlRequest", ("RepositoryModelLoadRequest",), "rename",
        "ModelControlRequest(type=LOAD) is RepositoryModelLoadRequest(model_name=...) in V2.",
        when=("ModelControlRequest", "type", "LOAD"),
        fields={"model_name": "model_name", "type": None},
    ),
    MessageMove(
        "ModelControlRequest", ("RepositoryModelUnloadRequest",), "rename",
        "ModelControlRequest(type=UNLOAD) is RepositoryModelUnloadRequest(model_name=...) "
        "in V2.",
        when=("ModelControlRequest", "type", "UNLOAD"),
        fields={"model_name": "model_name", "type": None},
    ),
    MessageMove(
        "ModelControlRequest", ("RepositoryModelLoadRequest", "RepositoryModelUnloadRequest"),
        "report",
        "ModelControlRequest with a type that is not known to be LOAD or UNLOAD: use "
        "RepositoryModelLoadRequest or RepositoryModelUnloadRequest in V2.",
        fields={"model_name": "model_name", "type": None},
    ),
    MessageMove(
        "ModelControlResponse", ("RepositoryModelLoadResponse",), "rename",
        "For LOAD, ModelControlResponse is the empty RepositoryModelLoadResponse in V2.",
        when=("ModelControlRequest", "type", "LOAD"), fields={"request_status": None},
    ),
    MessageMove(
        "ModelControlResponse", ("RepositoryModelUnloadResponse",), "rename",
        "For UNLOAD, ModelControlResponse is the empty RepositoryModelUnloadResponse in V2.",
        when=("ModelControlRequest", "type", "UNLOAD"), fields={"request_status": None},
    ),
    MessageMove(
        "ModelControlResponse", ("RepositoryModelLoadResponse", "RepositoryModelUnloadResponse"),
        "report",
        "ModelControlResponse is RepositoryModelLoadResponse or "
        "RepositoryModelUnloadResponse (both empty) in V2. " + _NO_REQUEST_STATUS,
        fields={"request_status": None},
    ),
    MessageMove(
        _SHM, tuple(f"{rpc}Request" for rpc in _SHM_RPCS), "report",
        "SharedMemoryControlRequest is split in V2 into SystemSharedMemory"
        "{Register,Unregister,Status}Request and CudaSharedMemory"
        "{Register,Unregister,Status}Request, with flat fields.",
    ),
    MessageMove(
        f"{_SHM}.Register", ("SystemSharedMemoryRegisterRequest",), "report",
        "A system-memory Register is SystemSharedMemoryRegisterRequest(name, key, offset, "
        "byte_size) in V2, sent by the SystemSharedMemoryRegister RPC.",
        when=(f"{_SHM}.Register", "shared_memory_types", "system_shared_memory"),
        fields={
            "name": "name",
            "system_shared_memory": None,
            "system_shared_memory.shared_memory_key": "key",
            "system_shared_memory.offset": "offset",
            "byte_size": "byte_size",
        },
    ),
    MessageMove(
        f"{_SHM}.Register", ("CudaSharedMemoryRegisterRequest",), "report",
        "A CUDA Register is CudaSharedMemoryRegisterRequest(name, raw_handle, device_id, "
        "byte_size) in V2, sent by the CudaSharedMemoryRegister RPC.",
        when=(f"{_SHM}.Register", "shared_memory_types", "cuda_shared_memory"),
        fields={
            "name": "name",
            "cuda_shared_memory": None,
            "cuda_shared_memory.raw_handle": "raw_handle",
            "cuda_shared_memory.device_id": "device_id",
            "byte_size": "byte_size",
        },
    ),
    MessageMove(
        f"{_SHM}.Register",
        ("SystemSharedMemoryRegisterRequest", "CudaSharedMemoryRegisterRequest"), "report",
        "Register is SystemSharedMemoryRegisterRequest (system region) or "
        "CudaSharedMemoryRegisterRequest (CUDA region) in V2.",
        fields={"name": "name", "byte_size": "byte_size"},
    ),
    MessageMove(
        f"{_SHM}.Unregister",
        ("SystemSharedMemoryUnregisterRequest", "CudaSharedMemoryUnregisterRequest"), "report",
        "Unregister is SystemSharedMemoryUnregisterRequest or "
        "CudaSharedMemoryUnregisterRequest in V2: the caller must know the type of the "
        "region.",
        fields={"name": "name"},
    ),
    MessageMove(
        f"{_SHM}.UnregisterAll",
        ("SystemSharedMemoryUnregisterRequest", "CudaSharedMemoryUnregisterRequest"), "report",
        'UnregisterAll is two V2 requests: SystemSharedMemoryUnregisterRequest(name="") '
        'and CudaSharedMemoryUnregisterRequest(name="").',
    ),
    MessageMove(
        f"{_SHM}.Status",
        ("SystemSharedMemoryStatusRequest", "CudaSharedMemoryStatusRequest"), "report",
        "Status is two V2 requests: SystemSharedMemoryStatusRequest and "
        "CudaSharedMemoryStatusRequest.",
    ),
    MessageMove(
        "SharedMemoryControlResponse", tuple(f"{rpc}Response" for rpc in _SHM_RPCS), "report",
        "SharedMemoryControlResponse is the answer of one of the six V2 shared-memory RPCs; "
        "only the Status ones carry data (regions, a map by region name). "
        + _NO_REQUEST_STATUS,
    ),
    MessageMove(
        "InferRequest", ("ModelInferRequest",), "report",
        "InferRequest is ModelInferRequest in V2, with another shape: the header in "
        "meta_data is gone and its content moved to the request itself. "
        + _INFER_HEADER_MESSAGE,
        fields={
            "model_name": "model_name",
            "model_version": "model_version",
            "meta_data": None,
            **_prefixed("meta_data", _INFER_HEADER_FIELDS),
            "raw_input": "raw_input_contents",
        },
    ),
    MessageMove(
        "InferResponse", ("ModelInferResponse",), "report",
        "InferResponse is ModelInferResponse in V2 (wrapped in "
        "ModelStreamInferResponse.infer_response on a stream), with another shape: the "
        "header in meta_data is gone and its content moved to the response itself. "
        + _INFER_RESPONSE_MESSAGE + " " + _NO_REQUEST_STATUS,
        fields={
            "request_status": None,
            "meta_data": None,
            **_prefixed("meta_data", _INFER_RESPONSE_FIELDS),
            "raw_output": "raw_output_contents",
        },
    ),
    MessageMove(
        "RepositoryRequest", ("RepositoryIndexRequest",), "rename",
        "RepositoryRequest(index=True) is RepositoryIndexRequest() in V2.",
        when=_REPOSITORY_INDEX, fields={"index": None},
    ),
    MessageMove(
        "RepositoryRequest", ("RepositoryIndexRequest",), "report",
        "RepositoryRequest without index=True known: use RepositoryIndexRequest() in V2.",
        fields={"index": None},
    ),
    MessageMove(
        "RepositoryResponse", ("RepositoryIndexResponse",), "rename",
        "RepositoryResponse is RepositoryIndexResponse in V2: .index.models is .models.",
        when=_REPOSITORY_INDEX, fields=_REPOSITORY_RESPONSE_FIELDS,
    ),
    MessageMove(
        "RepositoryResponse", ("RepositoryIndexResponse",), "report",
        "RepositoryResponse is RepositoryIndexResponse in V2: .index.models is .models. "
        + _NO_REQUEST_STATUS,
        fields=_REPOSITORY_RESPONSE_FIELDS,
    ),
    # api.proto
    MessageMove(
        "InferRequestHeader", ("ModelInferRequest",), "report",
        "InferRequestHeader has no V2 message: its content is part of ModelInferRequest. "
        + _INFER_HEADER_MESSAGE,
        fields=_INFER_HEADER_FIELDS,
    ),
    MessageMove(
        "InferResponseHeader", ("ModelInferResponse",), "report",
        "InferResponseHeader has no V2 message: its content is part of ModelInferResponse. "
        + _INFER_RESPONSE_MESSAGE,
        fields=_INFER_RESPONSE_FIELDS,
    ),
    MessageMove(
        "InferSharedMemory", (), "report",
        "InferSharedMemory has no V2 message: set the parameters shared_memory_region, "
        "shared_memory_offset and shared_memory_byte_size on the input or output "
        "(set_shared_memory() in tritonclient).",
    ),
    # request_status.proto
    MessageMove("RequestStatus", (), "report", "RequestStatus has no V2 message. "
                + _NO_REQUEST_STATUS),
    # server_status.proto
    MessageMove(
        "ServerStatus", ("ServerMetadataResponse", "ModelStatisticsResponse",
                         "RepositoryIndexResponse"), "report",
        "ServerStatus has no V2 message: name and version come from ServerMetadata, "
        "statistics from ModelStatistics, model states from RepositoryIndex; id, "
        "ready_state, uptime_ns and the per-RPC statistics have no V2 equivalent.",
    ),
    MessageMove(
        "ModelVersionStatus", ("ModelStatistics",), "report",
        "ModelVersionStatus is roughly one ModelStatistics entry in V2 (answer of "
        "ModelStatistics); the ready state comes from ModelReady or RepositoryIndex.",
        fields={
            "ready_state": None,
            "ready_state_reason": None,
            "infer_stats": "batch_stats",
            "model_execution_count": "execution_count",
            "model_inference_count": "inference_count",
            "last_inference_timestamp_milliseconds": "last_inference",
        },
    ),
    MessageMove(
        "InferRequestStats", ("InferStatistics",), "report",
        "InferRequestStats is InferStatistics in V2; compute is split into compute_input, "
        "compute_infer and compute_output, and per-batch-size figures are in "
        "ModelStatistics.batch_stats.",
        fields={"success": "success", "failed": "fail", "queue": "queue", "compute": None},
    ),
    MessageMove(
        "StatDuration", ("StatisticDuration",), "report",
        "StatDuration is StatisticDuration in V2: total_time_ns is ns.",
        fields={"count": "count", "total_time_ns": "ns"},
    ),
    MessageMove(
        "ModelRepositoryIndex", ("RepositoryIndexResponse",), "report",
        "ModelRepositoryIndex is RepositoryIndexResponse in V2; each model entry also has "
        "version, state and reason.",
        fields={"models": "models", "models.name": "models.name"},
    ),
    MessageMove(
        "SharedMemoryStatus",
        ("SystemSharedMemoryStatusResponse", "CudaSharedMemoryStatusResponse"), "report",
        "SharedMemoryStatus is two V2 answers: SystemSharedMemoryStatusResponse and "
        "CudaSharedMemoryStatusResponse, each with a map of regions by name.",
        fields={"shared_memory_region": "regions"},
    ),
)
