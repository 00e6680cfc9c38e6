"""Discovery of fixture pairs: ``fixtures/<rule>/<case>.input.<name>`` and ``<case>.expected.<name>``.

No expected file means the input must not change.  ``<case>.settings.json``
may set ``target_version``, ``model_repositories`` (relative to the fixture
folder), ``select`` (a list, or null for every rule) or ``drop_v1_only_checks``
(true: ``--drop-v1-only-checks``).  ``<case>.findings.json``
(required) pins the findings in full; ``pytest tests/test_fixtures.py
--update-snapshots`` writes it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from triton_migrate.settings import Settings
from triton_migrate.versions import Version

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
# Folders under fixtures/ that hold data for other tests, not rule cases.
NOT_RULES = {"models", "bad-input"}


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    input: Path
    expected: Path | None
    logical: str  # the file name the engine is told (it decides the carrier)

    @property
    def id(self) -> str:
        return f"{self.rule}/{self.name}"

    def settings(self) -> Settings:
        options_file = self.input.parent / f"{self.name}.settings.json"
        options = json.loads(options_file.read_text()) if options_file.is_file() else {}
        select = options.get("select", [self.rule])
        return Settings(
            select=None if select is None else frozenset(select),
            target_version=Version(options.get("target_version", "2.72.0")),
            model_repositories=tuple(str(self.input.parent / p) for p in options.get("model_repositories", [])),
            drop_v1_only_checks=bool(options.get("drop_v1_only_checks", False)),
        )

    def snapshot_file(self) -> Path:
        """The findings snapshot: a JSON list of the case's findings, in report order."""
        return self.input.parent / f"{self.name}.findings.json"


def logical_name(case: str, after: str) -> str:
    if "." in after or after[:1].isupper():
        return after
    return f"{case}.{after}"


def discover_cases() -> list[Case]:
    cases = []
    for rule_dir in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name not in NOT_RULES):
        for path in sorted(rule_dir.iterdir()):
            if ".input." not in path.name:
                continue
            name, after = path.name.split(".input.", 1)
            expected = rule_dir / f"{name}.expected.{after}"
            cases.append(Case(rule_dir.name, name, path, expected if expected.exists() else None,
                              f"{rule_dir.name}/{logical_name(name, after)}"))
    return cases
