"""Turn `InferContext` and its `run()` into a V2 client and `infer()`, with the results.

## What it does
- `InferContext(url, protocol, model_name, model_version, verbose, correlation_id, streaming, http_headers)`
  becomes `<module>.InferenceServerClient(url, verbose=...)`; the model name,
  version (V1 `-1`/`None` = latest: dropped; `3` becomes `"3"`), correlation id
  and headers move to each request.  An inline `ProtocolType.from_str(...)`
  is first assigned to `client_module` so the tensors can use it too.
- `ctx.run(inputs, outputs, batch_size, flags, corr_id, priority, timeout_us)`
  (with dict displays for inputs and outputs) becomes an `inputs = [InferInput(...)]`
  list filled with `set_data_from_numpy` (or `set_shared_memory` for a shared-memory
  handle), an `outputs = [InferRequestedOutput(...)]` list (`class_count=k` for
  `(ResultFormat.CLASS, k)`, `set_shared_memory` for `(ResultFormat.RAW, handle)`),
  and `client.infer(model_name, inputs, outputs=outputs, sequence_id=...,
  sequence_start=..., sequence_end=..., priority=..., timeout=..., headers=...)`.
- An input or `(ResultFormat.RAW, h)` output that is a parameter of a private
  helper whose callers pass a region (whose creation the file shows) or a numpy
  list becomes `_v1_input(module, name, value, shape, batch)` /
  `_v1_output(module, name, h)`, read back by `_v1_result(result, name, h)`:
  functions written into the file that look the value up in `_V1_SHM_REGIONS`,
  a registry filled by `_v1_region(shm, h, kind, name, key, byte_size)` right after each
  such region's creation (and `_v1_filled(h, values)` where it is written).
  Any other caller or region keeps the `run()` V1, reported.
- On the variable the result was assigned to, `result["OUT"]` becomes
  `result.as_numpy("OUT")`; shared-memory outputs are read back with
  `get_contents_as_numpy`; classification results are parsed back from V2's
  `b"value:index:label"` strings into V1's `(index, value, label)` tuples.
- Batching: V1 passed a list of per-item arrays plus `batch_size`. For a model
  with `max_batch_size > 0` the list becomes `np.stack(list)` with shape
  `[batch_size, *dims]`; for `max_batch_size == 0` the single array is sent as
  it is and V1's `result["OUT"][0]` becomes `result.as_numpy("OUT")`. The rule
  reads the model's `config.pbtxt` from `--model-repository`; without it, it
  assumes batching and says so in a warning that names the model.
- `ctx.async_run(callback, ...)` becomes `async_infer(ctx, callback, model_name,
  inputs, outputs=...)`, a small function written into the migrated file that
  works for both protocols: it returns a request whose `get_result()` waits for
  the `InferResult` (HTTP: `InferAsyncRequest`; gRPC: a `concurrent.futures.Future`
  completed by V2's `callback(result, error)`), and calls the V1 callback as
  `callback(client, request)` (gRPC: on completion; HTTP: right after sending,
  since HTTP requests only progress while `get_result()` waits).
  `get_async_run_results(request_id)` becomes `request_id.get_result()` when
  its result is assigned to a name (or a dict entry) whose reads the tool
  follows, or discarded; a result read where it is fetched
  (`get_async_run_results(i, True)["OUT"]`), passed on or returned keeps the
  context V1 (V2's `InferResult` takes no `[name]`), each use reported.  A
  review warning explains the changed callback; a callback the tool cannot
  inspect, or that uses its ctx for more than `get_async_run_results()`, is
  reported.  A callback that reads the result it fetched (`reply =
  ctx.get_async_run_results(request_id, True)`; `reply["OUT"]`) has it followed
  when every `async_run()` passing the callback requests the same outputs.
  A callback is one object: when a context that stays V1 also passes it to
  its `async_run()`, every context passing it stays V1 (each use reported,
  naming the callback and the V1 call), since one function cannot take both
  V1's `(ctx, request_id)` and V2's `(client, request)`.
- `async_run()` on a streaming gRPC context (`InferContext(url,
  ProtocolType.GRPC, m, correlation_id=c, streaming=True)`) becomes
  `stream_infer(ctx, callback, model_name, inputs, outputs=..., sequence_id=c,
  ...)`, written into the file: V2 streams are per client, so it opens the
  client's own stream on its first request (`start_stream(callback)`), sends
  with `async_stream_infer(...)` (the requests of a sequence stay in order, as
  on V1's stream; unary `async_infer()` may reorder them) and completes each
  request from the stream's `callback(result, error)` by its request id (an
  error, which tritonclient gives no id, completes the oldest pending request).
  A `streaming=` that is not a literal `True`, or a protocol that is not a
  literal `ProtocolType.GRPC`, leaves the context V1; so do streaming contexts
  kept in a list and handed to helpers, each for its own sequence: each use is
  reported with the V2 stream API (one client and stream per context, a
  `(client, sequence_id)` pair where the context went).
- A context passed to a function of the file (`def send(ctx, ...): ctx.run(...)`)
  is converted when every call passes a known context: the per-context settings
  (client module, model name, version, correlation id) that differ become
  keyword-only parameters of the function, passed by each call.  A helper may pass the
  context on to another helper (`print_rows(ctx)` calling `add_sub(ctx)`): the web of
  functions converts as a whole, forwarding calls pass their own keywords.  A method
  called through `self` (`self._check(ctx, shape)`) converts the same way when every
  `.<method>` of the file is such a call from a method of its own class.  Tensor names
  held in the helper's parameters (`def _check(self, ctx, shape, input_name="INPUT0")`,
  `ctx.run({input_name: (a,)}, ...)`, `results[input_name]`), never assigned in it,
  convert like literals (`InferInput(input_name, ...)`, `results.as_numpy(input_name)`),
  their datatype and shape read from the array.
- A context kept on `self` (`self.ctx = InferContext(...)` in `__init__` or `setUp`, `self.ctx.run()`,
  `async_run()`, `get_async_run_results()`, `close()` in the other methods) converts when the
  attribute cannot escape (stored once, no `obj.ctx` outside the class, no subclass, no other
  use): literal settings go into each request, the others are kept beside the client
  (`self.ctx_model_name`, `self.ctx_client_module`, ...).  Otherwise it stays V1 (error at
  the constructor naming the use).
- A factory of the file that returns `InferContext(...)` returns the V2 client; each call
  passes the model name (version, correlation id) as a literal, and its requests use them;
  the protocol module comes from the call (chosen just before it when it is a run-time
  choice: `ctx_client_module = httpclient if s.lower() == "http" else grpcclient`).
  A factory returning contexts of different models per branch converts when every call
  picks its branch with literal arguments (conditions comparing parameters with literals):
  each call's requests use the model of the branch it reaches.
- Contexts kept in a container convert all or nothing per container: a list (comprehension
  or display) or a `queue.Queue()` pool whose contexts share one model literal and the same
  settings, or a dict with literal string keys (`by_model["simple"]` uses that entry's
  model).  Elements are read by iteration (`for c in xs`, `enumerate(xs)`, `xs + ys`,
  `list(d.values())`), a subscript (a literal key for a dict) or `q.get()`, and used for
  `run()` (the request names the model) and `close()` (any elements), or put back.  A
  container returned, passed to a function, read with a variable key, or holding contexts
  of models known only at run time keeps all its contexts V1, each use reported.
- A module global set up by a function (`global CTX; CTX = InferContext(...)`, every other
  assignment `None`) is read as that context in the module's other functions, when the
  settings a request copies read no local of the function that builds it.
- `RAW = InferContext.ResultFormat.RAW` at module level is read as the format it names;
  the alias is removed when every request that used it converted.
- A subclass of `InferContext` whose `__init__` calls `InferContext.__init__(self, url,
  protocol, model_name, ...)` (or `super().__init__(...)`) and which uses the V1 API only
  through `self.run()`, `self.async_run()`, `self.get_async_run_results()` and `self.close()`
  becomes a plain class holding `self._client = <module>.InferenceServerClient(url, verbose=...)`
  and the settings V1 kept in the context (`self._client_module`, `self._model_name`,
  `self._correlation_id`, ... when they are not literals), with a `close()` method; its requests
  are converted like a context's (review warning).  All or nothing per class: any other use of
  the V1 API, or an instance of it used for an inherited method, keeps the class V1.
- `get_stat()`, `correlation_id()`, `get_last_request_*()` and other subclasses of
  `InferContext` are reported with the V2 way; so is a `run()` it cannot
  prove safe to convert (inputs in a variable, inside a lambda or comprehension).

## Why
V2 requests are built from typed tensors whose shape includes the batch
dimension, the client is not bound to a model or a sequence, and results are
an `InferResult` object rather than a dict of per-item lists.

## Example
```python
# before
ctx = InferContext(url, protocol, "simple", -1, verbose)
result = ctx.run({'INPUT0': (input0,)}, {'OUTPUT0': InferContext.ResultFormat.RAW}, 1)
output0 = result['OUTPUT0'][0]
# after
ctx = protocol.InferenceServerClient(url, verbose=verbose)
inputs = [
    protocol.InferInput('INPUT0', [1, 16], 'INT32'),
]
inputs[0].set_data_from_numpy(np.stack((input0,)))
outputs = [
    protocol.InferRequestedOutput('OUTPUT0'),
]
result = ctx.infer("simple", inputs, outputs=outputs)
output0 = result.as_numpy('OUTPUT0')[0]
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from triton_migrate.v1client import client as pyclient
from triton_migrate.v1client.infer import InferRewriter
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    import libcst as cst
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="InferContext -> InferenceServerClient; run() -> infer() with InferInput/InferRequestedOutput; results -> as_numpy()",
    carriers=("python", "notebook"),
    fix="review",
    needles=(b"InferContext",),
    order=30,
    doc=__doc__ or "",
    requires=("v1_imports", "v1_protocol"),
)


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    return pyclient.run(InferRewriter, wrapper, ctx)
