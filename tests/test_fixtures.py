"""The main test: every fixture pair, with the invariants the harness enforces.

For every case: the output equals the expected file (or the input, when there
is none); the output is valid for its carrier; a second run changes nothing;
a report-only rule never edits; findings carry the case's rule (or an engine
rule) and, when pinned, match exactly.
"""
from __future__ import annotations

import pytest
from fixture_cases import FIXTURES, Case, discover_cases

from triton_migrate.carriers import carrier_for
from triton_migrate.engine import migrate_bytes
from triton_migrate.rules import ENGINE_RULES, get_rule, rules_by_id

CASES = discover_cases()


def run_case(case: Case, data: bytes) -> tuple[bytes, list]:
    outcome = migrate_bytes(data, case.logical, case.settings())
    assert outcome.result.status != "error", outcome.result.reason
    return (outcome.new_bytes if outcome.new_bytes is not None else data), outcome.result.findings


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fixture(case: Case) -> None:
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
    for finding in findings:
        assert finding.rule in (case.rule, *engine) or case.settings().select is None, finding
    if case.findings_file().is_file():
        got = [f"{f.line}:{f.column} {f.rule} {'applied' if f.applied else 'manual'}" for f in findings]
        want = [line.strip() for line in case.findings_file().read_text().splitlines() if line.strip()]
        assert got == want


def test_every_rule_has_fixtures() -> None:
    with_cases = {c.rule for c in CASES}
    engine = {r.id for r in ENGINE_RULES}
    missing = sorted(set(rules_by_id()) - with_cases - engine)
    assert not missing, f"rules without fixtures under {FIXTURES}: {missing}"


def test_fixture_folders_name_rules() -> None:
    unknown = sorted({c.rule for c in CASES} - set(rules_by_id()))
    assert not unknown, f"fixture folders that name no rule: {unknown}"
