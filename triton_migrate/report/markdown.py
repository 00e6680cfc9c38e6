"""Markdown report, sized for a pull-request comment or ``$GITHUB_STEP_SUMMARY``."""
from __future__ import annotations

from triton_migrate.report import Report


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", "<br>")


def render_markdown(report: Report) -> str:
    s = report.summary()
    from triton_migrate.report.models import markdown_lines  # per-model summary first (issue 13)
    out = ["## triton-migrate report", "", *markdown_lines(report), f"**{report.headline()}**", ""]
    out += [
        "| files scanned | changed | skipped | failed | rewritten usages | need attention |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {s['files_scanned']} | {s['files_changed']} | {s['files_skipped']} | {s['files_error']} "
        f"| {s['applied']} | {s['manual']} |",
        "",
    ]
    if report.manual:
        out += ["### Needs attention", "", "| Location | Rule | What to do | V2 |", "|---|---|---|---|"]
        for f in report.manual:
            out.append(f"| `{_cell(f.path)}:{f.line}` | [`{f.rule}`]({f.docs}) | {_cell(f.message)} "
                       f"| {('`' + _cell(f.replacement) + '`') if f.replacement else ''} |")
        out.append("")
    if report.changed:
        verb = "Changed" if report.mode == "write" else "Would change"
        out += [f"### {verb}", ""]
        for r in report.changed:
            count = sum(1 for f in r.findings if f.applied)
            out.append(f"- `{r.path}` ({count} rewrite{'s' if count != 1 else ''})")
        out.append("")
    problems = report.skipped + report.errors
    if problems:
        out += ["### Not processed", ""]
        out += [f"- `{r.path}`: {r.status}: {_cell(r.reason)}" for r in problems]
        out.append("")
    return "\n".join(out)
