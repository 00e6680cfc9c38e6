"""The carrier registry: which carrier claims which path."""
from __future__ import annotations

import pytest

from triton_migrate.carriers import carrier_for


@pytest.mark.parametrize("path, carrier", [
    ("requirements.txt", "requirements"), ("requirements-dev.txt", "requirements"),
    ("constraints.txt", "requirements"), ("setup.cfg", "requirements"), ("pyproject.toml", "requirements"),
    ("environment.yml", "requirements"), ("Pipfile", "requirements"), ("deploy/k8s.yaml", "yaml"),
    ("models/m/config.pbtxt", "pbtxt"), ("src/main.cc", "cpp"), ("CMakeLists.txt", "cpp"),
    ("cmake/TRTISConfig.cmake", "cpp"), ("setup.py", "python"),
])
def test_claims(path: str, carrier: str) -> None:
    found = carrier_for(path)
    assert found is not None and found.name == carrier
