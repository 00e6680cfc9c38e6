"""Issue 11: a report a team can gate a PR on.  Each test failed on main before the fix."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import run_cli

from triton_migrate.rules import all_rules, get_rule, with_requirements

INFER = (
    "import numpy as np\n"
    "from tensorrtserver.api import InferContext, ProtocolType\n"
    "\n"
    "data = np.zeros(16, dtype=np.int32)\n"
    "ctx = InferContext('localhost:8000', ProtocolType.HTTP, 'simple')\n"
    "result = ctx.run({'INPUT0': (data,)}, {'OUTPUT0': InferContext.ResultFormat.RAW})\n"
    "print(result['OUTPUT0'][0])\n"
)
PY2_V1 = "from tensorrtserver.api import InferContext\nprint 'hello'\n"
BACKEND = (
    '#include "src/backends/custom/custom.h"\n'
    "int CustomInitialize(const CustomInitializeData* data, void** ctx) { return 0; }\n"
    "int CustomFinalize(void* ctx) { return 0; }\n"
    "int CustomExecute(void* ctx, uint32_t n, CustomPayload* p) { return 0; }\n"
)


def project(tmp_path: Path, files: dict[str, str | bytes], config: str = "") -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "pyproject.toml").write_text(config)
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return tmp_path


# --select and rule dependencies ------------------------------------------------

def test_rules_declare_known_requirements() -> None:
    ids = {r.id for r in all_rules()}
    assert set(get_rule("v1_infer").requires) == {"v1_imports", "v1_protocol"}
    for rule in all_rules():
        assert set(rule.requires) <= ids, rule.id
    assert b"requires: v1_imports, v1_protocol" in run_cli("explain", "v1_infer").stdout
    closure, added = with_requirements(["v1_infer"])
    assert closure[0] == "v1_infer" and set(closure) == {"v1_infer", "v1_imports", "v1_protocol"}
    assert added == {"v1_imports": ["v1_infer", "v1_protocol"], "v1_protocol": ["v1_infer"]}


def test_select_pulls_in_required_rules_and_the_code_runs_to_an_import(tmp_path: Path) -> None:
    root = project(tmp_path, {"client.py": INFER})
    proc = run_cli(".", "--select", "v1_infer", "--write", cwd=root)
    assert proc.returncode == 1, proc.stderr
    assert b"--select: also running v1_imports (required by v1_infer, v1_protocol), v1_protocol (required by v1_infer)" in proc.stderr
    new = (root / "client.py").read_text()
    assert "tensorrtserver" not in new and "ProtocolType" not in new
    assert "np_to_triton_dtype" in new and "from tritonclient.utils import" in new
    compile(new, "client.py", "exec")


def test_ignoring_a_required_rule_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path, {"client.py": INFER})
    proc = run_cli(".", "--ignore", "v1_imports", cwd=root)
    assert proc.returncode == 2
    assert b"--ignore: " in proc.stderr and b"require v1_imports" in proc.stderr
    assert (root / "client.py").read_text() == INFER
    # Ignoring the dependants too is fine.
    dependants = sorted(r.id for r in all_rules() if "v1_imports" in r.requires)
    proc = run_cli(".", "--ignore", ",".join(["v1_imports", *dependants]), cwd=root)
    assert proc.returncode in (0, 1), proc.stderr


# review warnings in every format ----------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "markdown", "github", "json", "sarif"])
def test_review_warnings_appear_in_every_format(tmp_path: Path, fmt: str) -> None:
    root = project(tmp_path, {"client.py": INFER})
    proc = run_cli(".", "--format", fmt, "--report", "report.out", cwd=root)
    assert proc.returncode == 1
    text = (root / "report.out").read_text()
    assert "Assumed model 'simple' batches" in text


# skipped V1 files are work left -------------------------------------------------

SKIPPED = {
    "python2": {"legacy.py": PY2_V1},
    "too_big": {"big.py": INFER + "x = 1\n" * 3000},
    "not_utf8": {"latin.py": INFER.encode() + "# caf\xe9\n".encode("latin-1")},
}


@pytest.mark.parametrize("kind", sorted(SKIPPED))
def test_a_skipped_v1_file_fails_check_and_fail_on_manual(tmp_path: Path, kind: str) -> None:
    root = project(tmp_path, SKIPPED[kind])
    [name] = SKIPPED[kind]
    before = (root / name).read_bytes()
    args = ["--max-file-size", "0.01"] if kind == "too_big" else []
    check = run_cli(".", "--check", *args, cwd=root)
    assert check.returncode == 1, check.stderr
    gate = run_cli(".", "--check", "--fail-on-manual", *args, cwd=root)
    assert gate.returncode == 1, gate.stderr
    quiet = run_cli(".", "--check", "-q", *args, cwd=root)
    assert quiet.returncode == 1
    lines = quiet.stderr.decode().splitlines()
    assert len([line for line in lines if name in line]) == 1, lines  # shown once, even under -q
    assert (root / name).read_bytes() == before


def test_a_binary_naming_v1_is_not_work_left(tmp_path: Path) -> None:
    root = project(tmp_path, {"lib.py": b"\x00\x01tensorrtserver\x00"})
    assert run_cli(".", "--check", cwd=root).returncode == 0


# options and configuration ------------------------------------------------------

def test_missing_model_repository_is_an_error(tmp_path: Path) -> None:
    root = project(tmp_path, {"client.py": INFER})
    proc = run_cli(".", "--model-repository", "nosuchdir", cwd=root)
    assert proc.returncode == 2
    assert b"--model-repository" in proc.stderr and b"nosuchdir: no such folder" in proc.stderr
    root2 = project(tmp_path / "cfg", {"client.py": INFER}, '[tool.triton-migrate]\nmodel-repository = ["modles"]\n')
    proc = run_cli(".", cwd=root2)
    assert proc.returncode == 2
    assert b"`model-repository` in [tool.triton-migrate]" in proc.stderr and b"modles: no such folder" in proc.stderr


@pytest.mark.parametrize(("given", "hint"), [("2.99", b"did you mean 2.72.0"), ("2.51.7", b"did you mean 2.51.0")])
def test_target_version_must_be_a_known_release(tmp_path: Path, given: str, hint: bytes) -> None:
    root = project(tmp_path, {"client.py": INFER})
    proc = run_cli(".", "--target-version", given, cwd=root)
    assert proc.returncode == 2
    assert b"--target-version" in proc.stderr and hint in proc.stderr
    assert run_cli(".", "--target-version", "2.51", cwd=root).returncode == 1


def test_config_errors_name_config_keys(tmp_path: Path) -> None:
    root = project(tmp_path, {"client.py": INFER}, '[tool.triton-migrate]\ntarget-version = "2.99"\n')
    proc = run_cli(".", cwd=root)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "`target-version` in [tool.triton-migrate]" in err and "did you mean 2.72.0" in err
    assert "--target-version" not in err and "Usage:" not in err
    (root / "pyproject.toml").write_text('[tool.triton-migrate]\nselect = ["v1_infr"]\n')
    err = run_cli(".", cwd=root).stderr.decode()
    assert "`select` in [tool.triton-migrate]" in err and "did you mean v1_infer" in err and "--select" not in err


def test_config_keys_get_did_you_mean(tmp_path: Path) -> None:
    root = project(tmp_path, {"client.py": INFER}, '[tool.triton-migrate]\ntarget_version = "2.51"\n')
    proc = run_cli(".", cwd=root)
    assert proc.returncode == 2
    assert b"unknown key `target_version` in [tool.triton-migrate] (did you mean `target-version`?)" in proc.stderr


# grouped findings ----------------------------------------------------------------

def test_findings_are_grouped_per_file_and_rule_but_json_keeps_each(tmp_path: Path) -> None:
    root = project(tmp_path, {"backend.cc": BACKEND})
    proc = run_cli(".", cwd=root)
    lines = [line for line in proc.stderr.decode().splitlines() if "cpp_custom_backend" in line]
    assert len(lines) == 1, lines
    assert "lines 1, 2, 3, 4" in lines[0] and "`CustomPayload`" in lines[0]
    data = json.loads(run_cli(".", "--format", "json", cwd=root).stdout)
    assert len([f for f in data["findings"] if f["rule"] == "cpp_custom_backend"]) >= 6
    assert get_rule("cpp_custom_backend").group and not get_rule("server_flags").group


def test_same_message_findings_group_even_without_the_property(tmp_path: Path) -> None:
    script = "".join(f"curl -s http://localhost:8000/api/status/m{i}\n" for i in range(3))
    root = project(tmp_path, {"check.sh": "#!/bin/sh\n" + script.replace("/m0", "").replace("/m1", "").replace("/m2", "")})
    err = run_cli(".", "--select", "status_endpoint", cwd=root).stderr.decode().splitlines()
    items = [line for line in err if "status_endpoint" in line and "check.sh" in line]
    assert len(items) == 1 and "lines 2, 3, 4" in items[0], err


# output layout -------------------------------------------------------------------

def test_summary_line_is_last_and_skipped_file_named_once(tmp_path: Path) -> None:
    root = project(tmp_path, {"client.py": INFER, "legacy.py": PY2_V1})
    lines = run_cli(".", cwd=root).stderr.decode().splitlines()
    assert lines[-1].startswith("1 file would change,")
    # The skipped file is named by its unparsable_file items only: the file, and its
    # one V1 line (not again under "Not processed").
    named = [line for line in lines if "legacy.py" in line]
    assert len(named) == 2 and all(line.startswith("legacy.py:") and " unparsable_file " in line for line in named), lines
    assert sum("Not migrated: file does not parse" in line for line in named) == 1, lines


def test_markdown_on_stdout_prints_nothing_else_on_stderr(tmp_path: Path) -> None:
    root = project(tmp_path, {"client.py": INFER})
    proc = run_cli(".", "--format", "markdown", cwd=root)
    assert proc.stdout.decode().startswith("## triton-migrate report")
    assert proc.stderr == b""


def test_no_color_and_force_color(tmp_path: Path) -> None:
    root = project(tmp_path, {"client.py": INFER})
    forced = run_cli(".", cwd=root, env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert b"\x1b[" in forced.stdout and b"\x1b[" in forced.stderr
    plain = run_cli(".", cwd=root, env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert b"\x1b[" not in plain.stdout + plain.stderr
    explicit = run_cli(".", "--color", cwd=root, env={"NO_COLOR": "1"})
    assert b"\x1b[" in explicit.stdout


def test_rules_are_sorted() -> None:
    proc = run_cli("rules")
    ids = [line.split()[0] for line in proc.stdout.decode().splitlines()]
    assert ids == sorted(ids) and "v1_infer" in ids
    data = json.loads(run_cli("rules", "--format", "json").stdout)
    assert [r["id"] for r in data] == sorted(r["id"] for r in data)


# a permission error on write ---------------------------------------------------------

def _assert_write_failure_reported(proc, root: Path, before: str) -> None:  # type: ignore[no-untyped-def]
    assert proc.returncode == 1, proc.stderr
    err = proc.stderr.decode()
    assert "client.py:1:1: unwritable_file Not written: cannot write: Permission denied" in err
    assert "internal_error" not in err
    assert err.splitlines()[-1].startswith("0 files changed,") and "rewritten" not in err.splitlines()[-1]
    assert (root / "client.py").read_text() == before
    assert not [p for p in root.iterdir() if p.name.endswith(".triton-migrate.tmp")]


def test_permission_error_on_write_is_a_clear_per_file_error(tmp_path: Path) -> None:
    """A real read-only folder; as root (which permissions do not stop) the CLI runs as `nobody`."""
    import shutil
    import subprocess
    import sys
    import tempfile

    if os.name != "posix":
        pytest.skip("POSIX permissions")
    as_root = os.geteuid() == 0
    setpriv = shutil.which("setpriv")
    if as_root and setpriv is None:
        pytest.skip("running as root without setpriv to drop privileges")
    # Outside pytest's 0700 temporary tree, so that `nobody` can read it.
    base = Path(tempfile.mkdtemp(prefix="tm-perm-"))
    try:
        base.chmod(0o755)
        root = project(base / "proj", {"src/client.py": INFER})
        for folder in (root, root / "src"):
            folder.chmod(0o755)
        folder = root / "src"
        if not as_root:
            folder.chmod(0o555)
        prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] if as_root else []
        env = {k: v for k, v in os.environ.items() if k != "PRE_COMMIT"}
        env["NO_COLOR"] = "1"
        proc = subprocess.run([*prefix, sys.executable, "-m", "triton_migrate", "src", "--write"],
                              cwd=root, capture_output=True, env=env, timeout=300)
        folder.chmod(0o755)
        _assert_write_failure_reported(proc, folder, INFER)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_permission_error_on_write_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same with the failure injected (the suite may run as root, which permissions do not stop)."""
    from types import SimpleNamespace

    from click.testing import CliRunner

    import triton_migrate.runner as runner
    from triton_migrate.cli import main

    root = project(tmp_path, {"client.py": INFER})

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied", dst)

    monkeypatch.setattr(runner.os, "replace", refuse)
    monkeypatch.chdir(root)
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    try:
        runner_ = CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        runner_ = CliRunner()
    result = runner_.invoke(main, [".", "--write", "-j", "1"])
    proc = SimpleNamespace(returncode=result.exit_code, stderr=result.stderr_bytes)
    _assert_write_failure_reported(proc, root, INFER)


# multi-line compose entrypoint, and `flags` with a wrapper -------------------------------

def test_multi_line_compose_entrypoint_is_migrated_whole() -> None:
    from fixture_cases import FIXTURES

    from triton_migrate.engine import migrate_text
    from triton_migrate.settings import Settings

    text = (FIXTURES / "server_flags" / "compose_entrypoint.input.yml").read_text()
    result = migrate_text(text, "docker-compose.yml", Settings())
    import re

    services = re.split(r"\n  (?=\S)", result.new)
    for name in ("folded:", "plain:", "literal:", "listed:"):
        [block] = [s for s in services if s.startswith(name)]
        assert "trtserver" not in block and "--model-store" not in block, block
        assert "tritonserver" in block and "--model-repository=/models" in block, block
    # A form it cannot fold exactly (a more-indented line) is reported, not half-done.
    [odd] = [s for s in services if s.startswith("more_indented:")]
    assert "trtserver" in odd
    assert any(not f.applied and f.rule == "server_flags" and f.line == 28 for f in result.findings)


def test_flags_command_accepts_a_wrapper_before_the_server() -> None:
    proc = run_cli("flags", "--", "/opt/tritonserver/nvidia_entrypoint.sh", "trtserver", "--model-store=/m")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().startswith("/opt/tritonserver/nvidia_entrypoint.sh tritonserver ")
    assert "--model-repository=/m" in proc.stdout.decode()
    data = json.loads(run_cli("flags", "--format", "json", "--", "env", "A=1", "trtserver", "--model-store=/m").stdout)
    assert data["argv"][:3] == ["env", "A=1", "tritonserver"]
    alias = next(f for f in data["findings"] if "--model-store" in f["message"])
    assert alias["column"] == len("env A=1 trtserver ")
    assert run_cli("flags", "--", "ls", "-l").returncode == 2
    assert run_cli("flags", "--target-version", "2.99", "--", "trtserver").returncode == 2


def test_the_engine_runs_what_a_selection_requires() -> None:
    """The library API completes a selection as the CLI does (one place: with_required_rules):
    migrate_text with only v1_infer selected gives code that imports what it names."""
    from triton_migrate.engine import migrate_bytes, migrate_text, with_required_rules
    from triton_migrate.settings import Settings

    only = Settings(select=frozenset({"v1_infer"}))
    assert with_required_rules(only).select == {"v1_infer", "v1_imports", "v1_protocol"}
    assert with_required_rules(Settings()) == Settings()
    for new in (migrate_text(INFER, "client.py", only).new,
                migrate_bytes(INFER.encode(), "client.py", only).result.new):
        assert new is not None
        assert "tensorrtserver" not in new and "ProtocolType" not in new, new
        assert "import tritonclient." in new and "np_to_triton_dtype" in new
        compile(new, "client.py", "exec")
    # An explicit --ignore still wins (the CLI refuses that pair; the library leaves it to the caller).
    alone = migrate_text(INFER, "client.py", Settings(select=frozenset({"v1_infer"}), ignore=frozenset({"v1_imports"})))
    assert {f.rule for f in alone.findings} <= {"v1_infer", "v1_protocol", "v1_client_api"}
