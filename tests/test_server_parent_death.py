"""A server process started by the harness dies with the process that started it.

`triton_migrate.tritonserver.die_with_parent` is the ``preexec_fn`` of every tritonserver the
tests and the tool start: when the starting process is killed before its teardown (a SIGKILL,
a CI timeout), the kernel sends the server SIGTERM, so no server outlives the run. Checked
here on a plain long-running process started the same way (own session, same preexec_fn), by
a parent that is then killed with SIGKILL.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from triton_migrate import tritonserver as ts

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")

_PARENT = """
import subprocess, sys, time
from triton_migrate import tritonserver as ts
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"],
                         start_new_session=True, preexec_fn=ts.die_with_parent)
print(child.pid, flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as handle:  # a zombie waiting for its reaper counts as gone
        return handle.read().split(") ", 1)[1][0] != "Z"


def test_child_gets_sigterm_when_its_starter_is_killed() -> None:
    parent = subprocess.Popen([sys.executable, "-c", _PARENT], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())  # type: ignore[union-attr]
    try:
        assert _alive(child)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 30
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child), "the child outlived the process that started it"
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)
        parent.stdout.close()  # type: ignore[union-attr]


def test_harmless_in_a_living_parent() -> None:
    out = subprocess.run([sys.executable, "-c", "print('ok')"], capture_output=True, text=True,
                         preexec_fn=ts.die_with_parent, check=True)
    assert out.stdout == "ok\n"
