"""``--fix-python2``: Python 2 V1 code converted with fissix, then migrated.

The samples are Python 2 V1 client code written here (print statements,
``except X, e``, ``dict.has_key``, ``iteritems``, backquotes, ``raw_input``).
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from triton_migrate.engine import migrate_bytes, migrate_text
from triton_migrate.python2 import Python2Error, convert, looks_like_python2
from triton_migrate.settings import Settings

PY2_HEALTH = '''\
#!/usr/bin/env python
# Python 2 health check against a V1 server.
import sys
from optparse import OptionParser
from tensorrtserver.api import *

parser = OptionParser()
parser.add_option("-u", "--url", dest="url", default="localhost:8000")
parser.add_option("-i", "--protocol", dest="protocol", default="http")
(options, args) = parser.parse_args()

status = {}
try:
    ctx = ServerHealthContext(options.url, ProtocolType.from_str(options.protocol), False)
    status["live"] = ctx.is_live()
    status["ready"] = ctx.is_ready()
except InferenceServerException, e:
    print >>sys.stderr, "health check failed:", e.message()
    sys.exit(1)

if not status.has_key("live"):
    sys.exit(1)
for key, value in sorted(status.iteritems()):
    print "%s: %s" % (key, `value`)
print "PASS"
'''

PY2_INFER = '''\
import numpy as np
from tensorrtserver.api import InferContext, ProtocolType

def run(url):
    ctx = InferContext(url, ProtocolType.HTTP, "simple", -1, False)
    a = np.arange(16, dtype=np.int32)
    result = ctx.run({'INPUT0': (a,), 'INPUT1': (a,)},
                     {'OUTPUT0': InferContext.ResultFormat.RAW}, 1)
    print "sum:", result['OUTPUT0'][0].sum()
    ctx.close()

if __name__ == '__main__':
    print u"start"
    run(raw_input())
'''

PY2_PRINT_FUNCTION = '''\
from __future__ import print_function
from tensorrtserver.api import *
ctx = ServerHealthContext("localhost:8000", ProtocolType.GRPC)
if {}.has_key("x"):
    print("x", end="")
exec "print(ctx.is_live())"
'''

NOT_PYTHON = "from tensorrtserver.api import *\ndef broken(:\n    pass\n"

FIX = Settings(fix_python2=True)


def manual(result) -> Counter:
    return Counter((f.rule, f.message) for f in result.findings if not f.applied)


@pytest.mark.parametrize("source", [PY2_HEALTH, PY2_INFER, PY2_PRINT_FUNCTION])
def test_convert_gives_python3(source: str) -> None:
    with pytest.raises(SyntaxError):
        ast.parse(source)
    new, fixers = convert(source)
    ast.parse(new)
    assert fixers
    assert looks_like_python2(source)
    assert not looks_like_python2(new)


def test_convert_names_the_fixers() -> None:
    new, fixers = convert(PY2_HEALTH)
    assert {"print", "except", "has_key", "dict", "repr"} <= set(fixers)
    assert 'print("%s: %s" % (key, repr(value)))' in new
    assert "except InferenceServerException as e:" in new
    assert '"live" not in status' in new


def test_convert_refuses_what_is_not_python2() -> None:
    with pytest.raises(Python2Error):
        convert(NOT_PYTHON)
    assert not looks_like_python2(NOT_PYTHON)
    assert not looks_like_python2("print('already Python 3')\n")


def test_without_the_flag_the_finding_names_it() -> None:
    result = migrate_text(PY2_HEALTH, "health.py", Settings())
    assert result.status == "skipped"
    assert result.new is None
    finding, *lines = result.findings
    assert finding.rule == "unparsable_file" and finding.v1 is None
    assert "--fix-python2" in finding.message
    # Each V1 line is named too, with the same advice.
    assert lines and all(f.rule == "unparsable_file" and f.v1 and "--fix-python2" in f.message for f in lines)


def test_the_hint_is_only_for_python2() -> None:
    result = migrate_text(NOT_PYTHON, "broken.py", Settings())
    assert result.status == "skipped"
    assert "--fix-python2" not in result.findings[0].message
    flagged = migrate_text(NOT_PYTHON, "broken.py", FIX)
    assert flagged.status == "skipped" and flagged.new is None
    assert [(f.rule, f.line, f.v1) for f in flagged.findings] == [
        ("unparsable_file", 3, None), ("unparsable_file", 1, "tensorrtserver")]


@pytest.mark.parametrize("source", [PY2_HEALTH, PY2_INFER, PY2_PRINT_FUNCTION])
def test_with_the_flag_python2_is_converted_then_migrated(source: str) -> None:
    result = migrate_text(source, "client.py", FIX)
    assert result.status == "changed", result.reason
    ast.parse(result.new)
    assert "tensorrtserver" not in result.new
    rules = [f.rule for f in result.findings]
    assert rules.count("python2_converted") == 1
    assert any(r.startswith("v1_") for r in rules)
    again = migrate_text(result.new, "client.py", FIX)
    assert again.status == "unchanged"
    assert manual(again) == manual(result)


def test_findings_point_at_the_python2_lines() -> None:
    result = migrate_text(PY2_HEALTH, "health.py", FIX)
    lines = PY2_HEALTH.splitlines()
    health = [f for f in result.findings if f.rule == "v1_health"]
    assert health
    for finding in health:
        assert "ServerHealthContext" in lines[finding.line - 1] or "ctx.is_" in lines[finding.line - 1]


def test_python3_files_are_untouched_by_the_flag() -> None:
    source = PY2_HEALTH.replace("except InferenceServerException, e:", "except InferenceServerException as e:")
    source = "\n".join(line for line in source.splitlines() if "print" not in line and "has_key" not in line
                       and "iteritems" not in line) + "\n"
    ast.parse(source)
    plain = migrate_text(source, "health.py", Settings())
    flagged = migrate_text(source, "health.py", FIX)
    assert flagged.new == plain.new
    assert "python2_converted" not in [f.rule for f in flagged.findings]


def test_bytes_path_keeps_latin1_python2() -> None:
    source = "# -*- coding: latin-1 -*-\n" + PY2_INFER.replace('u"start"', 'u"d\xe9but"')
    data = source.encode("latin-1")
    outcome = migrate_bytes(data, "client.py", FIX)
    assert outcome.result.status == "changed"
    text = outcome.new_bytes.decode("latin-1")
    assert 'print("d\xe9but")' in text
    ast.parse(text)


def test_cli_write_then_fixed_point(tmp_path: Path) -> None:
    (tmp_path / "health.py").write_text(PY2_HEALTH)
    (tmp_path / "infer.py").write_text(PY2_INFER)
    base = [sys.executable, "-m", "triton_migrate", str(tmp_path), "--format", "json", "-q", "--no-diff"]
    dry = subprocess.run(base, capture_output=True, text=True)
    report = json.loads(dry.stdout)
    assert report["summary"]["files_skipped"] == 2
    assert all("--fix-python2" in f["message"] for f in report["findings"])
    first = subprocess.run(base + ["--fix-python2", "--write"], capture_output=True, text=True)
    assert first.returncode == 1, first.stderr
    assert json.loads(first.stdout)["summary"]["files_changed"] == 2
    for name in ("health.py", "infer.py"):
        ast.parse((tmp_path / name).read_text())
    second = subprocess.run(base + ["--fix-python2", "--check"], capture_output=True, text=True)
    assert second.returncode == 0, second.stdout


@pytest.mark.realserver
@pytest.mark.slow
@pytest.mark.parametrize("protocol", ["http", "grpc"])
def test_converted_python2_program_runs(triton_server, tmp_path: Path, protocol: str) -> None:
    program = tmp_path / "health.py"
    program.write_text(PY2_HEALTH)
    subprocess.run([sys.executable, "-m", "triton_migrate", str(program), "--fix-python2", "--write", "-q"],
                   check=False, capture_output=True)
    proc = subprocess.run([sys.executable, str(program), "-u", triton_server.url(protocol), "-i", protocol],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr + "\n" + program.read_text()
    assert proc.stdout.splitlines() == ["live: True", "ready: True", "PASS"]
