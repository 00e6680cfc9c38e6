"""Shared pytest fixtures.

``triton_server`` (session scope) starts a real tritonserver with the models of
``fixtures/models/``; see tests/realserver.py.

``--update-snapshots`` rewrites the findings snapshot of every fixture case
that runs (``fixtures/<rule>/<case>.findings.json``, see tests/test_fixtures.py)
instead of comparing against it.
"""
from __future__ import annotations

import pytest
from realserver import triton_server  # noqa: F401  (re-exported pytest fixture)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-snapshots", action="store_true", default=False,
                     help="write fixtures/<rule>/<case>.findings.json from the current findings "
                          "instead of comparing (review the diff before committing)")
