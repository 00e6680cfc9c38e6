"""Report V1 custom backend code (`custom.h`, `CustomExecute`, `CustomInitialize`, ...).

## What it does
In C/C++/CUDA sources, reports each `#include` of `custom.h` (or the SDK's
`custom_instance.h`) and, in files that include one of them or use
`TRTIS_CUSTOM_EXPORT` or `CustomPayload`, each use of a V1 custom backend
name (`CustomVersion`, `CustomInitialize`, `CustomFinalize`,
`CustomErrorString`, `CustomExecute`, `CustomExecuteV2`, `CustomPayload`,
`CustomGetNextInputFn_t`, ...) with the Triton backend API call that takes over.
Nothing is edited.

## Why
V2 loaded V1 custom backends only up to 2.9.0; the API was removed in 2.10.0
(21.05). A backend is now written against `tritonbackend.h`
(`TRITONBACKEND_ModelInitialize`, `TRITONBACKEND_ModelInstanceExecute`, ...),
usually with the helpers of the triton-inference-server/backend repository.

## Example
```cpp
#include "src/backends/custom/custom.h"   // reported: triton/core/tritonbackend.h
int CustomExecute(void* ctx, uint32_t n, CustomPayload* p, ...);  // reported: TRITONBACKEND_ModelInstanceExecute
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from triton_migrate.argv import report_span
from triton_migrate.data.cpp_v1 import CUSTOM_NAMES, INCLUDES
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from triton_migrate.carriers.cpp import Source
    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Report the V1 custom backend API (custom.h, CustomExecute, CustomInitialize...): port to tritonbackend.h",
    carriers=("cpp",),
    fix="report-only",
    needles=(b"custom", b"Custom"),
    order=20,
    doc=__doc__ or "",
)

EVIDENCE = ("TRTIS_CUSTOM_EXPORT", "CustomPayload", "CustomInitializeData")


def check_source(source: Source, ctx: FileContext) -> None:
    evidence = False
    for header, (family, v2) in INCLUDES.items():
        if family != "custom":
            continue
        for token in source.included(header):
            evidence = True
            report_span(ctx, source.text, token.start, token.end, severity="error", applied=False, v1=header,
                        replacement=v2.split(" ")[0],
                        message=f"`{header}` is the V1 custom backend API, removed in 2.10.0 (21.05); port to {v2}")
    if not evidence and not (source.names() & set(EVIDENCE)):
        return
    for token in source.tokens:
        v2 = CUSTOM_NAMES.get(token.value)
        if v2:
            report_span(ctx, source.text, token.start, token.end, severity="error", applied=False, v1=token.value,
                        replacement=v2, message=f"`{token.value}` is the V1 custom backend API (removed in 2.10.0); "
                                                f"the Triton backend API uses {v2} (see docs/cpp.md)")
