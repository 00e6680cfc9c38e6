"""Bad deployment files (encodings, YAML oddities, heredocs, links) give a finding or a clear message and lose nothing."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from helpers import run_cli, snapshot

SERVER = "trtserver --model-store=/models\n"


def _run(tree: Path, *args: str) -> tuple[dict, dict[str, dict]]:
    proc = run_cli(".", "--write", "--format", "json", *args, cwd=tree)
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    return report, {f["path"]: f for f in report["files"]}


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    root.mkdir()
    (root / "pyproject.toml").write_text("")
    return root


def test_legacy_encodings_in_shell_and_yaml_are_reported_and_kept(tree: Path) -> None:
    files = {
        "sjis.sh": ("# サーバー起動\n" + SERVER).encode("shift_jis"),
        "latin1.sh": ("# d\xe9marrage\n" + SERVER).encode("latin-1"),
        "sjis.yaml": ("# 設定\nimage: nvcr.io/nvidia/tensorrtserver:20.02-py3\n").encode("shift_jis"),
        "latin1.yaml": ("# r\xe9glage\nimage: nvcr.io/nvidia/tensorrtserver:20.02-py3\n").encode("latin-1"),
    }
    for name, data in files.items():
        (tree / name).write_bytes(data)
    report, by_path = _run(tree)
    for name, data in files.items():
        assert (tree / name).read_bytes() == data, name
        assert by_path[name]["status"] == "skipped" and by_path[name]["reason"], by_path[name]
    rules = {(f["path"], f["rule"]) for f in report["findings"]}
    assert all((name, "undecodable_file") in rules for name in files)


def test_yaml_anchors_and_helm_templates(tree: Path) -> None:
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
    (tree / "compose.yml").write_text(anchors)
    (tree / "templates").mkdir()
    (tree / "templates" / "deployment.yaml").write_text(helm)
    _, by_path = _run(tree)
    assert by_path["compose.yml"]["status"] in ("changed", "unchanged")
    new = (tree / "compose.yml").read_text()
    assert "&server" in new and "*server" in new and "<<: *server" in new
    loaded = yaml.safe_load(new)
    assert loaded["services"]["b"] == loaded["x-server"]
    status = by_path["templates/deployment.yaml"]
    assert status["status"] in ("changed", "unchanged", "skipped"), status
    text = (tree / "templates" / "deployment.yaml").read_text()
    assert "{{- if .Values.probes }}" in text and "{{ .Values.image.repository }}" in text
    if status["status"] == "skipped":
        assert text == helm and status["reason"]


def test_invalid_yaml_is_reported_and_kept(tree: Path) -> None:
    bad = "image: nvcr.io/nvidia/tensorrtserver:20.02-py3\n  command: [trtserver\nkey: : :\n"
    (tree / "bad.yaml").write_bytes(bad.encode())
    report, by_path = _run(tree)
    assert (tree / "bad.yaml").read_bytes() == bad.encode()
    assert by_path["bad.yaml"]["status"] == "skipped" and by_path["bad.yaml"]["reason"]
    assert ("bad.yaml", "unparsable_file") in {(f["path"], f["rule"]) for f in report["findings"]}


def test_dockerfile_heredocs_survive(tree: Path) -> None:
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
    (tree / "Dockerfile").write_text(text)
    report, by_path = _run(tree)
    assert by_path["Dockerfile"]["status"] in ("changed", "unchanged", "skipped"), by_path["Dockerfile"]
    new = (tree / "Dockerfile").read_text()
    lines = new.splitlines()
    # The heredoc structure (openers and terminators) is intact.
    assert lines.count("EOF") == 2 and "INNER" in lines
    assert lines[1] == "RUN <<EOF" and any(line.startswith("COPY <<EOF") for line in lines)
    if by_path["Dockerfile"]["status"] == "skipped":
        assert new == text


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads mode-0 files")
def test_unreadable_files_are_reported(tree: Path) -> None:
    for name in ("run.sh", "k8s.yaml", "Dockerfile"):
        path = tree / name
        path.write_text(SERVER if name != "k8s.yaml" else "image: nvcr.io/nvidia/tensorrtserver:20.02-py3\n")
        path.chmod(0)
    try:
        report, by_path = _run(tree)
        for name in ("run.sh", "k8s.yaml", "Dockerfile"):
            assert by_path[name]["status"] == "error" and "cannot read" in by_path[name]["reason"]
    finally:
        for name in ("run.sh", "k8s.yaml", "Dockerfile"):
            (tree / name).chmod(0o644)


def test_symlink_loops_terminate_and_change_nothing(tree: Path) -> None:
    (tree / "real.sh").write_text(SERVER)
    (tree / "self.sh").symlink_to("self.sh")
    (tree / "a.yaml").symlink_to("b.yaml")
    (tree / "b.yaml").symlink_to("a.yaml")
    sub = tree / "sub"
    sub.mkdir()
    (sub / "up").symlink_to("..", target_is_directory=True)
    (sub / "loop").symlink_to("loop", target_is_directory=True)
    before = snapshot(tree)
    _, by_path = _run(tree)
    for name in ("self.sh", "a.yaml", "b.yaml"):
        assert by_path[name]["status"] == "skipped" and "loop" in by_path[name]["reason"], by_path[name]
    after = snapshot(tree)
    assert {k for k in after if after[k] != before.get(k)} <= {"real.sh"}
    assert after["real.sh"] != before["real.sh"]
