"""Findings: what a rule noticed in a file, as plain data (rules never print)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

DOCS_BASE = "https://github.com/triton-migrate/triton-migrate/blob/main/docs/rules"


def docs_url(rule: str) -> str:
    return f"{DOCS_BASE}/{rule}.md"


@dataclass(frozen=True)
class Finding:
    """One usage a rule rewrote (``applied``) or left for a person.

    Lines are 1-based and columns 0-based, both in the *original* file.
    ``v1`` names the V1 thing found; ``replacement`` the V2 way to do it.
    """

    rule: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    severity: Severity
    applied: bool
    message: str
    replacement: str | None = None
    v1: str | None = None
    docs: str = field(default="")

    def __post_init__(self) -> None:
        if not self.docs:
            object.__setattr__(self, "docs", docs_url(self.rule))

    @property
    def manual(self) -> bool:
        """True when a person still has to act on it."""
        return not self.applied

    def with_path(self, path: str) -> Finding:
        return replace(self, path=path)

    def moved(self, line: int, end_line: int) -> Finding:
        return replace(self, line=line, end_line=end_line)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.path, self.line, self.column, self.rule, self.message)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("v1")
        return {
            "rule": data["rule"],
            "path": data["path"],
            "line": data["line"],
            "column": data["column"],
            "end_line": data["end_line"],
            "end_column": data["end_column"],
            "severity": data["severity"],
            "applied": data["applied"],
            "message": data["message"],
            "replacement": data["replacement"],
            "docs": data["docs"],
        }


def position(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and 0-based column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start
