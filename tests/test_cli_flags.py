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


def test_a_wrapper_with_v1_names_is_migrated_too() -> None:
    """The image of `docker run`, install paths and V1 environment names before the
    program are migrated by the name-level rules, each with its finding."""
    proc = run_cli("flags", "--format", "json", "--target-version", "2.51", "--", "docker", "run", "--rm",
                   "-e", "LD_PRELOAD=/opt/tensorrtserver/lib/libtrtserver.so", "-e", "TENSORRT_SERVER_VERSION=1",
                   "nvcr.io/nvidia/tensorrtserver:19.10-py3", "/opt/tensorrtserver/nvidia_entrypoint.sh",
                   "trtserver", "--model-store=/m")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["argv"][:9] == ["docker", "run", "--rm", "-e", "LD_PRELOAD=/opt/tritonserver/lib/libtritonserver.so",
                                "-e", "TRITON_SERVER_VERSION=1", "nvcr.io/nvidia/tritonserver:24.10-py3",
                                "/opt/tritonserver/nvidia_entrypoint.sh"]
    assert data["argv"][9] == "tritonserver" and "--model-repository=/m" in data["argv"]
    rules = {f["rule"] for f in data["findings"]}
    assert {"container_images", "install_paths", "server_env_vars", "server_flags"} <= rules
    assert all(f["path"] == "<command line>" for f in data["findings"])


def test_a_wrapper_without_v1_names_is_printed_as_given() -> None:
    proc = run_cli("flags", "--", "env", "CUDA_VISIBLE_DEVICES=0", "nohup", "trtserver", "--model-store=/m")
    assert proc.stdout.decode().startswith("env CUDA_VISIBLE_DEVICES=0 nohup tritonserver ")
