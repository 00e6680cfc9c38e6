"""LineMap (triton_migrate/text.py) around a marker that stands in for a statement of several lines.

With --drop-v1-only-checks a check of k lines becomes one marker line. When the line below the
check is rewritten as well, difflib puts check and line in one replaced block; the rewritten line
used to map to the check's second line, inside the dropped check's range, and the finding on it was
then swallowed on the first run (the marker's finding covers that range) and given on the second.
Lines after a marker now map relative to the marker, from the line after the statement's last.
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.text import LineMap

MARKER = "    # TODO(triton-migrate): dropped V1-only check (V2 has no uptime): {code}"


@settings(max_examples=200, deadline=None)
@given(before=st.integers(0, 4), size=st.integers(1, 4), after=st.integers(0, 4), data=st.data())
def test_lines_after_a_marker_map_past_the_statement_it_replaced(before: int, size: int, after: int,
                                                                  data: st.DataObject) -> None:
    head = [f"    a{i} = {i}" for i in range(before)]
    statement = ["    self.assertGreater(ss.uptime_ns,"] + [f"        {k})" if k == size - 1 else f"        {k},"
                                                            for k in range(size - 1)]
    if size == 1:
        statement = ["    self.assertGreater(ss.uptime_ns, 0)"]
    tail = [f"    b{i} = {i}" for i in range(after)]
    original = ["def f(self, ss):"] + head + statement + tail
    changed_head = data.draw(st.sets(st.integers(0, max(before - 1, 0)))) if before else set()
    changed_tail = data.draw(st.sets(st.integers(0, max(after - 1, 0)))) if after else set()
    code = " ".join(line.strip() for line in statement)
    new = ["def f(self, ss):"] + [f"    A{i} = {i}" if i in changed_head else line for i, line in enumerate(head)] \
        + [MARKER.format(code=code)] \
        + [f"    B{i} = {i}" if i in changed_tail else line for i, line in enumerate(tail)]
    mapping = LineMap("\n".join(original) + "\n", "\n".join(new) + "\n")
    start = 2 + before  # the statement's first line in the original (1-based)
    end = start + size - 1
    marker = 2 + before  # the marker's line in the new text
    assert mapping.original_line(marker) == start
    for i in range(after):  # every line below maps to its own original line, never into the statement
        assert mapping.original_line(marker + 1 + i) == end + 1 + i, (i, changed_tail)
    for i in range(before):
        assert mapping.original_line(2 + i) == 2 + i


#: A two-line uptime check, then a line that both changes and keeps a finding (a statistic read on an object
#: the tool cannot follow); its first-run snapshot is pinned by the fixture itself.
_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "v1_only_checks" / "marker_then_rewritten_line.input.py"
_BELOW = "other.model_execution_count)"


def test_a_finding_below_a_dropped_check_is_given_on_the_first_run() -> None:
    text = _FIXTURE.read_text()
    below = next(n for n, line in enumerate(text.splitlines(), 1) if line.endswith(_BELOW))
    assert text.splitlines()[below - 2].strip() == "0)"  # the check's second line is just above
    flag = Settings(drop_v1_only_checks=True)
    first = migrate_text(text, "t.py", flag)
    assert first.new is not None and "dropped V1-only check" in first.new
    assert 'print(ss_metadata["version"], other.model_execution_count)' in first.new  # the line below changed
    statistic = [f for f in first.findings if not f.applied and "model_execution_count" in f.message]
    assert [f.line for f in statistic] == [below], [(f.line, f.rule, f.message[:60]) for f in first.findings]
    second = migrate_text(first.new, "t.py", flag)
    assert second.new is None or second.new == first.new
    again = [f for f in second.findings if not f.applied and "model_execution_count" in f.message]
    assert [f.line for f in again] == [next(n for n, line in enumerate(first.new.splitlines(), 1)
                                            if line.endswith(_BELOW))]
