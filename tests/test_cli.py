"""The command line as a user meets it: dry run, --write, --check, formats, exit codes, config."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import EXAMPLE, run_cli, snapshot

V1_SOURCE = "import tritonhttpclient\nfrom tritonclientutils import InferenceServerException\n"
V2_SOURCE = "import tritonclient.http as tritonhttpclient\nfrom tritonclient.utils import InferenceServerException\n"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(EXAMPLE, root)
    (root / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    return root


def test_dry_run_shows_diff_and_writes_nothing(project: Path) -> None:
    before = snapshot(project)
    proc = run_cli(str(project), cwd=project)
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout.decode()
    assert "--- a/" in out and "+++ b/" in out
    assert "+import tritonclient.http as tritonhttpclient" in out
    assert "need" in proc.stderr.decode().splitlines()[-1]
    assert snapshot(project) == before


def test_diff_is_sorted_and_deterministic(project: Path) -> None:
    first = run_cli(".", "-j", "2", cwd=project).stdout
    second = run_cli(".", "-j", "1", cwd=project).stdout
    assert first == second
    headers = [line for line in first.decode().splitlines() if line.startswith("--- a/")]
    assert headers == sorted(headers)


def test_write_then_fixed_point_and_check(project: Path) -> None:
    assert run_cli(".", "--check", cwd=project).returncode == 1
    proc = run_cli(".", "--write", cwd=project)
    assert proc.returncode == 1, proc.stderr
    after_first = snapshot(project)
    assert after_first != snapshot(EXAMPLE)
    proc = run_cli(".", "--write", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert snapshot(project) == after_first
    check = run_cli(".", "--check", cwd=project)
    assert check.returncode == 0
    assert check.stdout == b""


def test_check_lists_files(project: Path) -> None:
    proc = run_cli(".", "--check", cwd=project)
    assert proc.returncode == 1
    assert "would change: client/legacy_2020.py" in proc.stdout.decode()


def test_fail_on_manual(tmp_path: Path) -> None:
    (tmp_path / "c.py").write_text("from tensorrtserver.api import *\n")
    (tmp_path / "pyproject.toml").write_text("")
    assert run_cli(".", "--select", "v1_client_api", cwd=tmp_path).returncode == 0
    assert run_cli(".", "--select", "v1_client_api", "--fail-on-manual", cwd=tmp_path).returncode == 1


def test_json_report_contract(project: Path) -> None:
    proc = run_cli(".", "--format", "json", cwd=project)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["schema_version"] == 2
    assert data["tool"]["name"] == "triton-migrate" and data["tool"]["version"]
    assert {"files_changed", "manual", "applied"} <= set(data["summary"])
    for entry in data["files"]:
        assert set(entry) == {"path", "status", "reason"}
        assert entry["status"] in {"changed", "unchanged", "skipped", "error"}
        assert "\\" not in entry["path"]
    assert data["findings"], "the example project has findings"
    for finding in data["findings"]:
        assert set(finding) == {"rule", "path", "line", "column", "end_line", "end_column",
                                "severity", "applied", "message", "replacement", "docs"}
        assert finding["severity"] in {"error", "warning", "info"}
        assert finding["line"] >= 1 and isinstance(finding["applied"], bool)
    paths = {e["path"] for e in data["files"]}
    assert "client/legacy_2020.py" in paths


def test_paths_are_reported_as_given(project: Path) -> None:
    proc = run_cli("client/legacy_2020.py", "--format", "json", cwd=project)
    data = json.loads(proc.stdout)
    assert [f["path"] for f in data["files"]] == ["client/legacy_2020.py"]
    proc = run_cli("./client", "--format", "json", cwd=project)
    assert "./client/legacy_2020.py" in {f["path"] for f in json.loads(proc.stdout)["files"]}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "markdown", "github"])
def test_every_format_to_report_file(project: Path, fmt: str) -> None:
    report = project.parent / f"report.{fmt}"
    proc = run_cli(".", "--format", fmt, "--report", str(report), cwd=project)
    assert proc.returncode == 1
    text = report.read_text()
    assert text.strip()
    assert "--- a/" in proc.stdout.decode()  # the diff still goes to stdout
    if fmt in ("json", "sarif"):
        json.loads(text)


def test_select_and_ignore(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(V1_SOURCE)
    (tmp_path / "pyproject.toml").write_text("")
    assert run_cli(".", "--ignore", "early_v2_modules", cwd=tmp_path).returncode == 0
    assert run_cli(".", "--select", "early_v2_modules", cwd=tmp_path).returncode == 1
    bad = run_cli(".", "--select", "early_v2_module", cwd=tmp_path)
    assert bad.returncode == 2
    assert b"did you mean early_v2_modules" in bad.stderr


def test_config_in_pyproject_and_cli_wins(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(V1_SOURCE)
    (tmp_path / "pyproject.toml").write_text('[tool.triton-migrate]\nignore = ["early_v2_modules"]\n')
    assert run_cli(".", cwd=tmp_path).returncode == 0
    assert run_cli(".", "--ignore", "v1_client_api", cwd=tmp_path).returncode == 1
    (tmp_path / "pyproject.toml").write_text('[tool.triton-migrate]\nunknown-key = 1\n')
    assert run_cli(".", cwd=tmp_path).returncode == 2


def test_exclude_is_relative_to_project_root(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.triton-migrate]\nexclude = ["vendor/"]\n')
    for folder in ("src", "vendor", "src/vendor_like"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "m.py").write_text(V1_SOURCE)
    proc = run_cli("src", "--format", "json", cwd=tmp_path)
    paths = {f["path"] for f in json.loads(proc.stdout)["files"]}
    assert paths == {"src/m.py", "src/vendor_like/m.py"}
    proc = run_cli(".", "--format", "json", "--exclude", "src/vendor_like/**", cwd=tmp_path)
    paths = {f["path"] for f in json.loads(proc.stdout)["files"] if f["path"].endswith(".py")}
    assert paths == {"src/m.py"}


def test_gitignore_and_default_skips(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("generated/\n*.gen.py\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".gitignore").write_text("local_only.py\n")
    files = ["keep.py", "x.gen.py", "generated/a.py", "sub/local_only.py", "sub/kept.py",
             "node_modules/p/a.py", ".venv/lib/a.py", "build/lib/a.py", "myenv/lib/a.py"]
    for rel in files:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(V1_SOURCE)
    (tmp_path / "myenv" / "pyvenv.cfg").write_text("home = /usr\n")
    proc = run_cli(".", "--format", "json", cwd=tmp_path)
    paths = {f["path"] for f in json.loads(proc.stdout)["files"]}
    assert paths == {"keep.py", "sub/kept.py"}


def test_stdin(tmp_path: Path) -> None:
    proc = run_cli("-", "--stdin-filename", "client.py", cwd=tmp_path, stdin=V1_SOURCE.encode())
    assert proc.returncode == 1
    assert "+import tritonclient.http as tritonhttpclient" in proc.stdout.decode()
    proc = run_cli("-", "--stdin-filename", "client.py", "--write", cwd=tmp_path, stdin=V1_SOURCE.encode())
    assert proc.stdout.decode() == V2_SOURCE
    proc = run_cli("-", "--stdin-filename", "client.py", cwd=tmp_path, stdin=V2_SOURCE.encode())
    assert proc.returncode == 0 and proc.stdout == b""


def test_missing_path_is_usage_error(tmp_path: Path) -> None:
    proc = run_cli("does-not-exist", cwd=tmp_path)
    assert proc.returncode == 2
    assert b"no such file" in proc.stderr
    assert run_cli(cwd=tmp_path).returncode == 2
    assert run_cli(".", "--write", "--check", cwd=tmp_path).returncode == 2
    assert run_cli(".", "--target-version", "1.11", cwd=tmp_path).returncode == 2


def test_rules_and_explain() -> None:
    proc = run_cli("rules")
    assert proc.returncode == 0
    lines = proc.stdout.decode().splitlines()
    assert any(line.startswith("early_v2_modules") and "safe" in line for line in lines)
    data = json.loads(run_cli("rules", "--format", "json").stdout)
    assert {r["fix"] for r in data} <= {"safe", "review", "report-only"}
    proc = run_cli("explain", "v1_shared_memory")
    assert proc.returncode == 0 and b"triton_shm_name" in proc.stdout
    assert run_cli("explain", "nope").returncode == 2


def test_quiet_when_not_a_terminal(project: Path) -> None:
    proc = run_cli(".", "--write", cwd=project)
    assert b"\r" not in proc.stderr and b"\x1b[" not in proc.stderr


def test_pre_commit_env_runs_serially(project: Path) -> None:
    proc = run_cli(".", "--check", cwd=project, env={"PRE_COMMIT": "1"})
    assert proc.returncode == 1


def test_check_with_json_on_stdout_prints_only_json(project: Path) -> None:
    proc = run_cli(".", "--check", "--format", "json", cwd=project)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert "client/legacy_2020.py" in {f["path"] for f in data["files"] if f["status"] == "changed"}
