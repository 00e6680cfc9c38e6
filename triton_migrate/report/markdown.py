"""Markdown report, written to read well as a pull-request comment (or ``$GITHUB_STEP_SUMMARY``).

Layout: the summary line, a table per rule (how many usages need a person, how
many were rewritten and should be reviewed, how many were rewritten), then
each item a person must act on with a link to the file and line, what to do,
and the V2 replacement; then the rewrites to review, the files that change,
and the files that could not be processed.  ``link_base`` (a URL such as
``https://github.com/o/r/blob/<sha>``) turns locations into links.
"""
from __future__ import annotations

from collections import Counter

from triton_migrate.findings import docs_url
from triton_migrate.report import Item, Report
from triton_migrate.report.models import markdown_lines
from triton_migrate.rules import rules_by_id

_ICON = {"error": "🔴", "warning": "🟠", "info": "🔵"}


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", "<br>")


def _location(item: Item, link_base: str | None) -> str:
    where = item.where()
    label = f"`{item.path}` {where}"
    if not link_base:
        return label
    anchor = f"#L{item.line}" if len(item.lines) == 1 else f"#L{item.lines[0]}"
    return f"[{label}]({link_base.rstrip('/')}/{item.path}{anchor})"


def _entry(item: Item, link_base: str | None, checkbox: bool) -> list[str]:
    box = "[ ] " if checkbox else ""
    head = (f"- {box}{_ICON.get(item.severity, '')} {_location(item, link_base)}: "
            f"[`{item.rule}`]({item.first.docs}) {_cell(item.message)}")
    out = [head]
    if item.replacement:
        out.append(f"  - V2: `{item.replacement.replace('`', chr(39))}`")
    return out


def rule_table(report: Report) -> list[str]:
    rules = rules_by_id()
    manual = Counter(f.rule for f in report.manual)
    review = Counter(f.rule for f in report.review)
    applied = Counter(f.rule for f in report.applied if f.severity == "info")  # done, nothing to check
    ids = sorted(set(manual) | set(review) | set(applied))
    if not ids:
        return []
    out = ["| Rule | Need a person | Rewritten, to review | Rewritten | What it is |", "|---|---:|---:|---:|---|"]
    for rule_id in ids:
        rule = rules.get(rule_id)
        out.append(f"| [`{rule_id}`]({docs_url(rule_id)}) | {manual[rule_id]} | {review[rule_id]} | {applied[rule_id]} "
                   f"| {_cell(rule.summary if rule else '')} |")
    return out + [""]


def render_markdown(report: Report, *, link_base: str | None = None) -> str:
    s = report.summary()
    out = ["## triton-migrate report", "", *markdown_lines(report),
           f"**{report.headline()}** (target: Triton {report.target_version or 'newest'})", ""]
    out += [
        "| files scanned | changed | skipped | failed | rewritten usages | to review | need a person |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {s['files_scanned']} | {s['files_changed']} | {s['files_skipped']} | {s['files_error']} "
        f"| {s['applied']} | {s['review']} | {s['manual']} |",
        "",
    ]
    out += rule_table(report)
    manual = report.manual_items()
    if manual:
        out += ["### Needs attention", "", "Each item is left in the code for a person; the tool reports it on every run.", ""]
        for item in manual:
            out += _entry(item, link_base, checkbox=True)
        out.append("")
    review = report.review_items()
    if review:
        out += ["### Rewritten, please review", ""]
        for item in review:
            out += _entry(item, link_base, checkbox=False)
        out.append("")
    if report.changed:
        verb = "Changed" if report.mode == "write" else "Would change"
        out += [f"### {verb}", ""]
        for r in report.changed:
            count = sum(1 for f in r.findings if f.applied)
            out.append(f"- `{r.path}` ({count} rewrite{'s' if count != 1 else ''})")
        out.append("")
    # A skipped file that a finding names is already an item above: named once.
    problems = [r for r in report.skipped + report.errors if not r.findings]
    if problems:
        out += ["### Not processed", ""]
        out += [f"- `{r.path}`: {r.status}: {_cell(r.reason)}" for r in problems]
        out.append("")
    return "\n".join(out)
