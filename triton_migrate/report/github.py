"""GitHub Actions workflow commands: one annotation per finding a person must act on."""
from __future__ import annotations

from triton_migrate.report import Report

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    from triton_migrate.report.models import github_lines  # per-model summary first (issue 13)
    lines = github_lines(report)
    for result in report.files:
        if result.status == "changed":
            lines.append(f"::notice file={_escape_property(result.path)},title=triton-migrate::"
                         + _escape_data("V1 usages here are rewritten by triton-migrate --write"))
        elif result.status in ("skipped", "error"):
            lines.append(f"::warning file={_escape_property(result.path)},title=triton-migrate::"
                         + _escape_data(f"{result.status}: {result.reason}"))
    for f in report.manual:
        props = (f"file={_escape_property(f.path)},line={f.line},col={f.column + 1},"
                 f"endLine={f.end_line},endColumn={f.end_column + 1},title={_escape_property(f.rule)}")
        message = f.message + (f"\nV2: {f.replacement}" if f.replacement else "")
        lines.append(f"::{_LEVEL[f.severity]} {props}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
