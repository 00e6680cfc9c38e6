"""V1 C and C++ APIs (client library, custom backend, in-process server) and what replaces them.

Data only. Sources: spec section 5.5 (C++ client, ``server@v1.11.0:src/clients/c++/library/``),
section 6 (``custom.h`` at v1.12.0, ``trtserver.h`` at v1.12.0, ``tritonbackend.h`` and
``tritonserver.h``) and section 8 (build: ``TRTIS_*`` CMake options -> ``TRITON_*``).
"""
from __future__ import annotations

V2_CLIENT_HEADERS = "grpc_client.h / http_client.h (libgrpcclient / libhttpclient, CMake TRITON::grpcclient / TRITON::httpclient)"

# Header (last path component) -> (API family, V2 replacement).
INCLUDES: dict[str, tuple[str, str]] = {
    "request.h": ("client", V2_CLIENT_HEADERS),
    "request_grpc.h": ("client", "grpc_client.h (triton::client::InferenceServerGrpcClient, libgrpcclient)"),
    "request_http.h": ("client", "http_client.h (triton::client::InferenceServerHttpClient, libhttpclient)"),
    "custom.h": ("custom", "triton/core/tritonbackend.h (Triton backend API)"),
    "custom_instance.h": ("custom", "triton/backend/backend_model_instance.h (backend repo helpers) on tritonbackend.h"),
    "trtserver.h": ("server", "triton/core/tritonserver.h (TRITONSERVER_* in-process API)"),
}

_GRPC = "triton::client::InferenceServerGrpcClient"
_HTTP = "triton::client::InferenceServerHttpClient"

# V1 client classes (namespace nvidia::inferenceserver::client) -> V2.
CLIENT_NAMES: dict[str, str] = {
    "InferContext": f"{_HTTP}::Infer / {_GRPC}::Infer with InferInput, InferRequestedOutput, InferOptions, InferResult",
    "InferHttpContext": f"{_HTTP}::Create + Infer/AsyncInfer with InferInput, InferRequestedOutput",
    "InferGrpcContext": f"{_GRPC}::Create + Infer/AsyncInfer with InferInput, InferRequestedOutput",
    "InferGrpcStreamContext": f"{_GRPC}::StartStream + AsyncStreamInfer + StopStream",
    "ServerHealthContext": f"{_HTTP}/{_GRPC}::IsServerLive / IsServerReady",
    "ServerHealthHttpContext": f"{_HTTP}::IsServerLive / IsServerReady",
    "ServerHealthGrpcContext": f"{_GRPC}::IsServerLive / IsServerReady",
    "ServerStatusContext": "ServerMetadata / ModelMetadata / ModelConfig / ModelInferenceStatistics of the V2 client",
    "ServerStatusHttpContext": f"{_HTTP}::ServerMetadata / ModelMetadata / ModelConfig / ModelInferenceStatistics",
    "ServerStatusGrpcContext": f"{_GRPC}::ServerMetadata / ModelMetadata / ModelConfig / ModelInferenceStatistics",
    "ModelRepositoryContext": "ModelRepositoryIndex of the V2 client",
    "ModelRepositoryHttpContext": f"{_HTTP}::ModelRepositoryIndex",
    "ModelRepositoryGrpcContext": f"{_GRPC}::ModelRepositoryIndex",
    "ModelControlContext": "LoadModel / UnloadModel of the V2 client",
    "ModelControlHttpContext": f"{_HTTP}::LoadModel / UnloadModel",
    "ModelControlGrpcContext": f"{_GRPC}::LoadModel / UnloadModel",
    "SharedMemoryControlContext": "RegisterSystemSharedMemory / RegisterCudaSharedMemory / Unregister* / *SharedMemoryStatus of the V2 client",
    "SharedMemoryControlHttpContext": f"{_HTTP}::RegisterSystemSharedMemory / RegisterCudaSharedMemory / Unregister*",
    "SharedMemoryControlGrpcContext": f"{_GRPC}::RegisterSystemSharedMemory / RegisterCudaSharedMemory / Unregister*",
}
CLIENT_NAMESPACE = ("nvidia", "inferenceserver", "client")

# V1 custom backend API (custom.h) -> Triton backend API (tritonbackend.h).
CUSTOM_NAMES: dict[str, str] = {
    "CustomVersion": "TRITONBACKEND_ApiVersion (checked in TRITONBACKEND_Initialize)",
    "CustomInitialize": "TRITONBACKEND_ModelInitialize + TRITONBACKEND_ModelInstanceInitialize",
    "CustomFinalize": "TRITONBACKEND_ModelInstanceFinalize + TRITONBACKEND_ModelFinalize",
    "CustomErrorString": "TRITONSERVER_ErrorNew / TRITONSERVER_ErrorMessage",
    "CustomExecute": "TRITONBACKEND_ModelInstanceExecute",
    "CustomExecuteV2": "TRITONBACKEND_ModelInstanceExecute",
    "CustomPayload": "TRITONBACKEND_Request (TRITONBACKEND_RequestInput, TRITONBACKEND_ResponseNew)",
    "CustomInitializeData": "TRITONBACKEND_Model / TRITONBACKEND_ModelInstance (config via TRITONBACKEND_ModelConfig)",
    "CustomGetNextInputFn_t": "TRITONBACKEND_InputBuffer",
    "CustomGetNextInputV2Fn_t": "TRITONBACKEND_InputBuffer",
    "CustomGetOutputFn_t": "TRITONBACKEND_OutputBuffer",
    "CustomGetOutputV2Fn_t": "TRITONBACKEND_OutputBuffer",
    "CustomInstance": "triton::backend::BackendModelInstance (backend repo)",
    "TRTIS_CUSTOM_EXPORT": "TRITONBACKEND_ISPEC (exported TRITONBACKEND_* entry points)",
    "CUSTOM_NO_GPU_DEVICE": "TRITONBACKEND_ModelInstanceKind / TRITONBACKEND_ModelInstanceDeviceId",
    "CUSTOM_SERVER_PARAMETER_CNT": "TRITONBACKEND_BackendConfig / TRITONSERVER_Message",
    "custom_memorytype_enum": "TRITONSERVER_MemoryType",
    "custom_serverparamkind_enum": "TRITONBACKEND_BackendConfig",
}

# V1 in-process API: any TRTSERVER_* name; a few have a named V2 counterpart.
SERVER_PREFIX = "TRTSERVER_"
SERVER_NAMES: dict[str, str] = {
    "TRTSERVER_ServerNew": "TRITONSERVER_ServerNew",
    "TRTSERVER_ServerDelete": "TRITONSERVER_ServerDelete",
    "TRTSERVER_ServerInferAsync": "TRITONSERVER_ServerInferAsync with a TRITONSERVER_InferenceRequest",
    "TRTSERVER_ServerStatus": "TRITONSERVER_ServerModelMetadata / ModelConfig / ModelStatistics / ModelIndex",
    "TRTSERVER_InferenceRequestOptionsNew": "TRITONSERVER_InferenceRequestNew",
    "TRTSERVER_InferenceRequestProviderNew": "TRITONSERVER_InferenceRequestNew + AddInput + AppendInputData",
    "TRTSERVER_ServerOptionsSetServerProtocolVersion": "none (V2 has no protocol version option)",
}
SERVER_DEFAULT = "the TRITONSERVER_* API of tritonserver.h (requests are TRITONSERVER_InferenceRequest, answers TRITONSERVER_Message)"

# CMake.
CMAKE_PREFIX = "TRTIS"  # TRTIS_ENABLE_GPU, TRTISConfig.cmake, TRTIS::...
CMAKE_REQUEST_LIBRARIES = ("librequest", "librequest.so", "librequest.a", "librequest_static")
CMAKE_V2 = ("TRITON_* options (TRTIS_ENABLE_GPU -> TRITON_ENABLE_GPU, ...); the client is built from the "
            "triton-inference-server/client repository and linked as TRITON::grpcclient / TRITON::httpclient "
            "(libgrpcclient / libhttpclient) after find_package(TritonClient)")
