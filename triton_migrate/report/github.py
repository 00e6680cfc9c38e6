"""GitHub Actions workflow commands: one annotation per item a person must act on or review."""
from __future__ import annotations

from triton_migrate.report import Item, Report
from triton_migrate.report.models import github_lines

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(item: Item, title: str, suffix: str = "") -> str:
    f = item.first
    if len(item.findings) == 1:
        props = (f"file={_escape_property(f.path)},line={f.line},col={f.column + 1},"
                 f"endLine={f.end_line},endColumn={f.end_column + 1}")
    else:
        props = f"file={_escape_property(f.path)},line={item.lines[0]},endLine={item.lines[-1]}"
    message = item.message + suffix
    if len(item.findings) > 1:
        message += f" ({len(item.findings)} usages, {item.where()})"
    if item.replacement:
        message += f"\nV2: {item.replacement}"
    return f"::{_LEVEL[item.severity]} {props},title={_escape_property(title)}::{_escape_data(message)}"


def render_github(report: Report) -> str:
    lines = github_lines(report)
    for result in report.files:
        if result.status == "changed":
            lines.append(f"::notice file={_escape_property(result.path)},title=triton-migrate::"
                         + _escape_data("V1 usages here are rewritten by triton-migrate --write"))
        elif result.status in ("skipped", "error") and not result.findings:
            lines.append(f"::warning file={_escape_property(result.path)},title=triton-migrate::"
                         + _escape_data(f"{result.status}: {result.reason}"))
    lines += [_annotation(item, item.rule) for item in report.manual_items()]
    lines += [_annotation(item, f"{item.rule} (rewritten: review)", " [rewritten by triton-migrate: review it]")
              for item in report.review_items()]
    return "\n".join(lines) + ("\n" if lines else "")
