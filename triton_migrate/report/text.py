"""Plain-text report: a one-line header, then ``path:line:col: RULE message`` lines."""
from __future__ import annotations

import click

from triton_migrate.report import Report

_SEVERITY_COLOR = {"error": "red", "warning": "yellow", "info": "blue"}


def render_text(report: Report, *, color: bool = False, show_applied: bool = False) -> str:
    def style(text: str, **kw: object) -> str:
        return click.style(text, **kw) if color else text  # type: ignore[arg-type]

    from triton_migrate.report.models import text_lines  # per-model summary first (issue 13)
    lines = text_lines(report) + [style(report.headline(), bold=True)]
    for result in report.files:
        if result.status in ("skipped", "error"):
            label = "skipped" if result.status == "skipped" else "error"
            lines.append(f"{result.path}: {style(label, fg='magenta')}: {result.reason}")
    for finding in report.findings:
        if finding.applied and not show_applied:
            continue
        where = f"{finding.path}:{finding.line}:{finding.column + 1}:"
        rule = style(finding.rule, fg=_SEVERITY_COLOR[finding.severity], bold=True)
        mark = " [fixed]" if finding.applied else ""
        line = f"{where} {rule} {finding.message}{mark}"
        if finding.replacement and not finding.applied:
            line += f"\n    V2: {finding.replacement}"
        lines.append(line)
    return "\n".join(lines) + "\n"
