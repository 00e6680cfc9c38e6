"""Bad input gets a finding or a clear message and loses nothing.

First Python files (encodings, binary, Python 2, depth, size, symlinks), then
deployment files (legacy encodings, YAML oddities, heredocs, unreadable files, links).
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
import yaml
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
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert snapshot(root) == first


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
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data["files"][0]["status"] == "skipped"
    assert "--max-file-size" in data["files"][0]["reason"]
    assert data["findings"][0]["rule"] == "unparsable_file"
    assert (tmp_path / "big.py").read_bytes() == V1 + body


def test_file_size_limit_can_be_raised(tmp_path: Path) -> None:
    body = b"x = 1\n" * 4000
    (tmp_path / "mid.py").write_bytes(V1 + body)
    (tmp_path / "pyproject.toml").write_text("")
    assert run_cli(".", "--max-file-size", "0.01", cwd=tmp_path).returncode == 0
    proc = run_cli(".", "--max-file-size", "1", "--write", cwd=tmp_path)
    assert proc.returncode == 1
    assert (tmp_path / "mid.py").read_bytes() == b"import tritonclient.http as tritonhttpclient\n" + body


# --- deployment files ---------------------------------------------------------------

SERVER = "trtserver --model-store=/models\n"


def _run(deploy_tree: Path, *args: str) -> tuple[dict, dict[str, dict]]:
    proc = run_cli(".", "--write", "--format", "json", *args, cwd=deploy_tree)
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    return report, {f["path"]: f for f in report["files"]}


@pytest.fixture()
def deploy_tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    root.mkdir()
    (root / "pyproject.toml").write_text("")
    return root


def test_legacy_encodings_in_shell_and_yaml_are_reported_and_kept(deploy_tree: Path) -> None:
    files = {
        "sjis.sh": ("# サーバー起動\n" + SERVER).encode("shift_jis"),
        "latin1.sh": ("# d\xe9marrage\n" + SERVER).encode("latin-1"),
        "sjis.yaml": ("# 設定\nimage: nvcr.io/nvidia/tensorrtserver:20.02-py3\n").encode("shift_jis"),
        "latin1.yaml": ("# r\xe9glage\nimage: nvcr.io/nvidia/tensorrtserver:20.02-py3\n").encode("latin-1"),
    }
    for name, data in files.items():
        (deploy_tree / name).write_bytes(data)
    report, by_path = _run(deploy_tree)
    for name, data in files.items():
        assert (deploy_tree / name).read_bytes() == data, name
        assert by_path[name]["status"] == "skipped" and by_path[name]["reason"], by_path[name]
    rules = {(f["path"], f["rule"]) for f in report["findings"]}
    assert all((name, "undecodable_file") in rules for name in files)


def test_yaml_anchors_and_helm_templates(deploy_tree: Path) -> None:
    anchors = (
        "x-server: &server\n"
        "  image: nvcr.io/nvidia/tensorrtserver:20.02-py3\n"
        "  command: [\"trtserver\", \"--model-store=/models\"]\n"
        "services:\n"
        "  a:\n"
        "    <<: *server\n"
        "  b: *server\n"
    )
    helm = (
        "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n"
        "        - name: server\n"
        "          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n"
        "          command: [\"trtserver\", \"--model-store={{ .Values.modelStore }}\"]\n"
        "{{- if .Values.probes }}\n"
        "          livenessProbe:\n            httpGet:\n              path: /api/health/live\n              port: 8000\n"
        "{{- end }}\n"
    )
    (deploy_tree / "compose.yml").write_text(anchors)
    (deploy_tree / "templates").mkdir()
    (deploy_tree / "templates" / "deployment.yaml").write_text(helm)
    _, by_path = _run(deploy_tree)
    assert by_path["compose.yml"]["status"] in ("changed", "unchanged")
    new = (deploy_tree / "compose.yml").read_text()
    assert "&server" in new and "*server" in new and "<<: *server" in new
    loaded = yaml.safe_load(new)
    assert loaded["services"]["b"] == loaded["x-server"]
    status = by_path["templates/deployment.yaml"]
    assert status["status"] in ("changed", "unchanged", "skipped"), status
    text = (deploy_tree / "templates" / "deployment.yaml").read_text()
    assert "{{- if .Values.probes }}" in text and "{{ .Values.image.repository }}" in text
    if status["status"] == "skipped":
        assert text == helm and status["reason"]


def test_invalid_yaml_is_reported_and_kept(deploy_tree: Path) -> None:
    bad = "image: nvcr.io/nvidia/tensorrtserver:20.02-py3\n  command: [trtserver\nkey: : :\n"
    (deploy_tree / "bad.yaml").write_bytes(bad.encode())
    report, by_path = _run(deploy_tree)
    assert (deploy_tree / "bad.yaml").read_bytes() == bad.encode()
    assert by_path["bad.yaml"]["status"] == "skipped" and by_path["bad.yaml"]["reason"]
    assert ("bad.yaml", "unparsable_file") in {(f["path"], f["rule"]) for f in report["findings"]}


def test_dockerfile_heredocs_survive(deploy_tree: Path) -> None:
    text = (
        "FROM nvcr.io/nvidia/tensorrtserver:20.02-py3\n"
        "RUN <<EOF\n"
        "echo start\n"
        "cat > /start.sh <<'INNER'\n"
        "trtserver --model-store=/models\n"
        "INNER\n"
        "EOF\n"
        "COPY <<EOF /etc/motd\n"
        "trtserver is started by /start.sh\n"
        "EOF\n"
        "CMD [\"/bin/sh\", \"/start.sh\"]\n"
    )
    (deploy_tree / "Dockerfile").write_text(text)
    report, by_path = _run(deploy_tree)
    assert by_path["Dockerfile"]["status"] in ("changed", "unchanged", "skipped"), by_path["Dockerfile"]
    new = (deploy_tree / "Dockerfile").read_text()
    lines = new.splitlines()
    # The heredoc structure (openers and terminators) is intact.
    assert lines.count("EOF") == 2 and "INNER" in lines
    assert lines[1] == "RUN <<EOF" and any(line.startswith("COPY <<EOF") for line in lines)
    if by_path["Dockerfile"]["status"] == "skipped":
        assert new == text


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads mode-0 files")
def test_unreadable_files_are_reported(deploy_tree: Path) -> None:
    for name in ("run.sh", "k8s.yaml", "Dockerfile"):
        path = deploy_tree / name
        path.write_text(SERVER if name != "k8s.yaml" else "image: nvcr.io/nvidia/tensorrtserver:20.02-py3\n")
        path.chmod(0)
    try:
        report, by_path = _run(deploy_tree)
        for name in ("run.sh", "k8s.yaml", "Dockerfile"):
            assert by_path[name]["status"] == "error" and "cannot read" in by_path[name]["reason"]
    finally:
        for name in ("run.sh", "k8s.yaml", "Dockerfile"):
            (deploy_tree / name).chmod(0o644)


def test_symlink_loops_terminate_and_change_nothing(deploy_tree: Path) -> None:
    (deploy_tree / "real.sh").write_text(SERVER)
    (deploy_tree / "self.sh").symlink_to("self.sh")
    (deploy_tree / "a.yaml").symlink_to("b.yaml")
    (deploy_tree / "b.yaml").symlink_to("a.yaml")
    sub = deploy_tree / "sub"
    sub.mkdir()
    (sub / "up").symlink_to("..", target_is_directory=True)
    (sub / "loop").symlink_to("loop", target_is_directory=True)
    before = snapshot(deploy_tree)
    _, by_path = _run(deploy_tree)
    for name in ("self.sh", "a.yaml", "b.yaml"):
        assert by_path[name]["status"] == "skipped" and "loop" in by_path[name]["reason"], by_path[name]
    after = snapshot(deploy_tree)
    assert {k for k in after if after[k] != before.get(k)} <= {"real.sh"}
    assert after["real.sh"] != before["real.sh"]
