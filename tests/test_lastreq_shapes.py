"""The per-request state of a context in every place a context lives (lastreq lane, issue 9).

``ctx.get_last_request_model_name()`` / ``_version()``, ``ctx.correlation_id()``
and the result of ``run()`` used as V1's dict (``len``, ``in``, ``print``),
rendered by tests/v1_shapes.py (kind ``lastreq``) for every holder, every
protocol form and both import styles, hold the property's invariant: the output
parses, every V1 use left has a finding, a second run changes nothing and
reports the same items.  Where the context is a local the whole program
converts.
"""
from __future__ import annotations

import dataclasses

import pytest
from test_v1_shapes_property import SETTINGS, _report, problems
from v1_shapes import EXTRA_KINDS, HOLDERS, Shape

from triton_migrate.engine import migrate_text


@pytest.mark.slow
@pytest.mark.parametrize("protocol", ["from_str", "enum"])
@pytest.mark.parametrize("holder", HOLDERS)
@pytest.mark.parametrize("kind", EXTRA_KINDS)
def test_lastreq_never_breaks_silently(kind: str, holder: str, protocol: str) -> None:
    shape = dataclasses.replace(Shape(), holder=holder, kinds=(kind,), protocol=protocol)
    found = problems(shape)
    assert not found, _report(shape, found)


@pytest.mark.parametrize("imports", ["star", "alias"])
def test_lastreq_local_converts_whole(imports: str) -> None:
    shape = Shape(holder="local", kinds=("lastreq",), imports=imports, protocol="enum")
    result = migrate_text(__import__("v1_shapes").render(shape), "shape.py", SETTINGS)
    assert result.status == "changed" and result.new is not None
    assert "tensorrtserver" not in result.new, result.new
    assert not [f for f in result.findings if not f.applied], [f.message for f in result.findings if not f.applied]
    assert ".get_response()" in result.new and "get_output('OUTPUT0') is not None" in result.new
