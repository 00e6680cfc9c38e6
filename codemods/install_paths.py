"""Move `/opt/tensorrtserver` paths and `libtrtserver.so` to their V2 names.

## What it does
In shell scripts, Dockerfiles, YAML files and notebooks, rewrites the V1 install
tree `/opt/tensorrtserver` (binaries, `nvidia_entrypoint.sh`, libraries, `PATH`
and `LD_LIBRARY_PATH` entries) to `/opt/tritonserver`, the in-process library
`libtrtserver.so` to `libtritonserver.so` and the header `include/trtserver.h`
to `include/tritonserver.h`. A path that merely starts with the same letters
(`/opt/tensorrtserver-models`) is left alone.

## Why
V2 images install everything under `/opt/tritonserver` and ship no
`/opt/tensorrtserver` symlink; the library was renamed with the server.

## Example
```sh
# before
export LD_LIBRARY_PATH=/opt/tensorrtserver/lib:$LD_LIBRARY_PATH
# after
export LD_LIBRARY_PATH=/opt/tritonserver/lib:$LD_LIBRARY_PATH
```
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from triton_migrate.argv import report_span
from triton_migrate.data.deployment import INSTALL_DIRS, LIBRARIES
from triton_migrate.rules import Rule
from triton_migrate.text import Edit

if TYPE_CHECKING:
    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Rewrite /opt/tensorrtserver to /opt/tritonserver and libtrtserver.so to libtritonserver.so",
    carriers=("shell", "dockerfile", "yaml", "notebook"),
    fix="safe",
    needles=(b"/opt/tensorrtserver", b"libtrtserver", b"trtserver.h", b"-ltrtserver"),
    order=20,
    doc=__doc__ or "",
)

_RENAMES = {**INSTALL_DIRS, **LIBRARIES}
# `/opt/tensorrtserver-x` is another folder; `/opt/tensorrtserver/` or an end of word is ours.
_AFTER_OK = re.compile(r"(?:$|[/\s\"'`;:,)}\]\\]|\.(?!\w))")


def rewrite_text(text: str, ctx: FileContext) -> list[Edit]:
    edits = []
    for match in re.finditer("|".join(re.escape(k) for k in _RENAMES), text):
        old = match.group(0)
        before = text[match.start() - 1:match.start()]
        if old.startswith("include/") and before not in ("/", "<", '"', " ", ""):
            continue
        if old.startswith("lib") and re.match(r"[\w-]", before or " "):
            continue
        if not _AFTER_OK.match(text, match.end()):
            continue
        new = _RENAMES[old]
        if report_span(ctx, text, match.start(), match.end(), message=f"`{old}` is `{new}` in V2 images",
                       severity="info", applied=True, replacement=new, v1=old):
            edits.append(Edit(match.start(), match.end(), new))
    return edits
