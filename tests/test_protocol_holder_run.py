"""Half-migrated programs must still run: protocol and context holders, against the real tritonserver.

Hypothesis draws small V1 programs (tests/protocol_holders.py: the protocol kept on ``self``, in a class
attribute, a dict, rows passed to a helper, unpacked or global assignments; the context built in a
conditional expression, a walrus or a parameter default; the context then used in place, handed to a helper,
made by a factory, kept in a list, a dict, a queue or an object's attribute), migrates each and checks:

* the output parses, and a second run changes nothing;
* no V1 use remains without a finding (tests/v1_sites.py);
* the migrated program, run against the real server, prints what the V1 program printed.

Lines the tool keeps V1 run through the V1 stand-in of tests/v1_standin (V1's calls done with tritonclient),
so a program converted only in part runs too, and only what the tool wrote is on trial. Every break this
catches was real in 0.11.0: contexts converted while the protocol kept V1's enum (``AttributeError`` on
``ProtocolType``), and V1 calls left on a converted client.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from protocol_holders import CONTEXT_HOLDERS, HOLDERS, KINDS, PLACES, Program, render
from v1_sites import silent_lines

from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings

STANDIN = Path(__file__).resolve().parent / "v1_standin"
SETTINGS = Settings()

programs = st.builds(Program, holder=st.sampled_from(HOLDERS), place=st.sampled_from(PLACES),
                     kind=st.sampled_from(KINDS), read_protocol=st.booleans(),
                     ctx_holder=st.sampled_from(CONTEXT_HOLDERS))


def _run(path: Path, url: str, protocol: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(STANDIN), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, str(path), url, protocol], capture_output=True, text=True, timeout=60,
                          env=env, stdin=subprocess.DEVNULL)


def check_text(text: str, name: str, protocol: str, server, tmp: Path) -> list[str]:
    """Migrate the V1 program ``text`` and run it beside the original (both through the V1 stand-in): what is
    wrong with the migration (a second run changes it, a V1 use with no finding, another output)."""
    first = migrate_text(text, "program.py", SETTINGS)
    assert first.status in ("changed", "unchanged"), (first.status, first.reason)
    new = first.new if first.status == "changed" and first.new is not None else text
    problems = []
    second = migrate_text(new, "program.py", SETTINGS)
    if second.status == "changed":
        problems.append("a second run changes the output")
    named: set[int] = set()
    for f in first.findings:
        named.update(range(f.line, max(f.end_line or f.line, f.line) + 1))
    silent = silent_lines(text, new, named)
    if silent:
        problems.append("V1 use with no finding on lines %s" % silent)
    url = server.url(protocol)
    v1_path, v2_path = tmp / ("v1_%s.py" % name), tmp / ("v2_%s.py" % name)
    v1_path.write_text(text)
    v2_path.write_text(new)
    before, after = _run(v1_path, url, protocol), _run(v2_path, url, protocol)
    assert before.returncode == 0 and "OK" in before.stdout, "the V1 program itself failed:\n" + before.stderr
    if after.returncode != 0 or after.stdout != before.stdout:
        problems.append("the migrated program does not do what V1 did:\n--- V1 stdout ---\n%s--- stdout ---\n%s"
                        "--- stderr ---\n%s" % (before.stdout, after.stdout, after.stderr[-2000:]))
    if problems:
        problems.append("--- V1 ---\n%s--- migrated ---\n%s" % (text, new))
    return problems


def check(program: Program, protocol: str, server, tmp: Path) -> list[str]:
    return check_text(render(program), program.name(), protocol, server, tmp)


@pytest.mark.realserver
@pytest.mark.slow
@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(program=programs, protocol=st.sampled_from(["http", "grpc"]))
@example(program=Program("self_from_param", "assign", "infer"), protocol="grpc")
@example(program=Program("dict", "assign", "health"), protocol="http")
@example(program=Program("self_unpacked", "ifexp", "infer"), protocol="http")
@example(program=Program("rows_param", "walrus", "health"), protocol="grpc")
@example(program=Program("local_from_str", "default", "health"), protocol="http")
@example(program=Program("self_from_str", "assign", "health", True), protocol="http")
@example(program=Program("class_attr", "assign", "health", True), protocol="grpc")
@example(program=Program("class_attr", "ifexp", "health"), protocol="http")
def test_half_migrated_programs_run(triton_server, tmp_path_factory, program: Program, protocol: str) -> None:
    triton_server.ensure_models_loaded(("simple",))
    problems = check(program, protocol, triton_server, tmp_path_factory.mktemp("holders"))
    assert not problems, "\n".join(problems)
