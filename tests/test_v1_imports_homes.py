"""The V2 homes v1_imports names for V1 import hints exist in the installed tritonclient."""
from __future__ import annotations

import importlib

import pytest

from triton_migrate.codemods.v1_imports import MOVED_MODULES
from triton_migrate.data.v2_homes import CLIENT_IMPORT, V2_HOMES, v2_home, v2_imports

pytest.importorskip("tritonclient.grpc")
pytest.importorskip("tritonclient.http")


@pytest.mark.parametrize("name", sorted(n for n, homes in V2_HOMES.items() if homes))
def test_each_home_has_the_name(name: str) -> None:
    for module, attr in V2_HOMES[name] or ():
        imported = importlib.import_module(module)
        if attr:
            assert hasattr(imported, attr), f"{module} has no {attr} (hint for tensorrtserver.api.{name})"


def test_moved_modules_import() -> None:
    assert MOVED_MODULES == {"tensorrtserver.api.model_config_pb2": "tritonclient.grpc.model_config_pb2"}
    for v2 in MOVED_MODULES.values():
        assert hasattr(importlib.import_module(v2), "ModelConfig")


def test_hint_text() -> None:
    assert v2_home("tensorrtserver.api.InferenceServerException") == \
        "from tritonclient.utils import InferenceServerException"
    assert v2_home("model_config_pb2") == "from tritonclient.grpc import model_config_pb2"
    assert v2_home("server_status_pb2") == ""
    assert v2_home("ProtocolType") == "import tritonclient.http or import tritonclient.grpc"


def test_import_list_hint() -> None:
    assert v2_imports(["InferContext", "ProtocolType", "InferenceServerException", "model_config_pb2",
                       "server_status_pb2"]) == (
        CLIENT_IMPORT + "; from tritonclient.utils import InferenceServerException; "
        "from tritonclient.grpc import model_config_pb2; no V2 module for server_status_pb2 (see the findings of their uses)")
    assert v2_imports(["tensorrtserver.api.model_config_pb2"]) == "from tritonclient.grpc import model_config_pb2"
    assert v2_imports(["serialize_string_tensor", "InferenceServerException"]) == \
        "from tritonclient.utils import serialize_byte_tensor, InferenceServerException"
    assert v2_imports([]) == CLIENT_IMPORT
