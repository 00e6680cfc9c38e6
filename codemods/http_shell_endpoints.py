"""Move V1 model-control and repository REST paths in shell, Dockerfiles, YAML and notebooks; report /api/infer and shared memory.

## What it does
Complements `health_endpoints` (health paths) and `status_endpoint`
(`/api/status`), which own those paths in these files. Rewrites
`/api/modelcontrol/load/<m>` to `/v2/repository/models/<m>/load` (unload
likewise, also with a `$MODEL` / `${MODEL}` name) and `/api/repository/index`
to `/v2/repository/index`, reporting that the index is now a POST (`curl -X
POST` or `-d ''`) unless the line already says POST. Reports `/api/infer/...`
and `/api/sharedmemorycontrol/...` with the V2 endpoint and what changed.

## Why
A V2 server answers every `/api/...` path with 400.

## Example
```sh
# before
curl -X POST localhost:8000/api/modelcontrol/load/simple
# after
curl -X POST localhost:8000/v2/repository/models/simple/load
```
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from triton_migrate.argv import report_span
from triton_migrate.data.http_v1_v2 import REPORTS
from triton_migrate.rules import Rule
from triton_migrate.text import Edit

if TYPE_CHECKING:
    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Rewrite /api/modelcontrol and /api/repository/index paths in shell/Dockerfile/YAML (index: GET->POST); report /api/infer and shm",
    carriers=("shell", "dockerfile", "yaml", "notebook"),
    fix="review",
    needles=(b"/api/modelcontrol", b"/api/repository", b"/api/infer", b"/api/sharedmemorycontrol"),
    order=25,
    doc=__doc__ or "",
)

_CONTROL = re.compile(r"/api/modelcontrol/(load|unload)/([\w.-]+|\$\{\w+\}|\$\w+)")
_INDEX = re.compile(r"/api/repository/index(?![\w-])")
_REPORTS = [(re.compile(p), v2, why) for p, v2, why in REPORTS if "status" not in p]


def _line(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start:end if end >= 0 else len(text)]


def rewrite_text(text: str, ctx: FileContext) -> list[Edit]:
    edits = []
    for match in _CONTROL.finditer(text):
        action, model = match.groups()
        new = f"/v2/repository/models/{model}/{action}"
        if report_span(ctx, text, match.start(), match.end(), severity="info", applied=True, v1=match.group(0),
                       replacement=new, message=f"POST /api/modelcontrol/{action}/<model> is POST "
                                                f"/v2/repository/models/<model>/{action} in V2"):
            edits.append(Edit(match.start(), match.end(), new))
    for match in _INDEX.finditer(text):
        new = "/v2/repository/index"
        if report_span(ctx, text, match.start(), match.end(), severity="info", applied=True, v1=match.group(0),
                       replacement=new, message="GET /api/repository/index is POST /v2/repository/index in V2"):
            edits.append(Edit(match.start(), match.end(), new))
            if not re.search(r"(-X\s*POST|--request\s+POST|\s-d\s|--data|--post-data|--method=POST)", _line(text, match.start())):
                report_span(ctx, text, match.start(), match.end(), severity="warning", applied=False, v1="GET",
                            replacement="curl -X POST .../v2/repository/index",
                            message="the V2 repository index answers POST only: add `-X POST` (curl) or "
                                    "`--post-data=''` (wget)")
    for pattern, v2, why in _REPORTS:
        for match in pattern.finditer(text):
            report_span(ctx, text, match.start(), match.end(), severity="warning", applied=False, v1=match.group(0),
                        replacement=v2, message=why)
    return edits
