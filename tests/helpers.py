"""Small helpers shared by the CLI-level tests."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "v1-project"


def run_cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed command line as a user would, in a subprocess."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("PRE_COMMIT", None) if env is None or "PRE_COMMIT" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "triton_migrate", *args],
        cwd=cwd, input=stdin, capture_output=True, env=full_env, timeout=600,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file's bytes under folder (symlinks recorded by target)."""
    out: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            out[rel] = b"->" + os.readlink(path).encode()
        elif path.is_file():
            try:
                out[rel] = path.read_bytes()
            except PermissionError:
                out[rel] = b"<unreadable>"
    return out
