"""Report imports of the V1 client API `tensorrtserver.api`.

## What it does
Finds every import of `tensorrtserver.api` (and of the bare `tensorrtserver`
package) and reports it with the V2 modules to port to: for a list of imported names, the
V2 module that really has each one's replacement (`InferenceServerException`
and `serialize_byte_tensor` in `tritonclient.utils`, `model_config_pb2` in
`tritonclient.grpc`, the contexts' `InferenceServerClient` in the protocol
modules, and the names V2 has no module for). It changes nothing.

## Why
The V1 Python client (`InferContext`, `ServerHealthContext`, `ProtocolType`, ...)
was replaced by `tritonclient.http` / `tritonclient.grpc`, whose calls take
different arguments (see docs/python-client.md). Until the API rules cover a
usage, it is reported here so it is never silently left behind.

## Example
```python
from tensorrtserver.api import *   # reported: port to tritonclient.http / tritonclient.grpc
from tensorrtserver.api import InferContext, InferenceServerException
# reported, with where each name's replacement lives: import tritonclient.http as httpclient
# (or tritonclient.grpc as grpcclient); from tritonclient.utils import InferenceServerException
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import PositionProvider

from triton_migrate.data.v2_homes import CLIENT_IMPORT, v2_imports
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Report imports of the V1 client API tensorrtserver.api (port to tritonclient.http / tritonclient.grpc)",
    carriers=("python", "notebook"),
    fix="report-only",
    needles=(b"tensorrtserver",),
    order=90,
    doc=__doc__ or "",
)

REPLACEMENT = CLIENT_IMPORT


class _Finder(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__()
        self.ctx = ctx

    def _report(self, node: cst.CSTNode, name: str, replacement: str = REPLACEMENT) -> None:
        rng = self.get_metadata(PositionProvider, node)
        self.ctx.report(
            line=rng.start.line, column=rng.start.column, end_line=rng.end.line, end_column=rng.end.column,
            severity="warning", v1=name, replacement=replacement,
            message=f"`{name}` is the V1 client API: port these calls to `tritonclient.http` or "
                    "`tritonclient.grpc` (see docs/python-client.md).",
        )

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            name = get_full_name_for_node(alias.name) or ""
            if name in ("tensorrtserver", "tensorrtserver.api"):
                self._report(alias, name)
            elif name.startswith("tensorrtserver.api."):  # a submodule: its own V2 home
                self._report(alias, name, v2_imports([name]))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None:
            return
        module = get_full_name_for_node(node.module) or ""
        if module == "tensorrtserver.api" and not isinstance(node.names, cst.ImportStar):
            # The hint names where each imported name's replacement really lives.
            self._report(node, module, v2_imports(get_full_name_for_node(a.name) or "" for a in node.names))
        elif module.startswith("tensorrtserver.api."):
            self._report(node, module, v2_imports([module]))
        elif module == "tensorrtserver.api":
            self._report(node, module)
        elif module == "tensorrtserver" and not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                if get_full_name_for_node(alias.name) == "api":
                    self._report(node, "tensorrtserver.api")


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    wrapper.visit(_Finder(ctx))
    return wrapper.module
