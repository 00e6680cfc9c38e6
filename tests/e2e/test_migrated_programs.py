"""Migrate each V1 program with the tool and run the result, unedited, against a real server.

For every program of v1_programs/: the migrated text parses, a second run
changes nothing, and no finding is left for a person (if one is, the test
fails and lists it: a gap to close, not to hide).  Then the migrated program
runs against the real tritonserver over each protocol it supports and must
print exactly the lines of expected.py.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from expected import PROGRAMS, cases, check_output, command

from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings

REPO = Path(__file__).resolve().parents[2]
SETTINGS = Settings(model_repositories=(str(REPO / "fixtures" / "models"),))


def migrate(name: str) -> tuple[str, list[str]]:
    path = PROGRAMS[name].v1_path
    result = migrate_text(path.read_text(), str(path), SETTINGS)
    assert result.status == "changed", (result.status, result.reason)
    assert result.new is not None
    ast.parse(result.new)
    again = migrate_text(result.new, str(path), SETTINGS)
    assert again.status == "unchanged", "a second run changed the migrated program (no fixed point)"
    manual = [f"{f.line}:{f.column} {f.rule} {f.severity}: {f.message}" for f in result.findings if not f.applied]
    return result.new, manual


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_migration_is_complete(name: str) -> None:
    new, manual = migrate(name)
    assert "tensorrtserver" not in new
    assert not manual, "findings left for a person:\n" + "\n".join(manual)


@pytest.mark.realserver
@pytest.mark.slow
@pytest.mark.parametrize("name,protocol", cases())
def test_migrated_program_runs(triton_server, tmp_path: Path, name: str, protocol: str) -> None:
    spec = PROGRAMS[name]
    new, manual = migrate(name)
    assert not manual, "findings left for a person:\n" + "\n".join(manual)
    program = tmp_path / (name + ".py")
    program.write_text(new)
    triton_server.ensure_models_loaded(spec.models)
    cmd = command(program, spec, triton_server.url(protocol), protocol, python=sys.executable)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=spec.timeout, stdin=subprocess.DEVNULL)
    finally:
        if spec.unloads_models:
            triton_server.ensure_models_loaded(spec.unloads_models)
    problems = check_output(name, proc.returncode, proc.stdout)
    assert not problems, "%s\n--- stdout ---\n%s\n--- stderr ---\n%s\n--- migrated ---\n%s" % (
        "; ".join(problems), proc.stdout, proc.stderr[-3000:], new)
