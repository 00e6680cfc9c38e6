"""A version status read for its statistics in every place a status context lives (stats lane, issue 9).

Rendered by tests/v1_shapes.py (kinds ``stats``: state, counters and the summed
successes of ``infer_stats`` through one name; ``stats_batch``: ``infer_stats`` by
request batch size, which V2 does not have) for every holder and both protocol
forms, the programs hold the property's invariant: the output parses, every V1
use left has a finding, a second run changes nothing and reports the same items.
Where the context is a local, ``stats`` converts whole and ``stats_batch`` stays.
"""
from __future__ import annotations

import dataclasses

import pytest
from test_v1_shapes_property import SETTINGS, _report, problems
from v1_shapes import HOLDERS, STATS_KINDS, Shape, render

from triton_migrate.engine import migrate_text


@pytest.mark.slow
@pytest.mark.parametrize("protocol", ["from_str", "enum"])
@pytest.mark.parametrize("holder", HOLDERS)
@pytest.mark.parametrize("kind", STATS_KINDS)
def test_statistics_never_break_silently(kind: str, holder: str, protocol: str) -> None:
    shape = dataclasses.replace(Shape(), holder=holder, kinds=(kind,), protocol=protocol)
    found = problems(shape)
    assert not found, _report(shape, found)


@pytest.mark.parametrize("imports", ["star", "alias"])
def test_statistics_local_converts_whole(imports: str) -> None:
    result = migrate_text(render(Shape(holder="local", kinds=("stats",), imports=imports, protocol="enum")),
                          "shape.py", SETTINGS)
    assert result.status == "changed" and result.new is not None
    assert "tensorrtserver" not in result.new, result.new
    assert not [f for f in result.findings if not f.applied], [f.message for f in result.findings if not f.applied]
    assert ".inference_stats.success.count" in result.new and ".execution_count" in result.new


def test_statistics_by_batch_size_stay_v1() -> None:
    text = render(Shape(holder="local", kinds=("stats_batch",), protocol="enum"))
    result = migrate_text(text, "shape.py", SETTINGS)
    assert "get_inference_statistics" not in (result.new or text)
    assert any("batch_stats" in f.message for f in result.findings if not f.applied)
