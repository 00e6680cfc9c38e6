"""``--drop-v1-only-checks``: the check finder (analysis/dropchecks.py) on its own, the option and its key.

The rule's behaviour on whole files is pinned by fixtures/v1_only_checks/ and the e2e program
``status_dropchecks``; these tests cover what a fixture cannot show.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from triton_migrate.analysis import dropchecks
from triton_migrate.engine import migrate_text
from triton_migrate.settings import ConfigError, Settings, load_config
from triton_migrate.text import LineMap

HEAD = ("import unittest\n"
        "from tensorrtserver.api import InferenceServerException, ProtocolType, ServerStatusContext\n"
        "import tensorrtserver.api.server_status_pb2 as server_status\n\n\n")

PROGRAM = HEAD + """class T(unittest.TestCase):
    def test_status(self):
        try:
            ctx = ServerStatusContext("localhost:8000", ProtocolType.HTTP)
            ss = ctx.get_server_status()
            self.assertEqual("2.0", ss.version)
            up = ss.uptime_ns
            self.assertGreater(up, 0)
        except InferenceServerException as ex:
            self.assertEqual("inference:0", ex.server_id())
"""


def _codes(text: str) -> list[str]:
    return [d.code for d in dropchecks.candidates(text)]


def test_checks_that_read_only_values_v2_lacks() -> None:
    found = {d.code: d for d in dropchecks.candidates(PROGRAM)}
    assert set(found) == {"up = ss.uptime_ns", "self.assertGreater(up, 0)",
                          'self.assertEqual("inference:0", ex.server_id())'}
    assert found["up = ss.uptime_ns"].groups == {("status", 10)}
    assert found['self.assertEqual("inference:0", ex.server_id())'].groups == {("except", 14)}
    assert found["self.assertGreater(up, 0)"].why == (dropchecks.UPTIME,)


def test_checks_that_also_read_something_else_stay() -> None:
    text = HEAD + """def f(test, ctx):
    ss = ctx.get_server_status()
    test.assertEqual(ss.version, ss.id)
    test.assertEqual(server_status.SERVER_READY, ss.ready_state)
    test.assertEqual(server_status.SERVER_FAILED_TO_INITIALIZE, ss.ready_state)
    print(ss.uptime_ns)
    up = ss.uptime_ns
    test.assertGreater(up, 0)
    print(up)
    assert ss.uptime_ns > 0; print("x")
    if ss.uptime_ns: test.fail("no")
    test.assertTrue(ctx.get_server_status().uptime_ns > 0)
"""
    # ss.version is a V2 value; SERVER_READY converts; `up` is printed too; two statements on a line
    assert _codes(text) == ["test.assertEqual(server_status.SERVER_FAILED_TO_INITIALIZE, ss.ready_state)"]


def test_exception_ids_read_outside_a_check_keep_the_handler_checks() -> None:
    text = HEAD + """def f(test):
    try:
        pass
    except InferenceServerException as ex:
        print(ex.request_id())
        test.assertEqual("inference:0", ex.server_id())
    try:
        pass
    except ValueError as ex:
        test.assertEqual("inference:0", ex.server_id())
"""
    assert _codes(text) == []


def test_no_v1_import_no_candidates() -> None:
    text = "def f(test, ctx):\n    ss = ctx.get_server_status()\n    test.assertGreater(ss.uptime_ns, 0)\n"
    assert dropchecks.candidates(text) == []
    assert dropchecks.candidates("this is not python (\n") == []


def test_apply_keeps_indentation_newlines_and_fills_an_emptied_block() -> None:
    text = HEAD.replace("\n", "\r\n") + ("def f(test, ctx):\r\n"
                                         "    ss = ctx.get_server_status()\r\n"
                                         "    if True:\r\n"
                                         "        test.assertGreater(ss.uptime_ns,\r\n"
                                         "                           0)  # up\r\n"
                                         "    return ss.version\r\n")
    drops = dropchecks.candidates(text)
    assert [d.code for d in drops] == ["test.assertGreater(ss.uptime_ns, 0)  # up"]
    new, shift = dropchecks.apply(text, drops)
    ast.parse(new)
    lines = new.split("\r\n")
    marker = "        # TODO(triton-migrate): dropped V1-only check (V2 has no uptime): " \
             "test.assertGreater(ss.uptime_ns, 0)  # up"
    assert lines[8:11] == [marker, "        pass", "    return ss.version"]
    assert shift(11) == 11 and shift(6) == 6  # two lines became the marker and `pass`
    assert list(dropchecks.markers(new)) == [(9, 8, "uptime", "test.assertGreater(ss.uptime_ns, 0)  # up")]
    # the marker maps back to the line that held the check, wherever a rewrite moved things around it
    assert LineMap(text, new).original_line(9) == 9


def test_markers_are_reported_with_or_without_the_flag_and_never_rewritten() -> None:
    text = ("def f(test):\n"
            "    # TODO(triton-migrate): dropped V1-only check (V2 has no uptime): test.assertGreater(up, 0)\n"
            "    pass\n")
    for flag in (False, True):
        result = migrate_text(text, "t.py", Settings(drop_v1_only_checks=flag))
        assert result.status == "unchanged"
        [finding] = [f for f in result.findings if f.rule == "v1_only_checks"]
        assert (finding.line, finding.applied) == (2, False)
        assert finding.message == dropchecks.message("uptime", "test.assertGreater(up, 0)")


def test_without_the_flag_the_findings_name_it() -> None:
    result = migrate_text(PROGRAM, "t.py", Settings())
    named = [f for f in result.findings if "--drop-v1-only-checks" in f.message]
    assert {(f.rule, f.line) for f in named} >= {("v1_status", 12), ("v1_exceptions", 15)}
    assert "TODO(triton-migrate)" not in (result.new or "")


def test_flag_drops_and_a_second_run_is_a_fixed_point() -> None:
    settings = Settings(drop_v1_only_checks=True)
    first = migrate_text(PROGRAM, "t.py", settings)
    assert first.status == "changed" and first.new is not None
    assert "tensorrtserver" not in first.new and first.new.count("dropped V1-only check") == 3
    manual = sorted((f.rule, f.line) for f in first.findings if not f.applied)
    assert manual == [("v1_only_checks", 12), ("v1_only_checks", 13), ("v1_only_checks", 15)]
    second = migrate_text(first.new, "t.py", settings)
    assert second.status == "unchanged"
    assert sorted(f.message for f in second.findings if not f.applied) == \
        sorted(f.message for f in first.findings if not f.applied)


def test_suppressed_check_is_not_dropped() -> None:
    text = PROGRAM.replace("self.assertGreater(up, 0)", "self.assertGreater(up, 0)  # triton-migrate: ignore")
    result = migrate_text(text, "t.py", Settings(drop_v1_only_checks=True))
    assert "assertGreater(up, 0)  # triton-migrate: ignore" in (result.new or text)
    assert "V2 has no uptime" not in (result.new or "")


def test_configuration_key(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.triton-migrate]\ndrop-v1-only-checks = true\n")
    assert load_config(tmp_path) == {"drop-v1-only-checks": True}
    (tmp_path / "pyproject.toml").write_text('[tool.triton-migrate]\ndrop-v1-only-checks = "yes"\n')
    try:
        load_config(tmp_path)
    except ConfigError as exc:
        assert "must be true or false" in str(exc)
    else:
        raise AssertionError("a non-boolean value was accepted")


def test_cli_option_and_configuration(tmp_path: Path) -> None:
    program = tmp_path / "test_status.py"
    program.write_text(PROGRAM)
    base = [sys.executable, "-m", "triton_migrate", str(program), "--check", "--format", "json", "-q", "--no-diff"]

    def markers(*extra: str) -> int:
        report = tmp_path / "report.json"
        proc = subprocess.run(base + ["--report", str(report), *extra], capture_output=True, text=True, timeout=600)
        assert proc.returncode == 1, proc.stderr
        return sum(f["rule"] == "v1_only_checks" for f in json.loads(report.read_text())["findings"])

    assert markers() == 0
    assert markers("--drop-v1-only-checks") == 3
    (tmp_path / "pyproject.toml").write_text("[tool.triton-migrate]\ndrop-v1-only-checks = true\n")
    assert markers() == 3
