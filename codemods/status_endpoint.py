"""Report uses of the V1 `/api/status` endpoint (readiness loops, curl, probes).

## What it does
Finds `/api/status` (and `/api/status/<model>`) in shell scripts, Dockerfiles,
YAML files and notebooks, typically in a loop that polls the server until it
is up or greps the status text for `READY`, and says what to use instead. It
never edits: the V2 answers are JSON with another shape, so the code around
the URL has to change too.

## Why
V2 has no `/api/status`: it answers 400. Readiness is `GET /v2/health/ready`
(200 when ready, no body to grep); model state is `GET /v2/models/<model>/ready`;
details are `GET /v2` and `GET /v2/models/<model>` (and `/config`, `/stats`).

## Example
```sh
# reported, not rewritten:
until curl -s localhost:8000/api/status | grep -q SERVER_READY; do sleep 1; done
# V2:
until curl -sf localhost:8000/v2/health/ready; do sleep 1; done
```
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from triton_migrate.argv import report_span
from triton_migrate.data.deployment import STATUS_REPLACEMENT
from triton_migrate.rules import Rule
from triton_migrate.text import Edit

if TYPE_CHECKING:
    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Report /api/status polling (readiness loops, curl, wget): V2 uses /v2/health/ready and /v2/models/<m>",
    carriers=("shell", "dockerfile", "yaml", "notebook"),
    fix="report-only",
    needles=(b"/api/status",),
    order=90,
    doc=__doc__ or "",
)

_PATTERN = re.compile(r"/api/status(?:/[\w.${}-]+)?(?![\w-])")


def rewrite_text(text: str, ctx: FileContext) -> list[Edit]:
    for match in _PATTERN.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        loop = re.search(r"\b(until|while|grep|READY)\b", line)
        what = "a readiness check on" if loop else "a call to"
        report_span(ctx, text, match.start(), match.end(), severity="error", applied=False,
                    message=f"{what} the V1 endpoint `{match.group(0)}`, which V2 answers with 400; "
                            "for readiness poll `/v2/health/ready` (HTTP 200, no body to grep)",
                    replacement=STATUS_REPLACEMENT, v1=match.group(0))
    return []
