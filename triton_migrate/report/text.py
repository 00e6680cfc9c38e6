"""Plain-text report: ``path:line:col: RULE message`` items, then the summary line last (as ruff does)."""
from __future__ import annotations

import click

from triton_migrate.report import Item, Report
from triton_migrate.report.models import text_lines

_SEVERITY_COLOR = {"error": "red", "warning": "yellow", "info": "blue"}


def _item_line(item: Item, style, mark: str = "") -> str:  # type: ignore[no-untyped-def]
    first = item.first
    where = f"{item.path}:{item.line}:{first.column + 1}:"
    rule = style(item.rule, fg=_SEVERITY_COLOR[item.severity], bold=True)
    also = f" ({len(item.findings)} usages, {item.where()})" if len(item.findings) > 1 else ""
    line = f"{where} {rule} {item.message}{also}{mark}"
    if item.replacement and (mark or not first.applied):
        line += f"\n    V2: {item.replacement}"
    return line


def problem_lines(report: Report, style=None) -> list[str]:  # type: ignore[no-untyped-def]
    """One line per skipped or failed file that no finding names already."""
    style = style or (lambda text, **kw: text)
    lines = []
    for result in report.files:
        if result.status in ("skipped", "error") and not result.findings:
            lines.append(f"{result.path}: {style(result.status, fg='magenta')}: {result.reason}")
    return lines


def render_text(report: Report, *, color: bool = False, show_applied: bool = False) -> str:
    def style(text: str, **kw: object) -> str:
        return click.style(text, **kw) if color else text  # type: ignore[arg-type]

    lines = text_lines(report) + problem_lines(report, style)
    lines += [_item_line(item, style) for item in report.manual_items()]
    # Rewrites a person should look at (a guessed batch size, a dropped flag):
    # done, but shown in every format, not only JSON and SARIF.
    lines += [_item_line(item, style, " [fixed, review]") for item in report.review_items()]
    if show_applied:
        lines += [_item_line(item, style, " [fixed]") for item in report.group_applied_info()]
    lines.append(style(report.headline(), bold=True))
    return "\n".join(lines) + "\n"
