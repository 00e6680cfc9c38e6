"""V1 gRPC protocol modules (package nvidia.inferenceserver, tensorrtserver 1.11.0).

Generated from protos/v1 by scripts/compile_protos.py; do not edit.
"""
from __future__ import annotations

from google.protobuf import descriptor_pool

# The grpcio-tools release that generated these modules.
GRPCIO_TOOLS_VERSION = "1.81.1"

# The V1 files are named like tritonclient's V2 files (grpc_service.proto,
# model_config.proto) and the default pool refuses a second file of the same
# name, so the V1 descriptors live in a pool of their own.
POOL = descriptor_pool.DescriptorPool()
