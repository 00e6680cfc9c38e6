"""run() dicts whose values take their form at run time, in every place a context lives (sequtil lane, issue 9).

A ``run()`` whose input is a variable assigned a list in one branch and a tuple in the other, whose output
format is a variable assigned ``ResultFormat.RAW``, and whose input name is a variable, rendered by
tests/v1_shapes.py (kind ``rundicts``) for every holder, protocol form and import style, holds the property's
invariant: the output parses, every V1 use left has a finding, a second run changes nothing and reports the
same items.  Where the context is a local of a function the request goes through ``_v1_run`` (runadapter).
"""
from __future__ import annotations

import dataclasses

import pytest
from test_v1_shapes_property import SETTINGS, _report, problems
from v1_shapes import HOLDERS, RUNDICTS_KINDS, Shape, render

from triton_migrate.engine import migrate_text


@pytest.mark.slow
@pytest.mark.parametrize("protocol", ["from_str", "enum"])
@pytest.mark.parametrize("holder", HOLDERS)
@pytest.mark.parametrize("kind", RUNDICTS_KINDS)
def test_rundicts_never_breaks_silently(kind: str, holder: str, protocol: str) -> None:
    shape = dataclasses.replace(Shape(), holder=holder, kinds=(kind,), protocol=protocol)
    found = problems(shape)
    assert not found, _report(shape, found)


@pytest.mark.parametrize("holder", ["helper", "attribute", "method"])
@pytest.mark.parametrize("imports", ["star", "alias"])
def test_rundicts_in_a_function_converts_whole(holder: str, imports: str) -> None:
    shape = Shape(holder=holder, kinds=("rundicts",), imports=imports, protocol="enum")
    result = migrate_text(render(shape), "shape.py", SETTINGS)
    assert result.status == "changed" and result.new is not None
    assert "tensorrtserver" not in result.new, result.new
    assert not [f for f in result.findings if not f.applied], [f.message for f in result.findings if not f.applied]
    assert "_v1_run(client_module=" in result.new and 'fmt = "RAW"' in result.new, result.new
    assert "result['OUTPUT0'][0].sum()" in result.new  # V1's result dict, as it was
