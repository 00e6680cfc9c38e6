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
