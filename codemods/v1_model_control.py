"""Turn `ModelControlContext` into a V2 client with `load_model` / `unload_model`.

## What it does
Rewrites `ModelControlContext(url, protocol, verbose=..., http_headers=...)`
to `<module>.InferenceServerClient(url, verbose=...)` and, on a variable proven
to hold it, `load(name)` to `load_model(name)`, `unload(name)` to
`unload_model(name)` and `close()` to `close()`; constructor headers become
`headers={...}` on each call.  `get_last_request_id()` is reported.  Each
`unload_model()` carries a review item: tritonserver 2.51 answers while the
model is still `UNLOADING`, so code that reads the model's state right after
the unload (as V1 tests did) must wait for `UNAVAILABLE`.

## Why
V2 folds model control into the one client.  As in V1, the server must run
with `--model-control-mode=explicit` (V2's default is `none`).

## Example
```python
# before
ctl = trtis.ModelControlContext(url, protocol, verbose)
ctl.unload("simple")
# after
ctl = protocol.InferenceServerClient(url, verbose=verbose)
ctl.unload_model("simple")
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
    summary="ModelControlContext -> InferenceServerClient; load/unload -> load_model/unload_model",
    carriers=("python", "notebook"),
    fix="safe",
    needles=(b"ModelControlContext",),
    order=33,
    doc=__doc__ or "",
    requires=("v1_imports", "v1_protocol"),
)


class _ModelControl(HeldMixin, pyclient.ContextRewriter):  # contexts in lists, dicts, queues: whole or not at all
    classes = ("ModelControlContext",)


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    return pyclient.run(_ModelControl, wrapper, ctx)
