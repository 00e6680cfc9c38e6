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


def migrate_checked(text: str, path: str = "shape.py"):  # type: ignore[no-untyped-def]
    """Migrate ``text`` with the engine and check what every property test checks: the output parses,
    a second run changes nothing, and no V1 line is left without a finding. Returns (result, new text)."""
    import ast

    from v1_sites import silent_lines

    from triton_migrate.engine import migrate_text
    from triton_migrate.settings import Settings

    first = migrate_text(text, path, Settings())
    assert first.status in ("changed", "unchanged"), first.reason
    new = first.new if first.status == "changed" and first.new is not None else text
    ast.parse(new)
    second = migrate_text(new, path, Settings())
    assert second.status != "changed", "a second run changes the output"
    named: set[int] = set()
    for f in first.findings:
        named.update(range(f.line, max(f.end_line, f.line) + 1))
    assert not silent_lines(text, new, named, path), new
    return first, new
