"""rawstatus.config_path on its own: V1 JSON reads below `config` and their V2 names."""
from __future__ import annotations

import libcst as cst

from triton_migrate import rawstatus


def _path(*keys: str) -> list[str | None] | None:
    return rawstatus.config_path([cst.parse_expression(k) for k in keys])


def test_scalar_fields_are_renamed_with_the_v1_descriptor() -> None:
    assert _path('"maxBatchSize"') == ["max_batch_size"]
    assert _path('"platform"') == ["platform"]
    assert _path('"input"', "0", '"dataType"') == ["input", None, "data_type"]
    assert _path('"dynamicBatching"', '"preferredBatchSize"', "i") == ["dynamic_batching", "preferred_batch_size", None]


def test_reads_that_stay_v1() -> None:
    assert _path('"input"') is None  # a whole list: its entries would be read with V1's names elsewhere
    assert _path('"input"', "0") is None  # a whole message
    assert _path('"input"', "0", '"dims"', "0") is None  # int64: "16" in V1's JSON, 16 in V2's
    assert _path('"noSuchField"') is None
    assert _path() is None  # the whole configuration
