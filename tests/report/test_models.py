"""The per-model plan (report/models.py: review_models and the renderers) and the tensorrt_plan rule on disk (issue 13).

The V1 project of ``fixtures/tensorrt_plan/v1_project`` (a Dockerfile on
``tensorrtserver:20.02-py3`` and a repository with two plans, one with its
ONNX beside it, a plan with no configuration, a TF1 graphdef, a Caffe2
NetDef, a custom backend, an ensemble and two models already on V2 backends)
is run through the command line; its text report (summary and findings) and
its JSON ``models`` list are pinned in full in
``fixtures/tensorrt_plan/v1_project.report.txt`` and ``v1_project.models.json``.
Regenerate them after a deliberate change with
``pytest tests/report/test_models.py --update-snapshots`` (the
fixture snapshots' flag, tests/conftest.py) and read the diff.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, run_cli

from triton_migrate.model_config import config_backend, parse_model_config
from triton_migrate.versions import Version

FIXTURES = ROOT / "fixtures" / "tensorrt_plan"
PROJECT = FIXTURES / "v1_project"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(PROJECT, dest)
    (dest / "pyproject.toml").write_text("")
    return dest


def _pinned(request: pytest.FixtureRequest, path: Path, got: str) -> None:
    if request.config.getoption("--update-snapshots"):
        path.write_text(got)
    assert got == path.read_text(), f"{path.name} differs (if intended: pytest {__file__} --update-snapshots)"


def test_text_report_pins_summary_and_findings(project: Path, request: pytest.FixtureRequest) -> None:
    proc = run_cli(".", "--target-version", "2.51", "--no-diff", cwd=project)
    assert proc.returncode == 1, proc.stderr
    _pinned(request, FIXTURES / "v1_project.report.txt", proc.stderr.decode())


def test_json_models_list_pinned(project: Path, request: pytest.FixtureRequest) -> None:
    proc = run_cli(".", "--target-version", "2.51", "--format", "json", cwd=project)
    report = json.loads(proc.stdout)
    assert report["schema_version"] == 2
    _pinned(request, FIXTURES / "v1_project.models.json", json.dumps(report["models"], indent=2) + "\n")
    fates = {m["name"]: m["fate"] for m in report["models"]}
    assert fates == {"bare_plan": "rebuild", "densenet_onnx": "loads", "ensemble_classify": "steps",
                     "inception_graphdef": "convert", "my_custom": "port", "preprocess": "loads",
                     "resnet50_netdef": "convert", "resnet50_plan": "rebuild", "yolo_plan": "rebuild"}
    assert {m["evidence"] for m in report["models"]} == {"inferred"}
    plans = {f["path"]: f for f in report["findings"] if f["rule"] == "tensorrt_plan"}
    assert set(plans) == {"models/bare_plan/1/model.plan", "models/resnet50_plan/config.pbtxt",
                          "models/yolo_plan/config.pbtxt"}
    yolo = plans["models/yolo_plan/config.pbtxt"]
    assert "`trtexec --onnx=1/model.onnx --saveEngine=1/model.plan`" in yolo["message"]
    assert "`nvcr.io/nvidia/tensorrt:24.10-py3`" in yolo["message"]
    assert "`nvcr.io/nvidia/tensorrtserver:20.02-py3` (Dockerfile:1)" in yolo["message"]
    assert yolo["replacement"] == ("docker run --rm -v $PWD/yolo_plan:/m -w /m nvcr.io/nvidia/tensorrt:24.10-py3 "
                                   "trtexec --onnx=1/model.onnx --saveEngine=1/model.plan")
    assert all(f["severity"] == "error" and not f["applied"] for f in plans.values())


def test_markdown_sarif_and_github_carry_the_summary(project: Path) -> None:
    md = run_cli(".", "--target-version", "2.51", "--format", "markdown", "-q", cwd=project).stdout.decode()
    table = md.split("### Model repository plan (9 models on 2.51.0)", 1)[1].split("\n\n", 2)[1]
    assert table.splitlines()[2] == "| `models/bare_plan` | `no config.pbtxt (model.plan)` | rebuild the engine | inferred |"
    assert md.index("Model repository plan") < md.index("need")  # the summary comes first
    sarif = json.loads(run_cli(".", "--target-version", "2.51", "--format", "sarif", "-q", cwd=project).stdout)
    models = sarif["runs"][0]["properties"]["models"]
    json_models = json.loads(run_cli(".", "--target-version", "2.51", "--format", "json", "-q", cwd=project).stdout)["models"]
    assert models == json_models
    github = run_cli(".", "--target-version", "2.51", "--format", "github", "-q", cwd=project).stdout.decode()
    assert github.startswith("::notice title=triton-migrate model repository plan::Model repository plan: 9 models")


def test_no_summary_without_a_model_repository(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "run.sh").write_text("trtserver --model-store=/models\n")
    proc = run_cli(".", "--format", "json", cwd=tmp_path)
    assert json.loads(proc.stdout)["models"] == []
    assert "Model repository plan" not in proc.stderr.decode()


def test_second_run_after_write_still_reports_every_engine(project: Path) -> None:
    first = run_cli(".", "--target-version", "2.51", "--write", "-q", cwd=project)
    assert first.returncode == 1, first.stderr
    assert "tritonserver:24.10-py3" in (project / "Dockerfile").read_text()
    again = json.loads(run_cli(".", "--target-version", "2.51", "--format", "json", cwd=project).stdout)
    assert not [f for f in again["findings"] if f["applied"]]
    plans = [f for f in again["findings"] if f["rule"] == "tensorrt_plan"]
    assert len(plans) == 3
    # the V1 image is gone from the project, so no finding names one now
    assert not [f for f in plans if "tensorrtserver" in f["message"]]
    assert [m["fate"] for m in again["models"]] == ["rebuild", "loads", "steps", "convert", "port", "loads",
                                                    "convert", "rebuild", "rebuild"]


def test_plans_are_noticed_by_path_never_read(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner reads the 256-byte head of a file no carrier claims, nothing more; the model scan reads none."""
    import builtins

    from triton_migrate.report.models import review_models
    from triton_migrate.runner import discover, run
    from triton_migrate.settings import Settings

    monkeypatch.chdir(project)
    reads: list[tuple[str, int]] = []
    real_open = builtins.open

    class Spy:
        def __init__(self, handle, name):  # type: ignore[no-untyped-def]
            self.handle, self.name = handle, name

        def read(self, size: int = -1) -> bytes:
            data = self.handle.read(size)
            reads.append((self.name, len(data)))
            return data

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

    def spy_open(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        handle = real_open(file, mode, *args, **kwargs)
        return Spy(handle, str(file)) if str(file).endswith(".plan") else handle

    big = project / "models" / "resnet50_plan" / "1" / "model.plan"
    big.write_bytes(b"ftrt" + bytes(1024 * 1024))
    monkeypatch.setattr(builtins, "open", spy_open)
    settings = Settings(target_version=Version("2.51"))
    targets, _ = discover(["."], project, settings)
    results, models = review_models(run(targets, settings, write=False, keep_text=False, jobs=1), settings)
    monkeypatch.setattr(builtins, "open", real_open)
    assert {name for name, _ in reads} == {str(p) for p in project.rglob("*.plan")}
    assert max(size for _, size in reads) <= 256
    assert [m.name for m in models if m.fate == "rebuild"] == ["bare_plan", "resnet50_plan", "yolo_plan"]
    assert not [f for r in results for f in r.findings if f.rule in ("binary_file", "unreadable_file")]


@pytest.mark.parametrize(("target", "image"), [("2.51", "nvcr.io/nvidia/tensorrt:24.10-py3"),
                                               ("2.0.0", "nvcr.io/nvidia/tensorrt:20.06-py3"),
                                               ("24.05", "nvcr.io/nvidia/tensorrt:24.05-py3"),
                                               ("2.72.0", "nvcr.io/nvidia/tensorrt:26.08-py3")])
def test_tensorrt_container_is_the_target_release_month(target: str, image: str) -> None:
    from triton_migrate.codemods.tensorrt_plan import tensorrt_image

    assert tensorrt_image(Version(target)) == image


def test_plan_and_onnx_helpers() -> None:
    from triton_migrate.codemods.tensorrt_plan import onnx_beside, plan_files

    files = ["config.pbtxt", "1/model.plan", "1/model.onnx", "2/engine_sm86.plan", "labels.txt", "export/model.plan"]
    assert plan_files(files) == ["1/model.plan", "2/engine_sm86.plan"]
    assert plan_files(["1/custom.engine"], "custom.engine") == ["1/custom.engine"]
    assert plan_files(["1/model.plan", "1/sm75.engine", "1/notes.txt"], "model.plan", ("sm75.engine",)) == [
        "1/model.plan", "1/sm75.engine"]
    assert onnx_beside("1/model.plan", files) == "1/model.onnx"
    assert onnx_beside("2/engine_sm86.plan", files) is None
    assert onnx_beside("2/engine_sm86.plan", files + ["source.onnx"]) == "source.onnx"


def test_backend_is_read_without_the_v2_message() -> None:
    text = ('name: "m"\nbackend: "tensorrt"  # V2 only\nparameters { key: "x" value { string_value: "y" } }\n'
            'optimization { execution_accelerators { gpu_execution_accelerator: [ { name: "tensorrt" } ] } }\n')
    config = parse_model_config(text)  # the V1 message: no backend field
    assert "backend" not in type(config).DESCRIPTOR.fields_by_name
    assert config_backend(config, text) == "tensorrt"
    assert config_backend(config, '# backend: "python"\nname: "m"\n') == ""
    nested = 'name: "m"\nensemble_scheduling {\n  step [ { model_name: "a" model_version: -1 } ]\n}\n'
    assert config_backend(parse_model_config(nested), nested) == ""


COMPOSE = """services:
  triton:
    image: nvcr.io/nvidia/tritonserver:24.05-trtllm-python-py3
    command: ["tritonserver", "--model-repository=/models"]
"""


def _model(repo: Path, name: str, config: str) -> None:
    (repo / name / "1").mkdir(parents=True)
    (repo / name / "config.pbtxt").write_text(f'name: "{name}"\n{config}\n')


def test_trtllm_image_serving_non_llm_models_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "docker-compose.yml").write_text(COMPOSE)
    _model(tmp_path / "models", "detector", 'platform: "tensorrt_plan"')
    _model(tmp_path / "models", "tokenizer", 'backend: "python"')
    _model(tmp_path / "models", "densenet", 'platform: "onnxruntime_onnx"')
    report = json.loads(run_cli(".", "--format", "json", "--target-version", "24.05", cwd=tmp_path).stdout)
    [image] = [f for f in report["findings"] if f["rule"] == "container_images"]
    assert (image["path"], image["line"], image["severity"], image["applied"]) == ("docker-compose.yml", 3, "error", False)
    assert image["message"] == (
        "`nvcr.io/nvidia/tritonserver:24.05-trtllm-python-py3` is the TensorRT-LLM variant: it carries only the "
        "TensorRT-LLM and Python backends (no TensorRT plan, TensorFlow, PyTorch or ONNX Runtime backend) and importing "
        "tensorrt_llm needs a GPU with NVML; models of a V1 repository need the standard image "
        "`nvcr.io/nvidia/tritonserver:24.05-py3`. This repository serves `densenet` (onnxruntime_onnx), "
        "`detector` (tensorrt_plan), which that image cannot load")
    assert image["replacement"] == "nvcr.io/nvidia/tritonserver:24.05-py3"


def test_trtllm_image_serving_llm_models_only_is_fine(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "docker-compose.yml").write_text(COMPOSE)
    _model(tmp_path / "models", "tensorrt_llm", 'backend: "tensorrtllm"')
    _model(tmp_path / "models", "preprocessing", 'backend: "python"')
    _model(tmp_path / "models", "ensemble", 'platform: "ensemble"')
    report = json.loads(run_cli(".", "--format", "json", cwd=tmp_path).stdout)
    assert not [f for f in report["findings"] if f["rule"] == "container_images"]
    assert [m["fate"] for m in report["models"]] == ["loads", "loads", "loads"]


def test_trtllm_image_without_a_repository_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "docker-compose.yml").write_text(COMPOSE)
    report = json.loads(run_cli(".", "--format", "json", cwd=tmp_path).stdout)
    assert [(f["rule"], f["severity"]) for f in report["findings"]] == [("container_images", "warning")]


@pytest.mark.parametrize("target", ["2.0.0", "2.45.0", "2.46.0", "24.05", "2.51", "25.02", "2.72.0"])
def test_v1_images_never_become_trtllm_variants(target: str) -> None:
    from triton_migrate.engine import migrate_text
    from triton_migrate.settings import Settings

    text = ("FROM nvcr.io/nvidia/tensorrtserver:20.02-py3\nFROM nvidia/tritonserver:20.07-v1-py3\n"
            "FROM nvcr.io/nvidia/tensorrtserver:19.10-py3-clientsdk\nFROM nvcr.io/nvidia/tensorrtserver\n")
    result = migrate_text(text, "Dockerfile", Settings(select=frozenset({"container_images"}),
                                                       target_version=Version(target)))
    assert result.new is not None and "trtllm" not in result.new
    tag = Version(target).container_tag()
    assert result.new.splitlines()[0] == f"FROM nvcr.io/nvidia/tritonserver:{tag}-py3"


def test_sarif_with_the_model_plan_validates_against_the_schema(project: Path) -> None:
    import jsonschema
    from report.test_formats import sarif_schema

    log = json.loads(run_cli(".", "--target-version", "2.51", "--format", "sarif", "-q", cwd=project).stdout)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    assert [m["name"] for m in log["runs"][0]["properties"]["models"]][:2] == ["bare_plan", "densenet_onnx"]


def test_engine_on_the_v2_backend_and_a_stray_plan(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    repo = tmp_path / "models"
    _model(repo, "detector", 'backend: "tensorrt"')
    (repo / "detector" / "1" / "model.plan").write_bytes(b"ftrt\0")
    _model(repo, "densenet", 'platform: "onnxruntime_onnx"')
    (repo / "densenet" / "2").mkdir()
    (repo / "densenet" / "2" / "model.plan").write_bytes(b"ftrt\0")
    (repo / "densenet" / "2" / "model.onnx").write_bytes(b"\x08\x07")
    report = json.loads(run_cli(".", "--format", "json", "--target-version", "23.04", cwd=tmp_path).stdout)
    findings = {f["path"]: f for f in report["findings"]}
    assert [(f["rule"], f["severity"], f["line"]) for f in findings.values()] == [
        ("tensorrt_plan", "warning", 2), ("tensorrt_plan", "warning", 2)]
    assert findings["models/detector/config.pbtxt"]["message"] == (
        "model `detector` is a TensorRT engine (`1/model.plan`); an engine loads only on the TensorRT version that "
        "built it: unless it was built with the TensorRT of 2.33.0, rebuild it in `nvcr.io/nvidia/tensorrt:23.04-py3` "
        "(the TensorRT of `tritonserver:23.04-py3`, same release month) from its source (export the network to ONNX, "
        "then `trtexec --onnx=model.onnx --saveEngine=model.plan` with the shape and precision options the model needs)")
    assert findings["models/densenet/config.pbtxt"]["message"] == (
        "model `densenet` is a TensorRT engine (`2/model.plan`); the configuration says `platform: \"onnxruntime_onnx\"`, "
        "so the server ignores the plan; if the model is meant to be that engine, set `platform: \"tensorrt_plan\"` and "
        "rebuild it in `nvcr.io/nvidia/tensorrt:23.04-py3` (the TensorRT of `tritonserver:23.04-py3`, same release "
        "month), from the model folder: `trtexec --onnx=2/model.onnx --saveEngine=2/model.plan` (plus the shape and "
        "precision options the model needs)")
    assert [(m["name"], m["backend"] or m["platform"], m["fate"]) for m in report["models"]] == [
        ("densenet", "onnxruntime_onnx", "loads"), ("detector", "tensorrt", "rebuild")]


def test_a_repository_outside_the_given_paths_is_checked_too(project: Path) -> None:
    """`triton-migrate Dockerfile --model-repository models`: the configurations were not among the paths."""
    report = json.loads(run_cli("Dockerfile", "--model-repository", "models", "--target-version", "2.51",
                                "--format", "json", cwd=project).stdout)
    assert [m["fate"] for m in report["models"]] == ["rebuild", "loads", "steps", "convert", "port", "loads",
                                                     "convert", "rebuild", "rebuild"]
    assert sorted({f["rule"] for f in report["findings"]}) == [
        "container_images", "pbtxt_caffe2_netdef", "pbtxt_custom_backend", "pbtxt_tensorflow1", "server_flags",
        "tensorrt_plan"]


def test_excluded_model_folders_are_left_out(project: Path) -> None:
    report = json.loads(run_cli(".", "--exclude", "models/resnet50_netdef/", "--exclude", "models/bare_plan",
                                "--target-version", "2.51", "--format", "json", cwd=project).stdout)
    assert [m["name"] for m in report["models"]] == ["densenet_onnx", "ensemble_classify", "inception_graphdef",
                                                     "my_custom", "preprocess", "resnet50_plan", "yolo_plan"]
    assert not [f for f in report["findings"] if "netdef" in f["path"] or "bare_plan" in f["path"]]


def test_only_v1_images_are_named_as_the_engines_origin() -> None:
    from triton_migrate.findings import Finding
    from triton_migrate.report.models import v1_images

    def seen(v1: str, path: str = "Dockerfile") -> Finding:
        return Finding("container_images", path, 1, 0, 1, 0, "info", True, "...", v1=v1)

    findings = [seen("nvcr.io/nvidia/tritonserver:24.05-trtllm-python-py3"), seen("nvidia/tritonserver:20.07-v1-py3"),
                seen("nvcr.io/nvidia/tensorrtserver:19.10-py3-clientsdk"), seen("20.02-py3", "values.yaml"),
                seen("20.03-py3", "chart.yaml"), seen("nvcr.io/nvidia/tensorrtserver:${TAG}")]
    assert v1_images(findings) == [("nvcr.io/nvidia/tensorrtserver:20.02-py3", "values.yaml:1"),
                                   ("nvcr.io/nvidia/tritonserver:20.03-py3", "chart.yaml:1"),
                                   ("nvcr.io/nvidia/tritonserver:20.07-v1-py3", "Dockerfile:1")]
