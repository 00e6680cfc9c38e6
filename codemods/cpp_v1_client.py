"""Report the V1 C++ client library (`request_grpc.h`, `InferContext`, `librequest`).

## What it does
In C/C++ sources, reports each `#include` of `request.h`, `request_grpc.h`
or `request_http.h` and, in files that include one of them or name the
namespace `nvidia::inferenceserver::client`, each use of a V1 client class
(`InferContext`, `InferGrpcContext`, `ServerHealthGrpcContext`,
`ServerStatusHttpContext`, `ModelControlGrpcContext`,
`SharedMemoryControlContext`, ...) with the V2 class and method to port to.
Comments and string literals are skipped. Nothing is edited.

## Why
The V2 C++ client (`http_client.h`, `grpc_client.h`; `libhttpclient`,
`libgrpcclient`; namespace `triton::client`) is a different API:
`InferenceServerHttpClient` / `InferenceServerGrpcClient` with `InferInput`,
`InferRequestedOutput` and `InferResult`. There is no mechanical translation.

## Example
```cpp
#include "request_grpc.h"                     // reported: grpc_client.h
nic::InferGrpcContext::Create(&ctx, url, m);  // reported: InferenceServerGrpcClient::Create + Infer
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from triton_migrate.argv import report_span
from triton_migrate.data.cpp_v1 import CLIENT_NAMES, CLIENT_NAMESPACE, INCLUDES
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from triton_migrate.carriers.cpp import Source
    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Report the V1 C++ client (request_grpc.h, InferContext, ServerHealthGrpcContext...): port to grpc_client.h / http_client.h",
    carriers=("cpp",),
    fix="report-only",
    needles=(b"request", b"inferenceserver"),
    order=10,
    doc=__doc__ or "",
)


def check_source(source: Source, ctx: FileContext) -> None:
    evidence = False
    for header, (family, v2) in INCLUDES.items():
        if family != "client":
            continue
        for token in source.included(header):
            evidence = True
            report_span(ctx, source.text, token.start, token.end, severity="error", applied=False, v1=header,
                        replacement=v2.split(" ")[0],
                        message=f"`{header}` is the V1 C++ client library (librequest); port to {v2}")
    if not evidence and not source.has_sequence(CLIENT_NAMESPACE):
        return
    for token in source.tokens:
        v2 = CLIENT_NAMES.get(token.value)
        if v2:
            report_span(ctx, source.text, token.start, token.end, severity="error", applied=False, v1=token.value,
                        replacement=v2, message=f"`{token.value}` is a V1 C++ client class; port to {v2} "
                                                "(see docs/cpp.md)")
