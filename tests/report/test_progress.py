"""The progress line (triton_migrate.report.progress): on a terminal only, off under -q, in CI and in pipes.

The CLI runs with its stderr on a real pseudo-terminal.  The one-second delay
is set to 0 through TRITON_MIGRATE_PROGRESS_DELAY so that nothing depends on
how fast the machine is.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")

V1 = "import tritonhttpclient\n"


def tree(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("")
    for i in range(5):
        (tmp_path / f"c{i}.py").write_text(V1)
    return tmp_path


def run_on_pty(root: Path, *args: str, env: dict[str, str] | None = None) -> bytes:
    master, slave = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in ("CI", "PRE_COMMIT", "NO_COLOR")}
    full_env.update({"TRITON_MIGRATE_PROGRESS_DELAY": "0", **(env or {})})
    proc = subprocess.Popen([sys.executable, "-m", "triton_migrate", ".", "-j", "1", *args], cwd=root,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, env=full_env)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.communicate(timeout=300)
    os.close(master)
    return b"".join(chunks)


def test_progress_on_a_terminal(tmp_path: Path) -> None:
    err = run_on_pty(tree(tmp_path))
    # Six files (pyproject.toml too): files done of six, then the current file.
    shown = re.findall(rb"\r\x1b\[Ktriton-migrate: (\d+)/6 files(?:  (\S+))?", err)
    assert shown, err
    assert any(current.startswith(b"c") and current.endswith(b".py") for _, current in shown)
    assert [int(done) for done, _ in shown] == sorted(int(done) for done, _ in shown)
    # The line is erased before the report, whose last line is the summary.
    report = err.rsplit(b"\r\x1b[K", 1)[1]
    assert b"triton-migrate: " not in report
    assert b"5 files would change" in report.splitlines()[-1]


@pytest.mark.parametrize(("args", "env"), [(("-q",), {}), ((), {"CI": "true"})])
def test_no_progress_under_quiet_or_ci(tmp_path: Path, args: tuple[str, ...], env: dict[str, str]) -> None:
    err = run_on_pty(tree(tmp_path), *args, env=env)
    assert b"/6 files" not in err and b"\x1b[K" not in err


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PRE_COMMIT")}
    env["TRITON_MIGRATE_PROGRESS_DELAY"] = "0"
    proc = subprocess.run([sys.executable, "-m", "triton_migrate", ".", "-j", "1"], cwd=tree(tmp_path),
                          capture_output=True, env=env, timeout=300)
    assert b"/6 files" not in proc.stderr and b"\x1b[K" not in proc.stderr
