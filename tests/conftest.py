"""Shared pytest fixtures.

``triton_server`` (session scope) starts a real tritonserver with the models of
``fixtures/models/``; see tests/realserver.py.
"""

from realserver import triton_server  # noqa: F401  (re-exported pytest fixture)
