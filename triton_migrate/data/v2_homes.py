"""Where each name a V1 import can bind has its V2 replacement (plain data).

``V2_HOMES[name]`` is a tuple of ``(V2 module, name there)`` ('' when the module
itself replaces the V1 name, as for ``ProtocolType``), or None when V2 has no
module for it (the findings of the rule that reports its uses say what to use).
The hints of import findings (`v1_client_api`) and of V1 names the verifier
finds left (`pyverify`) name these homes, not a generic "tritonclient.http or
tritonclient.grpc"; tests/test_v1_imports_homes.py imports each from the
installed tritonclient.
"""
from __future__ import annotations

from typing import Iterable, Optional

from triton_migrate.data.v1_client_api import V1_API

#: What replaces a V1 context: the client of the protocol's module.
CLIENT_IMPORT = "import tritonclient.http as httpclient  # or tritonclient.grpc as grpcclient"

_CLIENT = (("tritonclient.http", "InferenceServerClient"), ("tritonclient.grpc", "InferenceServerClient"))
_MODULES = (("tritonclient.http", ""), ("tritonclient.grpc", ""))
V2_HOMES: dict[str, Optional[tuple[tuple[str, str], ...]]] = {
    "ProtocolType": _MODULES,  # the module is the protocol
    "ServerHealthContext": _CLIENT, "ServerStatusContext": _CLIENT, "ModelRepositoryContext": _CLIENT,
    "ModelControlContext": _CLIENT, "SharedMemoryControlContext": _CLIENT, "InferContext": _CLIENT,
    "InferenceServerException": (("tritonclient.utils", "InferenceServerException"),),
    "serialize_string_tensor": (("tritonclient.utils", "serialize_byte_tensor"),),
    "model_config_pb2": (("tritonclient.grpc", "model_config_pb2"),),
    "grpc_service_pb2": (("tritonclient.grpc", "service_pb2"),),
    "grpc_service_pb2_grpc": (("tritonclient.grpc", "service_pb2_grpc"),),
    "api_pb2": None, "request_status_pb2": None, "server_status_pb2": None,
    "ServerStatus": None, "ModelRepositoryIndex": None, "SharedMemoryStatus": None,
    "InferRequestHeader": None, "InferResponseHeader": None,
}


def v2_home(name: str) -> str:
    """The V2 way to import the replacement of ``tensorrtserver.api.<name>`` ('' when V2 has none)."""
    homes = V2_HOMES.get(name.rsplit(".", 1)[-1]) if name != V1_API else _CLIENT
    if not homes:
        return ""
    return " or ".join(f"import {module}" if not attr else f"from {module} import {attr}"
                       for module, attr in homes)


def v2_imports(names: Iterable[str]) -> str:
    """The V2 imports that replace an import of these V1 names (a finding's hint).

    Contexts and ``ProtocolType`` become the protocol modules; the other names
    are grouped per V2 module; a name V2 has no module for is named as such.
    """
    client = False
    grouped: dict[str, list[str]] = {}
    none: list[str] = []
    for name in names:
        short = name.rsplit(".", 1)[-1]
        homes = V2_HOMES.get(short, ())
        if homes in (_CLIENT, _MODULES):
            client = True
        elif homes:
            module, attr = homes[0]
            if attr not in grouped.setdefault(module, []):
                grouped[module].append(attr)
        elif homes is None:
            none.append(short)
    parts = [CLIENT_IMPORT] if client else []
    parts += [f"from {module} import {', '.join(attrs)}" for module, attrs in grouped.items()]
    if none:
        parts.append("no V2 module for " + ", ".join(none) + " (see the findings of their uses)")
    return "; ".join(parts) if parts else CLIENT_IMPORT
