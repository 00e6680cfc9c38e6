"""V1 ``async_run()`` on a streaming gRPC ``InferContext``: the requests go on a V2 stream of their own.

V1: ``InferContext(url, ProtocolType.GRPC, model, correlation_id=c, streaming=True)``
sends every ``run()`` / ``async_run()`` of that context over one gRPC stream, so
the requests of a sequence reach the server in the order they were sent.  V2's
``async_infer()`` sends each request as its own call: a sequence's requests may
overtake one another, which the sequence batcher takes for a different order
(wrong running results, or a request without START before the one with it).

V2 gRPC streams are per client (``start_stream(callback)`` once, then
``async_stream_infer(model, inputs, ..., request_id=..., sequence_id=...,
sequence_start=..., sequence_end=...)``; each response reaches the stream's
``callback(result, error)``).  A V1 streaming context already becomes a client
of its own (`v1_shared_client` never merges a client handed to a function),
and its ``async_run()`` becomes ``stream_infer(client, callback, model_name,
inputs, ...)``, a function written into the migrated file: on the client's
first request it opens the client's stream, and it returns a request whose
``get_result()`` waits for the ``InferResult``, as ``async_infer()`` does (the
V1 callback is called as ``callback(client, request)`` on completion).  The
stream's callback finds the request by the response's id; tritonclient gives a
stream *error* no request id, so an error completes the oldest request still
pending on that stream (the order the server answers one sequence in).

Only a literal ``streaming=True`` over a literal ``ProtocolType.GRPC`` converts;
a streaming flag or protocol chosen at run time leaves the context V1, with a
finding that names the V2 stream API.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from triton_migrate.analysis.resolve import literal_int
from triton_migrate.v1client.client import GRPC, Bound

STREAM_HELPER = "stream_infer"
#: Names the stream helper defines at module level (taken names stop the conversion).
STREAM_NAMES = (STREAM_HELPER, "GrpcStreamRequests", "_GRPC_STREAMS", "_GRPC_STREAMS_LOCK", "threading", "weakref")

STREAM_REVIEW = (
    "`InferContext.async_run()` on a streaming gRPC context is now `stream_infer(client, callback, model_name, "
    "inputs, ...)`, a function written into this file: it opens the client's own V2 stream on its first request "
    "(`client.start_stream(callback)`; one stream per client, so this context keeps a client of its own) and sends "
    "with `client.async_stream_infer(...)`, so the requests reach the server in the order sent, as V1's stream did. "
    "It returns a request whose `get_result()` waits for the `InferResult`; the V1 callback(ctx, request_id) is now "
    "called as callback(client, request) on completion. A stream error carries no request id in tritonclient: it "
    "completes the oldest request pending on that stream. Close the client when done (`client.close()` stops the "
    "stream; an open stream keeps the program from exiting)."
)

STREAM_HOW = ("one grpcclient.InferenceServerClient per streaming context; client.start_stream(callback=cb) once; "
              "client.async_stream_infer(model_name, inputs, outputs=outputs, request_id=..., sequence_id=..., "
              "sequence_start=..., sequence_end=...); cb(result, error) gets each response; client.stop_stream()")

#: What a container of streaming contexts, each bound to its own sequence, becomes by hand.
STREAM_CONTAINER_NOTE = (
    " These contexts stream over gRPC, each for its own sequence (correlation_id): in V2 a stream belongs to one "
    "client and a client carries neither model nor sequence id, so keep one `grpcclient.InferenceServerClient` per "
    "context beside its sequence id (a `(client, sequence_id)` pair in the container), pass the pair where the "
    "context goes, open each client's stream once with `client.start_stream(callback=...)` (the callback receives "
    "`(result, error)` for every request of that stream), send with `client.async_stream_infer(model_name, inputs, "
    "outputs=outputs, sequence_id=sequence_id, sequence_start=..., sequence_end=...)`, and `client.stop_stream()` "
    "when done."
)

#: Completing a request from V2's callback(result, error), then calling the V1 callback (the async
#: helper of `inferasync` uses it too).
COMPLETE = '''        if error is None:
            request.set_result(result)
        else:
            request.set_exception(error)
        if callback is not None:
            callback(client, request)
'''

_SOURCE = '''
class GrpcStreamRequests:
    """The requests sent on one gRPC client's stream (V2 has one stream per client), completed by its callback."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pending = {}  # request id -> (request, V1 callback, client), oldest first
        self.sent = 0

    def completed(self, result, error):
        with self.lock:
            if error is None:
                key = result.get_response().id
            else:  # tritonclient gives a stream error no request id: the oldest pending request gets it
                key = next(iter(self.pending), None)
            request, callback, client = self.pending.pop(key, (None, None, None))
        if request is None:
            return
''' + COMPLETE + '''

_GRPC_STREAMS = weakref.WeakKeyDictionary()  # client -> its GrpcStreamRequests (the stream closes with the client)
_GRPC_STREAMS_LOCK = threading.Lock()


def stream_infer(client, callback, model_name, inputs, **kwargs):
    """Send a request on the client's own stream without waiting for it (V1 async_run() on a streaming context).

    The stream is opened on the client's first request; requests sent on it reach
    the server in order.  Returns a request whose get_result() waits for the
    InferResult; V1 called callback(ctx, request_id) on completion, here it is
    called as callback(client, request) by the stream's thread.
    """
    with _GRPC_STREAMS_LOCK:
        stream = _GRPC_STREAMS.get(client)
        if stream is None:
            stream = _GRPC_STREAMS[client] = GrpcStreamRequests()
            client.start_stream(callback=stream.completed)
    request = GrpcAsyncRequest()
    with stream.lock:
        stream.sent += 1
        request_id = str(stream.sent)
        stream.pending[request_id] = (request, callback, client)
    try:
        client.async_stream_infer(model_name, inputs, request_id=request_id, **kwargs)
    except Exception:
        with stream.lock:
            stream.pending.pop(request_id, None)
        raise
    return request
'''


def helper_source() -> str:
    """The stream helper (it uses ``GrpcAsyncRequest``, which the async helper source defines)."""
    return _SOURCE


def stream_problem(bound: Bound, module: str) -> Optional[str]:
    """None when ``async_run()`` on ``bound`` is not streaming or converts onto a stream; else why it cannot."""
    streaming = bound.args.get("streaming")
    if not is_streaming(streaming):
        return None
    if not (isinstance(streaming, cst.Name) and streaming.value == "True"):
        return ("the context's `streaming=` is not a literal True, so whether its requests must go on a V2 stream "
                f"is unknown here ({STREAM_HOW})")
    if module != GRPC:
        return ("the context is streaming but its protocol is not a literal `ProtocolType.GRPC` (V2 streams are "
                f"gRPC only: {STREAM_HOW})")
    return None


def is_streaming(streaming: Optional[cst.BaseExpression]) -> bool:
    """Whether a context's ``streaming=`` argument may be true (absent, False, None and 0 are not)."""
    if streaming is None:
        return False
    if isinstance(streaming, cst.Name) and streaming.value in ("False", "None"):
        return False
    return literal_int(streaming) != 0


__all__ = ["COMPLETE", "STREAM_CONTAINER_NOTE", "STREAM_HELPER", "STREAM_HOW", "STREAM_NAMES", "STREAM_REVIEW", "helper_source", "is_streaming",
           "stream_problem"]
