"""Report the V1 in-process server API (`trtserver.h`, `TRTSERVER_*`).

## What it does
In C/C++ sources, reports each `#include` of `trtserver.h` and each
`TRTSERVER_*` name outside comments and strings, with the `TRITONSERVER_*`
call of `tritonserver.h` to port to when there is a named one. Nothing is
edited.

## Why
V2's in-process API (`tritonserver.h`) is not a rename: inference requests are
`TRITONSERVER_InferenceRequest` objects (`TRITONSERVER_InferenceRequestNew`,
`AddInput`, `AppendInputData`, `AddRequestedOutput`), status is split into
model metadata, config, statistics and index calls returning
`TRITONSERVER_Message` JSON, and the protocol-version option is gone.

## Example
```cpp
#include "src/core/trtserver.h"              // reported: tritonserver.h
TRTSERVER_ServerNew(&server, options);       // reported: TRITONSERVER_ServerNew
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from triton_migrate.argv import report_span
from triton_migrate.data.cpp_v1 import INCLUDES, SERVER_DEFAULT, SERVER_NAMES, SERVER_PREFIX
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from triton_migrate.carriers.cpp import Source
    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Report the V1 in-process server API (trtserver.h, TRTSERVER_*): port to tritonserver.h (TRITONSERVER_*)",
    carriers=("cpp",),
    fix="report-only",
    needles=(b"trtserver.h", b"TRTSERVER_"),
    order=30,
    doc=__doc__ or "",
)


def check_source(source: Source, ctx: FileContext) -> None:
    family, v2_header = INCLUDES["trtserver.h"]
    for token in source.included("trtserver.h"):
        report_span(ctx, source.text, token.start, token.end, severity="error", applied=False, v1="trtserver.h",
                    replacement="tritonserver.h", message=f"`trtserver.h` is the V1 in-process server API; port to {v2_header}")
    for token in source.tokens:
        if not token.value.startswith(SERVER_PREFIX):
            continue
        v2 = SERVER_NAMES.get(token.value)
        target = f"`{v2}`" if v2 else SERVER_DEFAULT
        report_span(ctx, source.text, token.start, token.end, severity="error", applied=False, v1=token.value,
                    replacement=v2 or "TRITONSERVER_*",
                    message=f"`{token.value}` is the V1 in-process server API; port to {target} (see docs/cpp.md)")
