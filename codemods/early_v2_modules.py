"""Move the 2020 V2 client packages to their `tritonclient` homes.

## What it does
Rewrites imports of the short-lived 2020 wheels `tritonhttpclient`,
`tritongrpcclient` (with `grpc_service_pb2`, `grpc_service_pb2_grpc`,
`model_config_pb2`, and the 20.03.1 beta `grpc_service_v2_pb2*`),
`tritonclientutils` and `tritonshmutils.*` to `tritonclient.http`,
`tritonclient.grpc`, `tritonclient.utils` and `tritonclient.utils.*`, in every
import form, and the attribute chains that reach them.

## Why
Since 2.3.0 (20.09) a single `tritonclient` wheel holds the client. The old
names survive only as deprecation shims (with a `DeprecationWarning`), and the
20.03.1 beta names (`tritonclientutils.utils`, `grpc_service_v2_pb2`) no longer
import at all. The API underneath did not change, so the rewrite is safe.

## Example
```python
# before
import tritonhttpclient
from tritongrpcclient import grpc_service_pb2
from tritonclientutils import InferenceServerException
# after
import tritonclient.http as tritonhttpclient
from tritonclient.grpc import service_pb2 as grpc_service_pb2
from tritonclient.utils import InferenceServerException
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from triton_migrate.data.python_modules import EARLY_V2_MODULES, EARLY_V2_SINCE
from triton_migrate.v1client.rename import ModuleRenamer
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Rename the 2020 V2 packages (tritonhttpclient, tritongrpcclient, tritonclientutils, tritonshmutils) to tritonclient.*",
    carriers=("python", "notebook"),
    fix="safe",
    needles=(b"tritonhttpclient", b"tritongrpcclient", b"tritonclientutils", b"tritonshmutils"),
    order=10,
    doc=__doc__ or "",
)


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    return wrapper.visit(ModuleRenamer(ctx, EARLY_V2_MODULES, since=EARLY_V2_SINCE))
