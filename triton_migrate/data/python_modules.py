"""V1 and early-V2 Python module names and their ``tritonclient`` homes (data only).

Sources: spec sections 5.1, 5.3 and 5.4 (the 2020 wheels and the deprecation
shims that ``tritonclient`` still ships).
"""
from __future__ import annotations

# The 2020 V2 wheels (20.03.1 beta and 20.06-20.08) -> tritonclient (2.3.0+).
# The APIs underneath did not change, only where they live.
EARLY_V2_MODULES: dict[str, str] = {
    "tritonhttpclient": "tritonclient.http",
    "tritongrpcclient": "tritonclient.grpc",
    "tritongrpcclient.grpc_service_pb2": "tritonclient.grpc.service_pb2",
    "tritongrpcclient.grpc_service_pb2_grpc": "tritonclient.grpc.service_pb2_grpc",
    "tritongrpcclient.model_config_pb2": "tritonclient.grpc.model_config_pb2",
    # 20.03.1 beta names; tritonclient's shims no longer cover these.
    "tritongrpcclient.grpc_service_v2_pb2": "tritonclient.grpc.service_pb2",
    "tritongrpcclient.grpc_service_v2_pb2_grpc": "tritonclient.grpc.service_pb2_grpc",
    "tritonclientutils": "tritonclient.utils",
    "tritonclientutils.utils": "tritonclient.utils",
    "tritonclientutils.shared_memory": "tritonclient.utils.shared_memory",
    "tritonclientutils.cuda_shared_memory": "tritonclient.utils.cuda_shared_memory",
    "tritonshmutils.shared_memory": "tritonclient.utils.shared_memory",
    "tritonshmutils.cuda_shared_memory": "tritonclient.utils.cuda_shared_memory",
}

# The release that introduced each new home, for the finding's message.
EARLY_V2_SINCE = "2.3.0, container 20.09"

# V1 shared-memory helper modules: same functions, one renamed keyword.
V1_SHM_MODULES: dict[str, str] = {
    "tensorrtserver.shared_memory": "tritonclient.utils.shared_memory",
    "tensorrtserver.cuda_shared_memory": "tritonclient.utils.cuda_shared_memory",
}

# qualified function name -> {old keyword: new keyword}
V1_SHM_KEYWORDS: dict[str, dict[str, str]] = {
    "tensorrtserver.shared_memory.create_shared_memory_region": {"trtis_shm_name": "triton_shm_name"},
    "tensorrtserver.cuda_shared_memory.create_shared_memory_region": {"trtis_shm_name": "triton_shm_name"},
}

# Public names of the V1 shared-memory modules (read off tensorrtserver 1.11.0;
# checked against the wheel by tests/test_tables.py).  Used to resolve names
# that arrive through ``from tensorrtserver.shared_memory import *``.
V1_SHM_EXPORTS: dict[str, frozenset[str]] = {
    "tensorrtserver.shared_memory": frozenset({
        "create_shared_memory_region", "set_shared_memory_region",
        "destroy_shared_memory_region", "SharedMemoryException",
    }),
    "tensorrtserver.cuda_shared_memory": frozenset({
        "create_shared_memory_region", "set_shared_memory_region",
        "destroy_shared_memory_region", "CudaSharedMemoryException",
    }),
}
