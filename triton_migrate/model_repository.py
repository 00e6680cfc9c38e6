"""Read model configurations (`config.pbtxt`) from the user's model repositories.

Parsed for real by `triton_migrate.model_config.parse_model_config` into our
V1 `ModelConfig` message (V2-only fields are skipped), which has every field
the client rules need (`max_batch_size`, input/output names, data types,
dims, label files).  No `tritonclient` needed.
"""
from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from triton_migrate.data.v1_client_api import CONFIG_DATATYPES
from triton_migrate.model_config import config_backend, data_type_name, parse_model_config


@dataclass(frozen=True)
class Tensor:
    datatype: str  # V2 datatype ("INT32", "BYTES", ...)
    dims: tuple[int, ...]


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: str
    max_batch_size: int
    inputs: dict[str, Tensor]
    outputs: dict[str, Tensor]
    labelled: frozenset[str] = frozenset()  # outputs with a label_filename

    @property
    def batching(self) -> bool:
        return self.max_batch_size > 0


@lru_cache(maxsize=256)
def _read(path: str) -> Optional[ModelInfo]:
    from google.protobuf import text_format

    config_path = Path(path)
    try:
        config = parse_model_config(config_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, text_format.ParseError):
        return None

    def tensors(items) -> dict[str, Tensor]:  # type: ignore[no-untyped-def]
        return {
            t.name: Tensor(CONFIG_DATATYPES.get(data_type_name(t), ""),
                           tuple(t.dims))
            for t in items
        }

    return ModelInfo(config.name or config_path.parent.name, str(config_path), config.max_batch_size,
                     tensors(config.input), tensors(config.output),
                     frozenset(t.name for t in config.output if t.label_filename))


def find_model(repositories: tuple[str, ...], name: str) -> Optional[ModelInfo]:
    """The configuration of model ``name`` in the first repository that has it."""
    for repository in repositories:
        path = Path(repository) / name / "config.pbtxt"
        if path.is_file():
            return _read(str(path))
    return None


# ---------------------------------------------------------------------------
# The per-model plan of a run: every model of the repositories in scope, and
# its fate on the target (issue 13).  Built after the files are processed,
# from their findings, a listing of each repository and (with --strict) a real
# load.  Binary model files are noticed by path, never read.
# ---------------------------------------------------------------------------

FATES: dict[str, str] = {
    "loads": "loads as is",
    "config-changed": "needs a config change (made by the tool)",
    "server-option": "needs a server option",
    "fix-config": "fix the configuration",
    "rebuild": "rebuild the engine",
    "convert": "convert the model",
    "port": "port the backend",
    "fails": "does not load",
    "steps": "loads once its steps do",
}
# Most demanding first: a model's fate is the first that applies.
_FATE_ORDER = ("port", "convert", "rebuild", "fix-config", "fails", "steps", "server-option", "config-changed", "loads")
# (rule, severity) -> fate; severity None matches any.
RULE_FATES: dict[tuple[str, str | None], str] = {
    ("tensorrt_plan", None): "rebuild",
    ("pbtxt_custom_backend", "error"): "port",
    ("pbtxt_caffe2_netdef", "error"): "convert",
    ("pbtxt_tensorflow1", "error"): "convert",
    ("pbtxt_tensorflow1", "warning"): "server-option",
    ("unparsable_file", None): "fix-config",
    ("model_load_failure", None): "fails",
}
# The ``v1`` of a tensorrt_plan finding about a plan next to another platform's configuration.
STRAY_PLAN = "*.plan"
# Backends a TensorRT-LLM image (-trtllm-python-py3) carries.
TRTLLM_BACKENDS = frozenset({"tensorrtllm", "python"})
CONFIG = "config.pbtxt"
_MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ModelEntry:
    """A model folder of a repository, as listed on disk."""

    name: str
    folder: str  # display path of the model folder
    config: str | None  # display path of its config.pbtxt, None when absent
    platform: str = ""
    backend: str = ""
    files: tuple[str, ...] = ()  # relative to the folder: "config.pbtxt", "1/model.plan"
    parse_error: str | None = None
    steps: tuple[str, ...] = ()  # an ensemble's step models

    @property
    def kind(self) -> str:
        """``platform`` / ``backend`` as a person reads it."""
        if self.config is None:
            found = sorted({f.rsplit("/", 1)[-1] for f in self.files if f.endswith(".plan")})
            return "no config.pbtxt" + (f" ({', '.join(found)})" if found else "")
        if self.platform and self.backend:
            return f"{self.platform} (backend {self.backend})"
        if self.backend:
            return f"backend {self.backend}"
        return self.platform or "(not declared)"

    @property
    def path(self) -> str:
        return self.config or self.folder

    def serves_llm_only(self) -> bool:
        return self.backend in TRTLLM_BACKENDS or self.platform == "ensemble"


# Backends the standard tritonserver:YY.MM-py3 image carries (spec section 9).
STANDARD_BACKENDS = ("tensorrt", "tensorflow", "pytorch", "onnxruntime", "python")
_MISSING_BACKEND = re.compile(r"unable to find backend library for backend '([^']+)'")


def missing_standard_backend(reason: str) -> str | None:
    """The standard backend a load failure says the checking server lacks (the wheel's has only python), or None."""
    match = _MISSING_BACKEND.search(reason)
    return match.group(1) if match and match.group(1) in STANDARD_BACKENDS else None


@dataclass(frozen=True)
class LoadState:
    """What a real tritonserver said about a model (--strict)."""

    state: str
    reason: str
    server_version: str

    @property
    def conclusive(self) -> bool:
        """False when the checking server lacks a backend the target's standard image has (the wheel has only python)."""
        return self.state == "READY" or missing_standard_backend(self.reason) is None

    def to_json(self) -> dict[str, object]:
        return {"state": self.state, "reason": self.reason, "server_version": self.server_version,
                "conclusive": self.conclusive}


@dataclass(frozen=True)
class ModelSummary:
    name: str
    repository: str
    path: str
    platform: str
    backend: str
    kind: str
    fate: str
    detail: str  # why: the deciding finding's message, or what the load said
    rules: tuple[str, ...]
    load: LoadState | None = None

    @property
    def fate_label(self) -> str:
        return FATES[self.fate]

    @property
    def evidence(self) -> str:
        """``proven`` when a real tritonserver loaded (or refused) the model, else ``inferred``."""
        return "proven" if self.load is not None and self.load.conclusive else "inferred"

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "repository": self.repository, "path": self.path, "platform": self.platform,
                "backend": self.backend, "fate": self.fate, "fate_label": self.fate_label,
                "evidence": self.evidence, "detail": self.detail, "rules": list(self.rules),
                "load": self.load.to_json() if self.load else None}


def _posix(path: str) -> str:
    return path.replace("\\", "/")


def join_display(display: str, name: str) -> str:
    return name if display in ("", ".") else f"{display.rstrip('/')}/{name}"


def _listing(folder: Path) -> list[str]:
    """Names in a model folder and its subfolders, one level deep ('1/model.plan'); no file is opened."""
    found: list[str] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return found
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                found.extend(f"{entry.name}/{sub}" for sub in sorted(os.listdir(entry.path)))
            else:
                found.append(entry.name)
        except OSError:
            continue
    return found


def scan_repository(repository: str, display: str) -> list[ModelEntry]:
    """The models of one repository: folders with a config.pbtxt or a numeric version folder."""
    from google.protobuf import text_format

    root = Path(repository)
    models = []
    try:
        folders = sorted((e for e in os.scandir(root) if e.is_dir(follow_symlinks=False)), key=lambda e: e.name)
    except OSError:
        return []
    for entry in folders:
        files = _listing(Path(entry.path))
        has_config = CONFIG in files
        if not has_config and not any(f.split("/", 1)[0].isdigit() and "/" in f for f in files):
            continue
        folder = join_display(display, entry.name)
        if not has_config:
            models.append(ModelEntry(entry.name, folder, None, files=tuple(files)))
            continue
        platform = backend = ""
        steps: tuple[str, ...] = ()
        error = None
        name = entry.name
        try:
            with open(os.path.join(entry.path, CONFIG), "rb") as handle:
                data = handle.read(_MAX_CONFIG_BYTES + 1)
            text = data.decode("utf-8")
            config = parse_model_config(text)
            platform, backend, name = config.platform, config_backend(config, text), config.name or entry.name
            steps = tuple(dict.fromkeys(s.model_name for s in config.ensemble_scheduling.step))
        except (OSError, UnicodeDecodeError, text_format.ParseError) as exc:
            error = str(exc)
        models.append(ModelEntry(name, folder, join_display(folder, CONFIG), platform, backend, tuple(files), error, steps))
    return models


def repositories_in_scope(paths: list[str], configured: tuple[str, ...]) -> list[tuple[str, str]]:
    """(path on disk, display path) of each repository: the configured ones, then the grandparents of scanned configs."""
    seen: set[str] = set()
    found = []

    def add(real: str, display: str) -> None:
        key = os.path.realpath(real)
        if key not in seen and os.path.isdir(real):
            seen.add(key)
            found.append((real, display))

    for repository in configured:
        try:
            display = _posix(os.path.relpath(repository))
        except ValueError:
            display = _posix(repository)
        add(repository, display)
    for path in sorted(paths):
        if _posix(path).rsplit("/", 1)[-1] == CONFIG:
            display = posixpath.dirname(posixpath.dirname(_posix(path))) or "."
            add(display, display)
    return found


def _fate(findings: list[Any]) -> tuple[str, str]:
    """(fate, detail) from the findings on a model's configuration (or plan)."""
    best: tuple[int, str, str] | None = None
    for finding in findings:
        if finding.rule == "tensorrt_plan" and finding.v1 == STRAY_PLAN:
            continue  # a plan the configuration does not serve: the model's fate is its platform's
        fate = RULE_FATES.get((finding.rule, finding.severity)) or RULE_FATES.get((finding.rule, None))
        if fate is None and finding.applied:
            fate = "config-changed"
        if fate is None:
            continue
        rank = _FATE_ORDER.index(fate)
        if best is None or rank < best[0]:
            best = (rank, fate, finding.message)
    return (best[1], best[2]) if best else ("loads", "")


def summarize_models(entries_by_repository: list[tuple[str, list[ModelEntry]]], findings: list[Any],
                     loads: dict[str, LoadState]) -> list[ModelSummary]:
    """One summary per model.  ``loads`` maps a model folder (display path) to what --strict saw."""
    by_path: dict[str, list[Any]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    # Findings on a model file rather than its configuration (a plan with no config.pbtxt).
    on_files = [f for f in findings if f.rule == "tensorrt_plan" and not f.path.endswith("/" + CONFIG)]
    summaries: list[ModelSummary] = []
    for repository, entries in entries_by_repository:
        mine_so_far = len(summaries)
        for entry in entries:
            mine = list(by_path.get(entry.path, []))
            mine += [f for f in on_files if f.path.startswith(entry.folder + "/")]
            load = loads.get(entry.folder)
            fate, detail = _fate(mine)
            if load is not None and not load.conclusive:
                # The checking server lacks the backend: its refusal is recorded, the fate stays inferred.
                if fate == "fails":
                    fate, detail = _fate([f for f in mine if f.rule != "model_load_failure"])
            elif load is not None:
                if load.state == "READY" and fate != "loads":
                    detail = f"{detail} (a real tritonserver {load.server_version} loaded it)"
                elif load.state == "READY":
                    detail = f"a real tritonserver {load.server_version} loaded it"
                elif fate == "fails" or not detail:
                    detail = f"{load.state}: {load.reason}"
            summaries.append(ModelSummary(entry.name, repository, entry.path, entry.platform, entry.backend, entry.kind,
                                          fate, detail, tuple(sorted({f.rule for f in mine})), load))
        # An ensemble needs no change of its own, but loads only once its steps do.
        here = {s.name: s for s in summaries[mine_so_far:]}
        for index, entry in enumerate(entries, start=mine_so_far):
            summary = summaries[index]
            blocked = [here[step] for step in entry.steps
                       if step in here and here[step].fate not in ("loads", "config-changed")]
            if blocked and _FATE_ORDER.index(summary.fate) > _FATE_ORDER.index("steps"):
                detail = "its steps: " + ", ".join(f"`{s.name}` ({s.fate_label})" for s in blocked)
                summaries[index] = replace(summary, fate="steps", detail=detail)
    return summaries
