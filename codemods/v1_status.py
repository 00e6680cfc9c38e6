"""Turn `ServerStatusContext` / `ModelRepositoryContext` into V2 clients; report the status object model.

## What it does
Rewrites both constructors to `<module>.InferenceServerClient(url, verbose=...)`
and `get_model_repository_index()` to the V2 method of the same name (with a
warning: the result's shape changed).  `get_server_status()` is reported as an
error at its line, with the V2 calls that give the same information, and left
in place: the V1 `ServerStatus` protobuf (uptime, ready state, per-version
status and statistics) has no V2 equivalent.  A `model_name` given to
`ServerStatusContext` is dropped from the constructor (it only filtered the
status) and mentioned in the finding.

## Why
V2 splits the V1 status into `get_server_metadata()`, `is_model_ready(m)`,
`get_model_metadata(m)`, `get_model_config(m)`, `get_inference_statistics(m)`
and `get_model_repository_index()`, each returning JSON (HTTP) or protobuf
(gRPC; `as_json=True` for a dict).  Which ones a program needs depends on what
it read from the status, so a person has to choose.

## Example
```python
# before
ctx = ModelRepositoryContext(url, protocol)
index = ctx.get_model_repository_index()
# after
ctx = protocol.InferenceServerClient(url)
index = ctx.get_model_repository_index()   # warning: [{'name': ..., 'state': ...}] over HTTP
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from triton_migrate import pyclient
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    import libcst as cst
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="ServerStatusContext / ModelRepositoryContext -> InferenceServerClient; get_server_status() reported",
    carriers=("python", "notebook"),
    fix="review",
    needles=(b"ServerStatusContext", b"ModelRepositoryContext"),
    order=34,
    doc=__doc__ or "",
)


class _Status(pyclient.ContextRewriter):
    classes = ("ServerStatusContext", "ModelRepositoryContext")


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    return pyclient.run(_Status, wrapper, ctx)
