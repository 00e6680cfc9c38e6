"""Turn `ServerHealthContext` into a V2 client with `is_server_live` / `is_server_ready`.

## What it does
Rewrites `ServerHealthContext(url, protocol, verbose=..., http_headers=...)` to
`<module>.InferenceServerClient(url, verbose=...)`, where `<module>` is what
the protocol selects (`httpclient`, `grpcclient`, or the variable that
`ProtocolType.from_str(...)` was assigned to, see `v1_protocol`), and, on a
variable proven to hold that context, `is_live()` to `is_server_live()`,
`is_ready()` to `is_server_ready()` and `close()` to `close()`.  V1 headers
given once to the constructor (`["Name:Value", ...]`) become `headers={...}`
on every call.  `get_last_request_id()` is reported (no V2 equivalent).

## Why
V2 has one `InferenceServerClient` per protocol module for every request
type; the health endpoints are methods of it.  V1 headers were a list of
`"Name:Value"` strings fixed at construction, V2 takes a dict per call.

## Example
```python
# before
ctx = ServerHealthContext(url, protocol, verbose=verbose, http_headers=["X-Id:7"])
live = ctx.is_live()
# after
ctx = protocol.InferenceServerClient(url, verbose=verbose)
live = ctx.is_server_live(headers={'X-Id': '7'})
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from triton_migrate.v1client import client as pyclient
from triton_migrate.v1client.heldmixin import HeldMixin
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    import libcst as cst
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="ServerHealthContext -> InferenceServerClient; is_live/is_ready -> is_server_live/is_server_ready",
    carriers=("python", "notebook"),
    fix="safe",
    needles=(b"ServerHealthContext",),
    order=32,
    doc=__doc__ or "",
    requires=("v1_imports", "v1_protocol"),
)


class _Health(HeldMixin, pyclient.ContextRewriter):  # contexts in lists, dicts, queues: whole or not at all
    classes = ("ServerHealthContext",)


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    return pyclient.run(_Health, wrapper, ctx)
