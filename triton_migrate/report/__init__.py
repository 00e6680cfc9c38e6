"""The report: a data model built from file results, rendered by separate modules (``render.py``)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from triton_migrate import __version__
from triton_migrate.context import FileResult
from triton_migrate.findings import Finding

SCHEMA_VERSION = 2  # 2: a "models" list (per-model summary)
FORMATS = ("text", "json", "sarif", "markdown", "github")


@dataclass
class Item:
    """What a person reads: one finding, or one file's findings of a rule grouped.

    Findings of one file and rule with the same message (so the same action)
    always group; a rule declaring ``group=True`` also groups differing
    messages (say one per V1 type name), shown under the rule's summary.  The
    JSON and SARIF reports keep every finding; only text, Markdown and GitHub
    read items.
    """

    findings: list[Finding]
    summary: str | None = None  # set when the grouped findings' messages differ

    @property
    def first(self) -> Finding:
        return self.findings[0]

    @property
    def rule(self) -> str:
        return self.first.rule

    @property
    def path(self) -> str:
        return self.first.path

    @property
    def line(self) -> int:
        return self.first.line

    @property
    def severity(self) -> str:
        order = {"error": 0, "warning": 1, "info": 2}
        return min((f.severity for f in self.findings), key=order.__getitem__)

    @property
    def lines(self) -> list[int]:
        return sorted({f.line for f in self.findings})

    @property
    def message(self) -> str:
        if self.summary is None:
            return self.first.message
        names = list(dict.fromkeys(f.v1 for f in self.findings if f.v1))
        shown = ", ".join(f"`{n}`" for n in names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        return self.summary.rstrip(".") + "." + (f" V1 names here: {shown}." if shown else "")

    @property
    def replacement(self) -> str | None:
        values = list(dict.fromkeys(f.replacement for f in self.findings if f.replacement))
        if not values:
            return None
        return values[0] if len(values) == 1 else "; ".join(values[:3]) + (f"; ... ({len(values) - 3} more)" if len(values) > 3 else "")

    def where(self) -> str:
        """``line 3`` or ``lines 3, 7, 12`` (the column only for a single line)."""
        lines = self.lines
        if len(lines) == 1:
            return f"line {lines[0]}"
        return "lines " + ", ".join(str(n) for n in lines)


def group(findings: list[Finding]) -> list[Item]:
    """Findings (already sorted) into items, in the order of their first finding."""
    from triton_migrate.rules import rules_by_id

    rules = rules_by_id()
    items: dict[tuple, Item] = {}
    for f in findings:
        rule = rules.get(f.rule)
        by_rule = rule is not None and rule.group
        key = (f.path, f.rule, f.applied) + (() if by_rule else (f.message, f.replacement))
        item = items.get(key)
        if item is None:
            items[key] = Item([f])
        else:
            item.findings.append(f)
            if item.summary is None and f.message != item.first.message and rule is not None:
                item.summary = rule.summary
    return list(items.values())


@dataclass
class Report:
    files: list[FileResult]
    mode: str = "diff"  # "diff" (dry run), "check" or "write"
    target_version: str = ""
    models: list[Any] = field(default_factory=list)  # model_repository.ModelSummary, one per model in scope
    findings: list[Finding] = field(init=False)

    def __post_init__(self) -> None:
        self.files = sorted(self.files, key=lambda f: f.path)
        self.findings = sorted((f for r in self.files for f in r.findings), key=Finding.sort_key)

    @property
    def changed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "changed"]

    @property
    def manual(self) -> list[Finding]:
        return [f for f in self.findings if not f.applied]

    @property
    def applied(self) -> list[Finding]:
        return [f for f in self.findings if f.applied]

    @property
    def review(self) -> list[Finding]:
        """Rewrites that ask a person to look (severity warning or error): shown in every format."""
        return [f for f in self.findings if f.applied and f.severity != "info"]

    def manual_items(self) -> list[Item]:
        return group(self.manual)

    def review_items(self) -> list[Item]:
        return group(self.review)

    def group_applied_info(self) -> list[Item]:
        return group([f for f in self.findings if f.applied and f.severity == "info"])

    @property
    def blocked(self) -> list[FileResult]:
        """Files the tool could not migrate although they hold V1 usages: work left.

        A skipped or failed file counts when it carries a finding a person must
        act on (a Python 2 or oversized V1 file, a non-UTF-8 one, a file that
        could not be written), not an informational one (a binary naming V1).
        """
        return [r for r in self.files if r.status in ("skipped", "error")
                and any(not f.applied and f.severity != "info" for f in r.findings)]

    @property
    def errors(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "error"]

    @property
    def skipped(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "skipped"]

    def summary(self) -> dict[str, Any]:
        status = Counter(f.status for f in self.files)
        return {
            "files_scanned": len(self.files),
            "files_changed": status.get("changed", 0),
            "files_unchanged": status.get("unchanged", 0),
            "files_skipped": status.get("skipped", 0),
            "files_error": status.get("error", 0),
            "findings": len(self.findings),
            "applied": len(self.applied),
            "manual": len(self.manual),
            "review": len(self.review),
            "files_blocked": len(self.blocked),
            "by_severity": dict(sorted(Counter(f.severity for f in self.findings).items())),
            "by_rule": dict(sorted(Counter(f.rule for f in self.findings).items())),
            "mode": self.mode,
            "target_version": self.target_version,
        }

    def headline(self) -> str:
        verb = {"write": "changed", "check": "would change", "diff": "would change"}.get(self.mode, "changed")
        files = len(self.changed)
        manual = len(self.manual)
        line = f"{files} file{'s' if files != 1 else ''} {verb}, {manual} usage{'s' if manual != 1 else ''} need{'s' if manual == 1 else ''} attention"
        extra = []
        if self.applied:
            extra.append(f"{len(self.applied)} rewritten")
        if self.review:
            extra.append(f"{len(self.review)} to review")
        if self.skipped:
            extra.append(f"{len(self.skipped)} skipped")
        if self.errors:
            extra.append(f"{len(self.errors)} failed")
        return line + (f" ({', '.join(extra)})" if extra else "")

    def interesting_files(self) -> list[FileResult]:
        """Files a person should hear about: not unchanged."""
        return [f for f in self.files if f.status != "unchanged"]

    tool = {"name": "triton-migrate", "version": __version__}
