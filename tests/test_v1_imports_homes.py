"""The V2 homes v1_imports names for V1 import hints exist in the installed tritonclient."""
from __future__ import annotations

import importlib

import pytest

from triton_migrate.codemods.v1_imports import MOVED_MODULES, V2_HOMES, v2_home

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
