"""The main test: every fixture pair, with the invariants the harness enforces.

For every case: the output equals the expected file (or the input, when there
is none); the output is valid for its carrier; a second run changes nothing;
a report-only rule never edits; findings carry the case's rule, a rule it
requires (which the engine runs with it) or an engine rule, and those of the
selected rule and the engine rules equal the case's snapshot ``<case>.findings.json`` field for field
(rule, line, column, severity, applied, message, replacement).  A missing
snapshot fails; ``--update-snapshots`` writes the snapshots instead (then read
the diff: it is the change in what users see).
"""
from __future__ import annotations

import json

import pytest
from fixture_cases import FIXTURES, Case, discover_cases

from triton_migrate.carriers import carrier_for
from triton_migrate.engine import migrate_bytes, with_required_rules
from triton_migrate.rules import ENGINE_RULES, get_rule, rules_by_id

CASES = discover_cases()
SNAPSHOT_FIELDS = ("rule", "line", "column", "severity", "applied", "message", "replacement")
UPDATE_HINT = "pytest tests/test_fixtures.py --update-snapshots"


def snapshot(findings: list) -> list[dict]:
    return [{name: getattr(f, name) for name in SNAPSHOT_FIELDS} for f in findings]


def dump(entries: list[dict]) -> str:
    return json.dumps(entries, indent=2, ensure_ascii=False) + "\n"


def run_case(case: Case, data: bytes) -> tuple[bytes, list]:
    outcome = migrate_bytes(data, case.logical, case.settings())
    assert outcome.result.status != "error", outcome.result.reason
    return (outcome.new_bytes if outcome.new_bytes is not None else data), outcome.result.findings


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fixture(case: Case, request: pytest.FixtureRequest) -> None:
    source = case.input.read_bytes()
    output, findings = run_case(case, source)
    expected = case.expected.read_bytes() if case.expected else source
    assert output.decode("utf-8", "replace") == expected.decode("utf-8", "replace")
    assert output == expected

    carrier = carrier_for(case.logical, output[:256])
    assert carrier is not None, f"no carrier claims {case.logical}"
    if case.expected:
        problem = carrier.validate(output.decode("utf-8-sig"))
        assert problem is None, f"expected output does not parse: {problem}"

    again, second_findings = run_case(case, output)
    assert again == output, "a second run changed the output (no fixed point)"
    assert not any(f.applied for f in second_findings), "a second run still rewrote something"

    rule = get_rule(case.rule)
    if rule.fix == "report-only":
        assert case.expected is None, "a report-only rule must not have an expected file"
    engine = {r.id for r in ENGINE_RULES}
    selected = case.settings().select
    if selected is not None:
        # The engine also runs what the selected rules require (their imports, the protocol
        # module): those rules' own findings are theirs to pin, in their own fixtures.
        running = with_required_rules(case.settings()).select or frozenset()
        for finding in findings:
            assert finding.rule in running | engine, finding
        findings = [f for f in findings if f.rule in selected | engine]

    path = case.snapshot_file()
    got = snapshot(findings)
    if request.config.getoption("--update-snapshots"):
        if not path.is_file() or json.loads(path.read_text(encoding="utf-8")) != got:
            path.write_text(dump(got), encoding="utf-8")
        return
    assert path.is_file(), f"no findings snapshot {path.relative_to(FIXTURES.parent)}: run `{UPDATE_HINT}` and read it"
    want = json.loads(path.read_text(encoding="utf-8"))
    assert got == want, f"findings differ from {path.name} (if the change is intended: `{UPDATE_HINT}`)"


def test_case_names_are_unique_per_rule() -> None:
    """``<case>.settings.json`` and ``<case>.findings.json`` belong to one input."""
    names = [c.id for c in CASES]
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_every_snapshot_has_a_case() -> None:
    """No snapshot outlives its case; the old ``.findings.txt`` pins are gone."""
    cases = {c.snapshot_file() for c in CASES}
    stray = sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.glob("*/*.findings.*")
                   if p not in cases or p.suffix != ".json")
    assert not stray, f"snapshots without a fixture case (or .findings.txt, replaced by .findings.json): {stray}"


def test_every_rule_has_fixtures() -> None:
    with_cases = {c.rule for c in CASES}
    engine = {r.id for r in ENGINE_RULES}
    missing = sorted(set(rules_by_id()) - with_cases - engine)
    assert not missing, f"rules without fixtures under {FIXTURES}: {missing}"


def test_fixture_folders_name_rules() -> None:
    unknown = sorted({c.rule for c in CASES} - set(rules_by_id()))
    assert not unknown, f"fixture folders that name no rule: {unknown}"
