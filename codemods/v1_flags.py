"""Replace `InferRequestHeader.FLAG_*` constants by their values.

## What it does
`InferRequestHeader.FLAG_NONE`, `FLAG_SEQUENCE_START` and `FLAG_SEQUENCE_END`
become `0`, `1` and `2`. Where such a constant was passed directly to
`InferContext.run(flags=...)`, `v1_infer` (which runs first) has already
turned it into `sequence_start=True` / `sequence_end=True`; values that travel
through variables reach `infer()` as `sequence_start=bool(flags & 1),
sequence_end=bool(flags & 2)`.  Other `InferRequestHeader` uses are reported.

## Why
`InferRequestHeader` was a V1 protobuf message; V2 has no flag word, only the
two booleans of `infer()`.  The integer values keep the program's own flag
logic (`flags = START if first else NONE`) working unchanged.

## Example
```python
# before
flags = InferRequestHeader.FLAG_SEQUENCE_START
# after
flags = 1
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from triton_migrate.data.v1_client_api import SEQUENCE_FLAGS
from triton_migrate.analysis.v1names import V1NameRewriter
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="InferRequestHeader.FLAG_NONE/FLAG_SEQUENCE_START/FLAG_SEQUENCE_END -> 0/1/2 (V2: sequence_start/sequence_end)",
    carriers=("python", "notebook"),
    fix="safe",
    needles=(b"InferRequestHeader",),
    order=40,
    doc=__doc__ or "",
    requires=("v1_imports",),
)


class _Flags(V1NameRewriter):
    def rewrite(self, node: cst.CSTNode, updated: cst.CSTNode, name: str) -> Optional[cst.BaseExpression]:
        head, _, flag = name.partition(".")
        if head != "InferRequestHeader":
            return None
        if flag in SEQUENCE_FLAGS:
            value = str(SEQUENCE_FLAGS[flag])
            if self.report(node, f"`{name}` is now `{value}`; V2 takes sequence_start= / sequence_end= booleans.",
                           v1=name, replacement=value):
                return cst.Integer(value)
            return None
        self.report(node, f"`{name}` has no V2 equivalent (the V1 request header protobuf is gone).", applied=False,
                    v1=name, replacement="infer(..., sequence_id=..., sequence_start=..., sequence_end=..., priority=..., timeout=...)")
        return None


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    return wrapper.visit(_Flags(ctx, wrapper.module))
