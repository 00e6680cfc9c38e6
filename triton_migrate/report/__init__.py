"""The report: a data model built from file results, rendered by separate modules (``render.py``)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from triton_migrate import __version__
from triton_migrate.context import FileResult
from triton_migrate.findings import Finding

SCHEMA_VERSION = 1
FORMATS = ("text", "json", "sarif", "markdown", "github")


@dataclass
class Report:
    files: list[FileResult]
    mode: str = "diff"  # "diff" (dry run), "check" or "write"
    target_version: str = ""
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
        if self.skipped:
            extra.append(f"{len(self.skipped)} skipped")
        if self.errors:
            extra.append(f"{len(self.errors)} failed")
        return line + (f" ({', '.join(extra)})" if extra else "")

    def interesting_files(self) -> list[FileResult]:
        """Files a person should hear about: not unchanged."""
        return [f for f in self.files if f.status != "unchanged"]

    tool = {"name": "triton-migrate", "version": __version__}

