"""async_run() on a streaming gRPC context in every place a context lives (stress lane, issue 9).

Rendered by tests/v1_shapes.py (kind ``stream``: a context made with a literal
``ProtocolType.GRPC`` and ``streaming=True``, two requests of one sequence sent
before either result is read), for every holder and both import styles: the
output parses, every V1 use left has a finding, a second run changes nothing
and reports the same items.  Where the context is a local the whole program
converts onto the client's own stream, never onto unary ``async_infer()``.
"""
from __future__ import annotations

import dataclasses

import pytest
from test_v1_shapes_property import SETTINGS, _report, problems
from v1_shapes import HOLDERS, STREAM_KINDS, Shape, render

from triton_migrate.engine import migrate_text


@pytest.mark.slow
@pytest.mark.parametrize("holder", HOLDERS)
@pytest.mark.parametrize("kind", STREAM_KINDS)
def test_stream_never_breaks_silently(kind: str, holder: str) -> None:
    shape = dataclasses.replace(Shape(), holder=holder, kinds=(kind,), protocol="enum")
    found = problems(shape)
    assert not found, _report(shape, found)


@pytest.mark.parametrize("imports", ["star", "alias"])
def test_stream_local_converts_onto_its_stream(imports: str) -> None:
    shape = Shape(holder="local", kinds=("stream",), imports=imports, protocol="enum")
    result = migrate_text(render(shape), "shape.py", SETTINGS)
    assert result.status == "changed" and result.new is not None
    assert "tensorrtserver" not in result.new, result.new
    assert not [f for f in result.findings if not f.applied], [f.message for f in result.findings if not f.applied]
    sends = [line.strip() for line in result.new.splitlines() if line.strip().startswith("stream_infer(ctx0")]
    assert len(sends) == 2 and all("sequence_id=7" in line for line in sends), result.new
    assert "sequence_start=True" in sends[0] and "sequence_end=True" in sends[1], sends
    assert "client.start_stream(callback=stream.completed)" in result.new
    assert "async_infer(ctx0" not in result.new


def test_stream_flag_at_run_time_stays_v1() -> None:
    text = render(Shape(holder="local", kinds=("stream",), protocol="enum")).replace("streaming=True", "streaming=STREAM")
    result = migrate_text(text, "shape.py", SETTINGS)
    new = result.new if result.new is not None else text
    assert "InferContext(url, ProtocolType.GRPC" in new and ".async_run(" in new
    messages = [f.message for f in result.findings if not f.applied
                and f.message.startswith(("`ctx0.async_run()`", "`ctx0.get_async_run_results()`"))]
    assert len(messages) == 3 and all("start_stream" in m and "async_stream_infer" in m for m in messages), messages


@pytest.mark.parametrize("imports", ["star", "alias"])
def test_stream_list_of_sequences_becomes_pairs(imports: str) -> None:
    """Streaming contexts appended to a list, one correlation id each, handed through a relay helper:
    (client, sequence_id) tuples, each request on the client's own stream with the tuple's id."""
    shape = Shape(holder="sequences", kinds=("stream",), imports=imports, protocol="enum")
    result = migrate_text(render(shape), "shape.py", SETTINGS)
    assert result.status == "changed" and result.new is not None
    assert "tensorrtserver" not in result.new, result.new
    assert not [f for f in result.findings if not f.applied], [f.message for f in result.findings if not f.applied]
    assert "seqs0.append((grpcclient.InferenceServerClient(url, verbose=False), 7 + k))" in result.new, result.new
    sends = [line.strip() for line in result.new.splitlines() if line.strip().startswith("stream_infer(ctx0[0]")]
    assert len(sends) == 2 and all("sequence_id=ctx0[1]" in line for line in sends), result.new
    assert "async_infer(ctx0" not in result.new


def test_stream_list_of_sequences_kept_elsewhere_stays_v1() -> None:
    shape = Shape(holder="sequences_kept", kinds=("stream",), protocol="enum")
    text = render(shape)
    result = migrate_text(text, "shape.py", SETTINGS)
    new = result.new if result.new is not None else text
    assert "seqs0.append(InferContext(url, ProtocolType.GRPC" in new and "ctx0.async_run(" in new
    assert not problems(shape)
