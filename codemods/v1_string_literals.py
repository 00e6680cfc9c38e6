"""Report V1 names in string literals of Go, Java and Jsonnet sources.

## What it does
Reads the string literals of `.go`, `.java` (and `.kt`), `.jsonnet` and
`.libsonnet` files (comments are skipped) and reports each one that holds a V1
name, with the V2 text in the finding:

* the server program `trtserver` (or `/opt/tensorrtserver/bin/trtserver`):
  `tritonserver`, and for a literal that is a whole V1 flag
  (`"--model-store=/models"`) the V2 flags of the target release;
* `nvcr.io/nvidia/tensorrtserver:YY.MM-py3` images: the `tritonserver` image of
  the target release;
* V1 HTTP paths (`/api/infer/<m>`, `/api/status`, `/api/health/ready`,
  `/api/modelcontrol/load/<m>`) in URLs: the V2 endpoint;
* `/opt/tensorrtserver` paths and the `TENSORRT_SERVER_*` variables.

It never edits: a literal may be concatenated, formatted or compared, and the
program around it (a request body, a status parser) usually has to change too.

## Why
Operators and deployment generators written in these languages start the
server and probe it; left on V1 they create pods that crash or never get ready.

## Example
```go
Command: []string{"trtserver", "--model-store=/models"},   // reported: tritonserver, --model-repository=/models
resp, err := http.Get("http://" + host + ":8000/api/status") // reported: /v2/health/ready
```
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from triton_migrate.argv import report_span
from triton_migrate.data.deployment import (
    ENV_VARS,
    HEALTH_PATHS,
    INSTALL_DIRS,
    STATUS_REPLACEMENT,
    V2_IMAGE_REPOSITORY,
)
from triton_migrate.flags import translate_argv
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from triton_migrate.carriers.cpp import Source
    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Report V1 server names, images, flags and /api/ URLs in Go, Java and Jsonnet string literals, with the V2 text",
    carriers=("code_strings",),
    fix="report-only",
    needles=(b"trtserver", b"tensorrtserver", b"/api/health", b"/api/status", b"/api/infer", b"/api/modelcontrol",
             b"/api/repository", b"/api/sharedmemorycontrol", b"TENSORRT_SERVER_", b"--model-store",
             b"--allow-poll-model-repository", b"--allow-model-control", b"--http-health-port", b"--tf-"),
    order=90,
    doc=__doc__ or "",
)

_IMAGE = re.compile(r"(?:nvcr\.io/)?nvidia/tensorrtserver(?::[\w.-]+)?")
_SERVER = re.compile(r"(?<![\w.-])(?:/opt/tensorrtserver/bin/)?trtserver(?![\w.-])")
_FLAG = re.compile(r"^--(?:model-store|allow-poll-model-repository|allow-model-control|http-health-port|api-version"
                   r"|tf-[\w-]+|grpc-(?:stream-)?infer-thread-count)(?:=.*)?$", re.S)
_PATHS = (
    (re.compile(r"/api/infer/([\w.${}%-]+)(?:/(\d+|[\w${}%]+))?"),
     lambda m: f"/v2/models/{m.group(1)}" + (f"/versions/{m.group(2)}" if m.group(2) else "") + "/infer",
     "V1 inference endpoint; V2 takes a KServe V2 JSON (or binary-extension) body, not the V1 headers"),
    (re.compile(r"/api/status(?:/[\w.${}%-]+)?"), lambda m: STATUS_REPLACEMENT,
     "V1 status endpoint, which V2 answers with 400"),
    (re.compile(r"/api/health/(?:live|ready)"), lambda m: HEALTH_PATHS[m.group(0)], "V1 health endpoint"),
    (re.compile(r"/api/modelcontrol/(load|unload)/([\w.${}%-]+)"),
     lambda m: f"POST /v2/repository/models/{m.group(2)}/{m.group(1)}", "V1 model control endpoint"),
    (re.compile(r"/api/repository/index"), lambda m: "POST /v2/repository/index", "V1 repository index (GET)"),
    (re.compile(r"/api/sharedmemorycontrol[\w/.${}%-]*"), lambda m: "/v2/systemsharedmemory or /v2/cudasharedmemory",
     "V1 shared-memory control endpoint"),
)


def _flag_replacement(flag: str, ctx: FileContext) -> str:
    translation = translate_argv(["trtserver", flag], ctx.settings.target_version)
    from triton_migrate.flags import apply_edits

    argv, origin = apply_edits(["trtserver", flag], translation.edits)
    # Keep the flag's own words (not the defaults written out for a whole command line).
    words = [w for w, o in zip(argv, origin) if o == 1]
    return " ".join(words) or "(drop it: no V2 equivalent)"


def check_strings(source: Source, ctx: FileContext) -> None:
    target = ctx.settings.target_version
    tag = target.container_tag() or "<YY.MM>"
    for token in source.strings:
        literal = token.value
        hits: list[tuple[int, int, str, str, str]] = []  # start, end, v1, replacement, message
        for m in _IMAGE.finditer(literal):
            hits.append((m.start(), m.end(), m.group(0), f"{V2_IMAGE_REPOSITORY}:{tag}-py3",
                         f"V1 image `{m.group(0)}` has no V2 twin: use the tritonserver image of the target release"))
        line_start = source.text.rfind("\n", 0, token.start) + 1
        before = source.text[line_start:token.start]
        named = literal.strip("\"'`") == "trtserver" and re.search(r"[Nn]ame\"?\s*[:=]\s*$", before)
        for m in ([] if named else _SERVER.finditer(literal)):  # a container merely named trtserver is not the server
            new = m.group(0).replace("/opt/tensorrtserver/", "/opt/tritonserver/").replace("trtserver", "tritonserver")
            hits.append((m.start(), m.end(), m.group(0), new,
                         "V1 server program in a string: V2 runs `tritonserver`, whose flags differ "
                         "(`triton-migrate flags -- trtserver ...` prints the V2 command line)"))
        body = literal.strip("\"'`|@\n ")
        if _FLAG.match(body):
            at = literal.index(body)
            hits.append((at, at + len(body), body, _flag_replacement(body, ctx), f"V1 server flag `{body}` in a string"))
        for pattern, v2, why in _PATHS:
            for m in pattern.finditer(literal):
                hits.append((m.start(), m.end(), m.group(0), v2(m), f"{why}: `{m.group(0)}`"))
        for old, new in {**INSTALL_DIRS, **ENV_VARS}.items():
            for m in re.finditer(re.escape(old) + r"(?![\w-])", literal):
                if any(h[0] <= m.start() < h[1] for h in hits):
                    continue
                hits.append((m.start(), m.end(), old, new, f"`{old}` is `{new}` in V2 images"))
        for start, end, v1, replacement, message in sorted(hits):
            report_span(ctx, source.text, token.start + start, token.start + end, severity="warning", applied=False,
                        message=f"{message} (string literal, not rewritten)", replacement=replacement, v1=v1)
