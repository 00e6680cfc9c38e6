"""What a rule sees of one file (``FileContext``) and what the engine returns for it (``FileResult``).

A leaf of the import graph: it imports only findings, settings and text, so that
the engine, carriers, rules and reports can all import it (see ARCHITECTURE.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from triton_migrate.findings import Finding, Severity
from triton_migrate.settings import Settings
from triton_migrate.text import LineMap, Suppressions, dominant_newline

Status = Literal["changed", "unchanged", "skipped", "error"]


@dataclass
class FileResult:
    path: str
    status: Status
    reason: str | None = None
    findings: list[Finding] = field(default_factory=list)
    original: str | None = None
    new: str | None = None

    @property
    def changed(self) -> bool:
        return self.status == "changed"


class RuleLike(Protocol):
    """What the context needs of the rule that runs (``triton_migrate.rules.Rule``)."""

    @property
    def id(self) -> str: ...


class FileContext:
    """What a rule sees of the file it runs on, and where it records findings."""

    def __init__(self, path: str, text: str, settings: Settings) -> None:
        self.path = path
        self.original = text
        self.settings = settings
        self.suppressions = Suppressions(text)
        self.newline = dominant_newline(text)
        self.findings: list[Finding] = []
        self.rule: RuleLike | None = None
        # Per-file state a carrier keeps between the rules it runs on this
        # file, keyed by carrier name (say the lines already reported as not
        # parsed).  It lives and dies with the context.
        self.scratch: dict[str, Any] = {}
        self._line_map: LineMap | None = None
        self._current = text

    def set_current(self, text: str) -> None:
        """Tell the context which text the next rule sees (for line mapping)."""
        if text != self._current:
            self._current = text
            self._line_map = None if text == self.original else LineMap(self.original, text)

    def original_line(self, line: int) -> int:
        return self._line_map.original_line(line) if self._line_map else line

    def suppressed(self, line: int, end_line: int | None = None, rule: str | None = None) -> bool:
        rule_id = rule or (self.rule.id if self.rule else "")
        line = self.original_line(line)
        end = self.original_line(end_line) if end_line is not None else None
        return self.suppressions.suppressed(rule_id, line, end)

    def report(
        self,
        *,
        line: int,
        column: int,
        end_line: int | None = None,
        end_column: int | None = None,
        message: str,
        severity: Severity = "warning",
        applied: bool = False,
        replacement: str | None = None,
        v1: str | None = None,
        rule: str | None = None,
    ) -> bool:
        """Record a finding at a position of the text the current rule sees.

        Returns False, recording nothing, when the line is suppressed; a rule
        must then leave the code alone.
        """
        rule_id = rule or (self.rule.id if self.rule else "internal_error")
        end_line = line if end_line is None else end_line
        end_column = column if end_column is None else end_column
        if self.suppressed(line, end_line, rule_id):
            return False
        self.findings.append(
            Finding(
                rule=rule_id,
                path=self.path,
                line=self.original_line(line),
                column=column,
                end_line=self.original_line(end_line),
                end_column=end_column,
                severity=severity,
                applied=applied,
                message=message,
                replacement=replacement,
                v1=v1,
            )
        )
        return True


def file_finding(rule: str, path: str, message: str, line: int = 1, severity: Severity = "warning") -> Finding:
    """A finding about a whole file (not parsed, not readable, ...), at its line ``line``."""
    return Finding(rule=rule, path=path, line=line, column=0, end_line=line, end_column=0,
                   severity=severity, applied=False, message=message)
