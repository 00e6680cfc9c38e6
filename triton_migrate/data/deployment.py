"""V1 to V2 facts of deployment files: images, paths, environment variables, endpoints.

Data only (spec sections 2, 3, 7 and 8).
"""
from __future__ import annotations

# Install tree: /opt/tensorrtserver -> /opt/tritonserver (spec §2).
INSTALL_DIRS = {"/opt/tensorrtserver": "/opt/tritonserver"}
# Shared library and header of the in-process C API.
LIBRARIES = {"libtrtserver.so": "libtritonserver.so", "include/trtserver.h": "include/tritonserver.h",
             "-ltrtserver": "-ltritonserver"}

# Server binary names.
V1_SERVER = "trtserver"
V2_SERVER = "tritonserver"
# The one list of server program names (argv, flags, shell and Makefile carriers use it).
SERVER_PROGRAMS = (V1_SERVER, V2_SERVER)
# The one list of shells: their `-c` argument is a script (exec-form argv in
# Dockerfiles, YAML, Makefiles), and a `#!` line naming one marks a shell script.
SHELLS = ("sh", "bash", "dash", "ash", "ksh", "zsh")

# Environment variables set by the containers (spec §2 "version env", "user env").
ENV_VARS = {
    "NVIDIA_TENSORRT_SERVER_VERSION": "NVIDIA_TRITON_SERVER_VERSION",
    "TENSORRT_SERVER_VERSION": "TRITON_SERVER_VERSION",
    "TENSORRT_SERVER_USER": "TRITON_SERVER_USER",
}

# Images (spec §2): V1 server and client SDK images.
V1_IMAGE_REPOSITORY = "nvcr.io/nvidia/tensorrtserver"
V2_IMAGE_REPOSITORY = "nvcr.io/nvidia/tritonserver"
# Tags of images named tritonserver that still hold the V1 server (20.03 is
# 1.12 with the V1 layout; 20.03.1, 20.06-v1, 20.07-v1 are V1 with symlinks).
V1_TAGS_UNDER_V2_NAME = ("20.03-py3", "20.03.1-py3", "20.06-v1-py3", "20.07-v1-py3",
                         "20.03-py3-clientsdk", "20.03.1-py3-clientsdk")
# The client SDK image tag suffix: -py3-clientsdk up to 20.11, -py3-sdk from 20.12 (2.6.0).
SDK_SUFFIX_OLD = "-py3-clientsdk"
SDK_SUFFIX_NEW = "-py3-sdk"
SDK_SUFFIX_NEW_SINCE = "2.6.0"

# HTTP endpoints (spec §3).
HEALTH_PATHS = {"/api/health/live": "/v2/health/live", "/api/health/ready": "/v2/health/ready"}
STATUS_PATH = "/api/status"
STATUS_REPLACEMENT = ("GET /v2/health/ready for readiness, GET /v2/models/<model>/ready for one model, "
                      "GET /v2 (server metadata) or GET /v2/models/<model>[/config|/stats] for details")
HTTP_PORT_DEFAULT = 8000

# perf_client became perf_analyzer in 2.4.0 (20.10), with a compatibility
# symlink; the V1 options all still parse (spec §7).
PERF_CLIENT = "perf_client"
PERF_ANALYZER = "perf_analyzer"
PERF_ANALYZER_SINCE = "2.4.0"
