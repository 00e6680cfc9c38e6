"""--strict loads the model repository in the real tritonserver and reports models that fail."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from _tritonserver import server_binary, write_python_model
from helpers import run_cli

pytestmark = [pytest.mark.realserver, pytest.mark.slow]

BROKEN_MODEL_PY = '''class TritonPythonModel:
    def initialize(self, args):
        raise RuntimeError("weights missing")

    def execute(self, requests):
        return []
'''


def test_strict_reports_models_that_do_not_load(tmp_path: Path) -> None:
    if server_binary() is None:
        pytest.skip("nvidia-pytriton is not installed")
    (tmp_path / "pyproject.toml").write_text("")
    repo = tmp_path / "models"
    write_python_model(repo, "good")
    broken = write_python_model(repo, "broken")
    (broken / "1" / "model.py").write_text(BROKEN_MODEL_PY)
    legacy = repo / "legacy_custom"
    (legacy / "1").mkdir(parents=True)
    (legacy / "config.pbtxt").write_text('name: "legacy_custom"\nplatform: "custom"\nmax_batch_size: 1\n'
                                         'default_model_filename: "libcustom.so"\n')
    proc = run_cli("models", "--strict", "--model-repository", "models", "--target-version", "2.51",
                   "--format", "json", "--fail-on-manual", cwd=tmp_path)
    report = json.loads(proc.stdout)
    failures = {f["path"]: f for f in report["findings"] if f["rule"] == "model_load_failure"}
    assert set(failures) == {"models/broken/config.pbtxt", "models/legacy_custom/config.pbtxt"}, proc.stderr
    assert "weights missing" in failures["models/broken/config.pbtxt"]["message"]
    assert all(f["severity"] == "error" and not f["applied"] for f in failures.values())
    assert proc.returncode == 1


def test_without_strict_no_server_is_started(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    write_python_model(tmp_path / "models", "good")
    proc = run_cli("models", "--model-repository", "models", "--format", "json", cwd=tmp_path)
    assert not [f for f in json.loads(proc.stdout)["findings"] if f["rule"] == "model_load_failure"]


def test_strict_feeds_the_model_plan_with_the_servers_own_reasons(tmp_path: Path) -> None:
    """The V1 project fixture loaded for real: what loads is proven, what this CPU server cannot judge stays inferred."""
    import shutil

    if server_binary() is None:
        pytest.skip("nvidia-pytriton is not installed")
    project = tmp_path / "project"
    shutil.copytree(Path(__file__).resolve().parent.parent / "fixtures" / "tensorrt_plan" / "v1_project", project)
    (project / "pyproject.toml").write_text("")
    # JSON to a file, so that stderr carries the text report too (a report on stdout is the whole output).
    proc = run_cli(".", "--strict", "--model-repository", "models", "--target-version", "2.51",
                   "--format", "json", "--report", str(tmp_path / "report.json"), cwd=project)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    models = {m["name"]: m for m in report["models"]}
    summary = {name: (m["fate"], m["evidence"], (m["load"] or {}).get("state")) for name, m in models.items()}
    assert summary == {
        "bare_plan": ("rebuild", "inferred", "UNAVAILABLE"),
        "densenet_onnx": ("loads", "inferred", "UNAVAILABLE"),
        "ensemble_classify": ("steps", "inferred", "UNAVAILABLE"),
        "inception_graphdef": ("convert", "inferred", "UNAVAILABLE"),
        "my_custom": ("port", "proven", "UNAVAILABLE"),
        "preprocess": ("loads", "proven", "READY"),
        "resnet50_netdef": ("convert", "proven", "UNAVAILABLE"),
        "resnet50_plan": ("rebuild", "inferred", "UNAVAILABLE"),
        "yolo_plan": ("rebuild", "inferred", "UNAVAILABLE"),
    }, proc.stderr
    # The server's own reasons, verbatim: a plan cannot load on this CPU-only server (no TensorRT backend) ...
    assert "unable to find backend library for backend 'tensorrt'" in models["resnet50_plan"]["load"]["reason"]
    assert models["resnet50_plan"]["load"]["conclusive"] is False
    # ... and V1 platforms are refused by V2 itself (read from the server log, not "failed to poll").
    assert "unexpected platform type 'custom'" in models["my_custom"]["load"]["reason"]
    assert "unexpected platform type 'caffe2_netdef'" in models["resnet50_netdef"]["load"]["reason"]
    assert models["preprocess"]["load"]["conclusive"] is True
    failures = {f["path"]: f["severity"] for f in report["findings"] if f["rule"] == "model_load_failure"}
    assert failures["models/my_custom/config.pbtxt"] == "error"
    assert failures["models/resnet50_plan/config.pbtxt"] == "info"  # says nothing about the target
    assert "models/preprocess/config.pbtxt" not in failures
    text = proc.stderr.decode()
    assert "    preprocess          backend python                loads as is              proven: READY\n" in text
