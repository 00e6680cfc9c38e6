"""`triton-migrate flags`: one command line in, the V2 one out."""
from __future__ import annotations

import json

from helpers import run_cli


def test_text_output() -> None:
    proc = run_cli("flags", "--target-version", "2.51", "--", "trtserver", "--model-store=/m", "--tf-gpu-memory-fraction=0.5")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().strip() == (
        "tritonserver --model-control-mode=poll --disable-auto-complete-config "
        "--model-repository=/m --backend-config=tensorflow,gpu-memory-fraction=0.5")
    assert "server_flags" in proc.stderr.decode()


def test_json_output() -> None:
    proc = run_cli("flags", "--format", "json", "--", "trtserver", "--allow-model-control=true")
    data = json.loads(proc.stdout)
    assert data["argv"][0] == "tritonserver" and "--model-control-mode=explicit" in data["argv"]
    keys = {"rule", "path", "line", "column", "end_line", "end_column", "severity", "applied", "message", "replacement", "docs"}
    assert data["findings"] and all(set(f) == keys for f in data["findings"])


def test_target_version_matters() -> None:
    old = json.loads(run_cli("flags", "--format", "json", "--target-version", "2.1", "--", "trtserver", "--tf-gpu-memory-fraction=0.5").stdout)
    assert "--tf-gpu-memory-fraction=0.5" in old["argv"]


def test_not_a_server_is_a_usage_error() -> None:
    assert run_cli("flags", "--", "ls", "-l").returncode == 2
