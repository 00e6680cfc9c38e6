"""The per-model summary at the top of every report format (when a model repository is in scope).

Each model of each repository in scope, its platform or backend, and its fate
on the target release (``model_repository.FATES``), marked *proven* when a real
tritonserver loaded or refused it (``--strict``) and *inferred* otherwise.

:func:`review_models` builds it after the run (it sees every file's findings,
so it also adds what only a whole run can tell); one function per format
renders it, each called from its renderer.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from triton_migrate.model_repository import (
    LoadState,
    ModelEntry,
    ModelSummary,
    join_display,
    repositories_in_scope,
    scan_repository,
    summarize_models,
)
from triton_migrate.report import Report

if TYPE_CHECKING:
    from triton_migrate.context import FileResult
    from triton_migrate.settings import Settings


def _evidence(model: Any) -> str:
    load = model.load
    if load is None:
        return "inferred"
    said = load.state + (f" ({load.reason})" if load.reason else "")
    if not load.conclusive:
        return f"inferred; a real load here: {said}"
    return f"proven: {said}"


def _title(report: Report) -> str:
    count = len(report.models)
    return f"{count} model{'s' if count != 1 else ''} on {report.target_version or 'the target'}"


def text_lines(report: Report) -> list[str]:
    """Aligned lines: one header per repository, one line per model."""
    if not report.models:
        return []
    lines = [f"Model repository plan: {_title(report)} (proven = a real tritonserver loaded it, --strict; "
             "inferred = read from the repository)"]
    name_w = max(len(m.name) for m in report.models)
    kind_w = max(len(m.kind) for m in report.models)
    fate_w = max(len(m.fate_label) for m in report.models)
    repository = None
    for model in report.models:
        if model.repository != repository:
            repository = model.repository
            lines.append(f"  {repository}/")
        lines.append(f"    {model.name:<{name_w}}  {model.kind:<{kind_w}}  {model.fate_label:<{fate_w}}  {_evidence(model)}")
    return lines + [""]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def markdown_lines(report: Report) -> list[str]:
    """A table: model, platform / backend, fate, evidence."""
    if not report.models:
        return []
    out = [f"### Model repository plan ({_title(report)})", "",
           "| Model | Platform / backend | Fate | Evidence |", "|---|---|---|---|"]
    for model in report.models:
        out.append(f"| `{_cell(model.repository)}/{_cell(model.name)}` | `{_cell(model.kind)}` | {_cell(model.fate_label)} "
                   f"| {_cell(_evidence(model))} |")
    return out + ["", "*proven*: a real tritonserver loaded (or refused) the model (`--strict`); "
                  "*inferred*: read from the repository. See docs/model-repository.md for each fate.", ""]


def json_models(report: Report) -> list[dict[str, Any]]:
    """The ``models`` list of the JSON report (schema_version 2)."""
    return [m.to_json() for m in report.models]


def sarif_properties(report: Report) -> dict[str, Any]:
    """Run properties of the SARIF log (empty when no model repository is in scope)."""
    return {"models": json_models(report)} if report.models else {}


def github_lines(report: Report) -> list[str]:
    """One notice holding the summary (GitHub shows it in the run's annotations)."""
    if not report.models:
        return []
    body = "\n".join(text_lines(report)).rstrip().replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return [f"::notice title=triton-migrate model repository plan::{body}"]


# V1 images a container_images finding names (``v1``): a full reference, or a
# bare tag from a Helm ``tag:`` next to its repository.
_V1_IMAGE = re.compile(r"(?:nvcr\.io/)?nvidia/(?P<repo>tensorrtserver|tritonserver):(?P<tag>\d\d\.\d\d[\w.-]*)")
_BARE_TAG = re.compile(r"\d\d\.\d\d(?:\.\d+)?(?:-v1)?-py3")
TRTLLM_RULE = "container_images"
TRTLLM_MARK = "-trtllm-python-py3"


def v1_images(findings: list[Any]) -> list[tuple[str, str]]:
    """(V1 server image, where) of each V1 image the container_images rule saw in the run."""
    from triton_migrate.data.deployment import (
        V1_IMAGE_REPOSITORY,
        V1_TAGS_UNDER_V2_NAME,
        V2_IMAGE_REPOSITORY,
    )

    seen: dict[str, str] = {}
    for finding in findings:
        if finding.rule != "container_images" or not finding.v1 or "clientsdk" in finding.v1:
            continue
        v1 = finding.v1
        if _BARE_TAG.fullmatch(v1):
            v1 = f"{V2_IMAGE_REPOSITORY if v1 in V1_TAGS_UNDER_V2_NAME else V1_IMAGE_REPOSITORY}:{v1}"
        else:
            match = _V1_IMAGE.fullmatch(v1)
            # tritonserver tags are V1 only up to 20.07-v1 (a TensorRT-LLM image is reported too, but is V2)
            if not match or (match.group("repo") == "tritonserver" and match.group("tag") not in V1_TAGS_UNDER_V2_NAME):
                continue
        if not v1.startswith("nvcr.io/"):
            v1 = "nvcr.io/" + v1
        seen.setdefault(v1, f"{finding.path}:{finding.line}")
    return sorted(seen.items())


def _with_v1_images(finding: Any, images: list[tuple[str, str]]) -> Any:
    if finding.rule != "tensorrt_plan" or not images or finding.severity != "error":
        return finding
    named = ", ".join(f"`{image}` ({where})" for image, where in images)
    noun = "container" if len(images) == 1 else "containers"
    return replace(finding, message=f"{finding.message}. It came from the V1 {noun} of this project: {named}")


def _trtllm(finding: Any, models: list[ModelEntry]) -> Any | None:
    """A TensorRT-LLM image finding, judged against the models in scope (None: drop it)."""
    if finding.rule != TRTLLM_RULE or not finding.v1 or TRTLLM_MARK not in finding.v1 or not models:
        return finding
    others = [m for m in models if not m.serves_llm_only()]
    if not others:
        return None  # every model is a TensorRT-LLM / Python model: the variant is the right image
    named = ", ".join(f"`{m.name}` ({m.kind})" for m in others)
    return replace(finding, severity="error",
                   message=f"{finding.message}. This repository serves {named}, which that image cannot load")


def review_models(results: list[FileResult], settings: Settings,
                  root: Path | None = None) -> tuple[list[FileResult], list[ModelSummary]]:
    """Add the findings only a whole run can give, and the per-model summary.

    Lists each model repository in scope (``--model-repository``, and the
    repository holding each scanned ``config.pbtxt``); reports plans of models
    with no configuration; with ``--strict`` loads the configured repositories
    in a real tritonserver; names the V1 image seen in the run in each
    ``tensorrt_plan`` finding; judges TensorRT-LLM images against the models.
    A model folder ``--exclude`` matches (relative to the project ``root``) is left out.
    """
    from triton_migrate.context import FileResult
    from triton_migrate.findings import Finding

    by_path = {r.path: r for r in results}

    def attach(finding: Any) -> None:
        result = by_path.get(finding.path)
        if result is None:
            result = by_path[finding.path] = FileResult(finding.path, "unchanged")
            results.append(result)
        result.findings.append(finding)

    repositories = repositories_in_scope([r.path for r in results], settings.model_repositories)
    scanned = [(display, scan_repository(real, display)) for real, display in repositories]
    if settings.exclude and root is not None:
        from triton_migrate.runner import _Ignores

        ignores = _Ignores(root.resolve(), settings.exclude)
        scanned = [(display, [m for m in entries if not ignores.user_excluded(Path(m.folder).resolve(), True)])
                   for display, entries in scanned]
    models = [m for _, entries in scanned for m in entries]

    # A configuration the run did not process (a --model-repository outside the
    # given paths, or pre-commit passing one changed file) goes through the
    # same rules now, so no model's fate is inferred from findings never sought.
    from triton_migrate.engine import migrate_bytes

    for model in models:
        if model.config is None or model.config in by_path:
            continue
        try:
            with open(model.config, "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        outcome = migrate_bytes(data, model.config, settings)
        by_path[model.config] = outcome.result
        results.append(outcome.result)

    if settings.enabled("tensorrt_plan"):
        from triton_migrate.codemods.tensorrt_plan import plan_files, plan_without_config

        for model in models:
            plans = plan_files(list(model.files))
            if model.config is None and plans:
                message, replacement = plan_without_config(model.name, plans, list(model.files), settings.target_version)
                attach(Finding("tensorrt_plan", join_display(model.folder, plans[0]), 1, 0, 1, 0, "error", False, message,
                               replacement=replacement, v1=plans[0]))

    loads: dict[str, LoadState] = {}
    if settings.strict and settings.enabled("model_load_failure"):
        from triton_migrate.strict_check import load_repository

        for repository in settings.model_repositories:
            loaded = load_repository(repository, str(settings.target_version))
            for finding in loaded.findings:
                attach(finding)
            loads.update(loaded.states)

    images = v1_images([f for r in results for f in r.findings])
    for result in results:
        kept = []
        for finding in result.findings:
            judged = _trtllm(_with_v1_images(finding, images), models)
            if judged is not None:
                kept.append(judged)
        result.findings[:] = kept
    findings = [f for r in results for f in r.findings]
    return results, summarize_models(scanned, findings, loads)
