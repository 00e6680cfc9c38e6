"""V1 programs in shapes the rules were not designed around, migrated and run against the real tritonserver.

Each program of ``tests/shape_probes`` (see its README) is migrated with every rule; the V1 original and the
migrated program run against the server (lines kept V1 through the stand-in of ``tests/v1_standin``) and must
print the same thing; no V1 use may be left without a finding; a second run must change nothing
(``test_protocol_holder_run.check_text``). A shape the tool does not convert stays V1 and runs as before; a
shape it converts must run converted.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from test_protocol_holder_run import check_text

PROBES = Path(__file__).resolve().parent / "shape_probes"
NAMES = sorted(p.stem for p in PROBES.glob("*.py"))


def test_probes_exist() -> None:
    assert len(NAMES) >= 211


@pytest.mark.realserver
@pytest.mark.slow
@pytest.mark.parametrize("protocol", ["http", "grpc"])
@pytest.mark.parametrize("name", NAMES)
def test_shape_probe_runs(triton_server, tmp_path: Path, name: str, protocol: str) -> None:
    triton_server.ensure_models_loaded(("simple",))
    problems = check_text((PROBES / (name + ".py")).read_text(), name, protocol, triton_server, tmp_path)
    assert not problems, "\n".join(problems)
