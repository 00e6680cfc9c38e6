"""Bad input gets a finding or a clear message and loses nothing."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from helpers import run_cli, snapshot

V1 = b"import tritonhttpclient\n"


def make_tree(root: Path) -> dict[str, str]:
    """Write one file per kind of bad input; return name -> expected status."""
    files = {
        "py2.py": (b"import tritonhttpclient\nprint 'ready'\n", "skipped"),
        "latin1.py": (b"import tritonhttpclient\nNAME = '\xe9t\xe9'\n", "skipped"),
        "binary.py": (b"tritonhttpclient\x00\x01\x02\xff", "skipped"),
        "empty.py": (b"", None),
        "crlf.py": (b"import tritonhttpclient\r\nx = 1\r\n", "changed"),
        "mixed.py": (b"import tritonhttpclient\r\nx = 1\ny = 2\r\n", "changed"),
        "bom.py": (b"\xef\xbb\xbfimport tritonhttpclient\n", "changed"),
        "no_final_newline.py": (b"import tritonhttpclient", "changed"),
        "cookie.py": (b"# -*- coding: latin-1 -*-\nimport tritonhttpclient\nNAME = '\xe9'\n", "changed"),
        "shift_jis.py": ("import tritonhttpclient\nNAME = '日本'\n".encode("shift_jis"), "skipped"),
        "deep.py": (b"import tritonhttpclient\nx = " + b"(" * 5000 + b"1" + b")" * 5000 + b"\n", "skipped"),
    }
    for name, (data, _) in files.items():
        (root / name).write_bytes(data)
    (root / "loop.py").symlink_to("loop.py")
    outside = root.parent / "outside.py"
    outside.write_bytes(V1)
    (root / "link_out.py").symlink_to(outside)
    unreadable = root / "unreadable.py"
    unreadable.write_bytes(V1)
    unreadable.chmod(0)
    (root / "run.py").write_bytes(V1)
    (root / "run.py").chmod(0o755)
    statuses = {name: status for name, (_, status) in files.items()}
    statuses.update({"loop.py": "skipped", "link_out.py": "skipped", "run.py": "changed"})
    return statuses


@pytest.fixture()
def tree(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "tree"
    root.mkdir()
    (root / "pyproject.toml").write_text("")
    statuses = make_tree(root)
    yield root, statuses
    (root / "unreadable.py").chmod(0o644)


def test_every_bad_input_is_reported_and_kept(tree: tuple[Path, dict[str, str]]) -> None:
    root, statuses = tree
    before = snapshot(root)
    outside_before = (root.parent / "outside.py").read_bytes()
    proc = run_cli(".", "--write", "--format", "json", cwd=root)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    by_path = {f["path"]: f for f in report["files"]}
    for name, status in statuses.items():
        if status is None:
            continue
        assert by_path[name]["status"] == status, (name, by_path[name])
        if status == "skipped":
            assert by_path[name]["reason"], name
    if os.geteuid() != 0:  # root can read a mode-0 file
        assert by_path["unreadable.py"]["status"] == "error"
    after = snapshot(root)
    for name, status in statuses.items():
        if status != "changed":
            assert after[name] == before[name], f"{name} was modified"
    assert (root.parent / "outside.py").read_bytes() == outside_before
    assert after["loop.py"] == before["loop.py"]
    # Files that changed keep their encoding, BOM, newlines and mode.
    assert after["crlf.py"] == b"import tritonclient.http as tritonhttpclient\r\nx = 1\r\n"
    assert after["mixed.py"] == b"import tritonclient.http as tritonhttpclient\r\nx = 1\ny = 2\r\n"
    assert after["bom.py"] == b"\xef\xbb\xbfimport tritonclient.http as tritonhttpclient\n"
    assert after["no_final_newline.py"] == b"import tritonclient.http as tritonhttpclient"
    assert after["cookie.py"] == b"# -*- coding: latin-1 -*-\nimport tritonclient.http as tritonhttpclient\nNAME = '\xe9'\n"
    assert stat.S_IMODE((root / "run.py").stat().st_mode) == 0o755
    # Findings say why, for the files that may hold V1 usages.
    rules = {(f["path"], f["rule"]) for f in report["findings"]}
    assert ("py2.py", "unparsable_file") in rules
    assert ("latin1.py", "undecodable_file") in rules
    assert ("shift_jis.py", "undecodable_file") in rules
    assert ("binary.py", "binary_file") in rules
    assert ("deep.py", "unparsable_file") in rules
    py2 = next(f for f in report["findings"] if f["path"] == "py2.py")
    assert "Python 2" in py2["message"]
    # No temporary files left behind.
    assert not [p for p in root.iterdir() if p.name.endswith(".triton-migrate.tmp")]


def test_second_run_is_clean(tree: tuple[Path, dict[str, str]]) -> None:
    root, _ = tree
    run_cli(".", "--write", cwd=root)
    first = snapshot(root)
    proc = run_cli(".", "--write", cwd=root)
    # Exit 1: the tree still holds V1 files the tool could not migrate (issue 11).
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert snapshot(root) == first
    assert b"0 files changed" in proc.stderr.splitlines()[-1]


def test_stale_temporary_files_are_removed_on_write(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "a.py").write_bytes(V1)
    stale = tmp_path / ".a.py.x1y2.triton-migrate.tmp"
    stale.write_bytes(b"partial")
    run_cli(".", cwd=tmp_path)
    assert stale.exists(), "a dry run must not delete anything"
    run_cli(".", "--write", cwd=tmp_path)
    assert not stale.exists()


def test_explicit_symlink_is_not_written_through(tmp_path: Path) -> None:
    target = tmp_path / "real.py"
    target.write_bytes(V1)
    link = tmp_path / "link.py"
    link.symlink_to(target)
    proc = run_cli("link.py", "--write", "--format", "json", cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert data["files"][0]["status"] == "skipped"
    assert "symbolic link" in data["files"][0]["reason"]
    assert link.is_symlink() and target.read_bytes() == V1


def test_large_file_is_reported_not_parsed(tmp_path: Path) -> None:
    body = b"x = 1\n" * (10 * 1024 * 1024 // 6)
    (tmp_path / "big.py").write_bytes(V1 + body)
    (tmp_path / "pyproject.toml").write_text("")
    proc = run_cli(".", "--write", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1  # a V1 file the tool could not migrate is work left
    data = json.loads(proc.stdout)
    assert data["files"][0]["status"] == "skipped"
    assert "--max-file-size" in data["files"][0]["reason"]
    assert data["findings"][0]["rule"] == "unparsable_file"
    assert (tmp_path / "big.py").read_bytes() == V1 + body


def test_file_size_limit_can_be_raised(tmp_path: Path) -> None:
    body = b"x = 1\n" * 4000
    (tmp_path / "mid.py").write_bytes(V1 + body)
    (tmp_path / "pyproject.toml").write_text("")
    assert run_cli(".", "--max-file-size", "0.01", cwd=tmp_path).returncode == 1  # skipped V1 file: work left
    proc = run_cli(".", "--max-file-size", "1", "--write", cwd=tmp_path)
    assert proc.returncode == 1
    assert (tmp_path / "mid.py").read_bytes() == b"import tritonclient.http as tritonhttpclient\n" + body
