"""The per-model summary at the top of every report format (when a model repository is in scope).

Each model of each repository in scope, its platform or backend, and its fate
on the target release (``model_repository.FATES``), marked *proven* when a real
tritonserver loaded or refused it (``--strict``) and *inferred* otherwise.
The summaries are built by ``model_repository.review_models``; this module
only renders them, one function per format, each called from its renderer.
"""
from __future__ import annotations

from typing import Any

from triton_migrate.report import Report


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
