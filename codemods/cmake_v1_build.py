"""Report V1 build settings in CMake files (`TRTIS_*` options, `TRTISConfig.cmake`, `librequest`).

## What it does
In `CMakeLists.txt` and `*.cmake` files, reports every `TRTIS*` word outside
comments (`TRTIS_ENABLE_GPU`, `TRTIS_ENABLE_GRPC`, `find_package(TRTIS)`,
`TRTISConfig.cmake`, `TRTIS::...`) and every reference to the V1 client
library `librequest` (and, in a file with such evidence, the bare `request`
target). Nothing is edited: the build itself moved.

## Why
V2 renamed the build options to `TRITON_*` and moved the client into the
triton-inference-server/client repository, whose libraries are
`libgrpcclient` / `libhttpclient` (CMake targets `TRITON::grpcclient`,
`TRITON::httpclient`).

## Example
```cmake
option(TRTIS_ENABLE_GPU "Enable GPU" ON)        # reported: TRITON_ENABLE_GPU
target_link_libraries(my_client librequest)     # reported: TRITON::grpcclient / TRITON::httpclient
```
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from triton_migrate.argv import report_span
from triton_migrate.data.cpp_v1 import CMAKE_PREFIX, CMAKE_REQUEST_LIBRARIES, CMAKE_V2
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from triton_migrate.carriers.cpp import Source
    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Report V1 CMake build settings (TRTIS_* options, TRTISConfig.cmake, librequest): TRITON_* and TRITON::grpcclient/httpclient",
    carriers=("cpp",),
    fix="report-only",
    needles=(b"TRTIS", b"librequest"),
    order=40,
    doc=__doc__ or "",
)


def _v1(word: str) -> str | None:
    if word.startswith(CMAKE_PREFIX) and (len(word) == len(CMAKE_PREFIX) or not word[len(CMAKE_PREFIX)].islower()):
        suffix = word[len(CMAKE_PREFIX):]
        if suffix.startswith("_"):
            return f"TRITON{suffix}"
        return "TritonClient / TRITON::*"
    if word.split("/")[-1] in CMAKE_REQUEST_LIBRARIES or word.startswith("librequest"):
        return "TRITON::grpcclient / TRITON::httpclient"
    return None


_LINK = re.compile(r"\b(?:target_)?link_libraries\s*\(([^)]*)\)", re.IGNORECASE)


def check_cmake(source: Source, ctx: FileContext) -> None:
    evidence = any(_v1(t.value) for t in source.tokens)
    links = [m.span(1) for m in _LINK.finditer(source.text)] if evidence else []
    for token in source.tokens:
        v2 = _v1(token.value)
        if v2 is None and token.value == "request" and any(a <= token.start < b for a, b in links):
            v2 = "TRITON::grpcclient / TRITON::httpclient"
        if v2:
            report_span(ctx, source.text, token.start, token.end, severity="warning", applied=False, v1=token.value,
                        replacement=v2, message=f"`{token.value}` is the V1 (TRTIS) build; use {v2}: {CMAKE_V2}")
