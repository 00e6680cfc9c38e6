"""Move health checks from `/api/health/live|ready` to `/v2/health/live|ready`.

## What it does
Rewrites the V1 health paths in Kubernetes liveness and readiness probes,
Compose health checks, `curl`/`wget` lines, Dockerfile `HEALTHCHECK` and
anywhere else they are written. In Kubernetes manifests it also reports a
probe on a port other than the container's HTTP port: V1 could serve health on
a separate `--http-health-port`, V2 serves it only on `--http-port`.

## Why
A V2 server answers `/api/...` with 400, so every probe fails and the pod is
restarted forever.

## Example
```yaml
# before
livenessProbe:
  httpGet:
    path: /api/health/live
    port: http
# after
livenessProbe:
  httpGet:
    path: /v2/health/live
    port: http
```
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from triton_migrate.argv import report_span
from triton_migrate.data.deployment import HEALTH_PATHS
from triton_migrate.rules import Rule
from triton_migrate.text import Edit

if TYPE_CHECKING:
    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Rewrite /api/health/live|ready to /v2/health/live|ready (probes, curl, wget); report probes on a separate health port",
    carriers=("shell", "dockerfile", "yaml", "notebook"),
    fix="safe",
    needles=(b"/api/health", b"Probe"),
    order=20,
    doc=__doc__ or "",
)

_PATTERN = re.compile(r"/api/health/(live|ready)(?![\w-])")


def rewrite_text(text: str, ctx: FileContext) -> list[Edit]:
    edits = []
    for match in _PATTERN.finditer(text):
        old = match.group(0)
        new = HEALTH_PATHS[old]
        if report_span(ctx, text, match.start(), match.end(), severity="info", applied=True,
                       message=f"V1 health endpoint `{old}` is `{new}` in V2", replacement=new, v1=old):
            edits.append(Edit(match.start(), match.end(), new))
    return edits


def review_probe(probe_port: Any, http_ports: set[Any], span: tuple[int, int], text: str, ctx: FileContext) -> None:
    """YAML hook: a probe whose port is not the container's HTTP port."""
    if probe_port is None or not http_ports or probe_port in http_ports:
        return
    ports = sorted(map(str, http_ports))
    report_span(ctx, text, span[0], span[1], severity="warning", applied=False,
                message=f"health probe on port {probe_port!r}, which is not the HTTP port ({', '.join(ports)}); "
                        "V2 has no separate health port (`--http-health-port` was removed): probe the HTTP port",
                replacement=f"port: {ports[0]}", v1=str(probe_port))
