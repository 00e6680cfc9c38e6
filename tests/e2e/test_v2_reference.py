"""Run the hand-written V2 reference programs against a real tritonserver.

Each program in v2_reference/ is the V2 counterpart of the V1 program of the
same name in v1_programs/. Running them proves that the models in
fixtures/models and the expected output lines in expected.py are right, so a
migrated V1 program that prints the same lines is a correct migration.
"""

import sys

import pytest
from expected import PROGRAMS, V1_DIR, V2_REFERENCE_DIR, cases, check_output, command, run_retrying

pytestmark = [pytest.mark.realserver, pytest.mark.slow]


def run_program(path, spec, server, protocol):
    cmd = command(path, spec, server.url(protocol), protocol, python=sys.executable)
    return cmd, run_retrying(cmd, server, spec.timeout, spec.unloads_models)


@pytest.mark.parametrize("name,protocol", cases([n for n, s in PROGRAMS.items() if s.has_v2_reference]))
def test_v2_reference(triton_server, name, protocol):
    spec = PROGRAMS[name]
    triton_server.ensure_models_loaded(spec.models)
    cmd, proc = run_program(spec.v2_reference_path, spec, triton_server, protocol)
    problems = check_output(name, proc.returncode, proc.stdout)
    assert not problems, (
        "%s\ncommand: %s\n--- stdout ---\n%s\n--- stderr ---\n%s\n--- server log tail ---\n%s"
        % ("; ".join(problems), " ".join(cmd), proc.stdout, proc.stderr[-4000:],
           triton_server.log_tail(30))
    )


def test_every_v1_program_has_a_reference_and_expectations():
    v1 = sorted(p.stem for p in V1_DIR.glob("*.py"))
    v2 = sorted(p.stem for p in V2_REFERENCE_DIR.glob("*.py"))
    assert v1 == sorted(PROGRAMS)
    assert v2 == sorted(n for n, spec in PROGRAMS.items() if spec.has_v2_reference)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_v1_program_is_v1_code(name):
    """The V1 programs only use the V1 client (they are the codemods' input)."""
    source = PROGRAMS[name].v1_path.read_text()
    assert "tensorrtserver" in source
    assert "tritonclient" not in source
    compile(source, str(PROGRAMS[name].v1_path), "exec")
