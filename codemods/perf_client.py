"""Run `perf_analyzer` where V1 ran `perf_client`.

## What it does
Renames the program of `perf_client` command lines (bare or as a path) to
`perf_analyzer` when the target is 2.4.0 (20.10) or later, in shell scripts,
Dockerfiles, YAML commands and notebooks. The options are left as they are:
every V1 `perf_client` option still parses in `perf_analyzer`. A V1
`perf_client` binary cannot measure a V2 server (it speaks the V1 protocol),
so the rename also means using the V2 client SDK image or the
`perf-analyzer` pip package.

## Why
`perf_client` was renamed `perf_analyzer` in 2.4.0; a compatibility symlink
remains, but the documented name and the pip package are `perf_analyzer`.

## Example
```sh
# before
perf_client -m resnet50 -u localhost:8000 --concurrency-range 1:4
# after
perf_analyzer -m resnet50 -u localhost:8000 --concurrency-range 1:4
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from triton_migrate.argv import Command, program_name, report_span
from triton_migrate.data.deployment import PERF_ANALYZER, PERF_ANALYZER_SINCE, PERF_CLIENT
from triton_migrate.rules import Rule
from triton_migrate.text import Edit
from triton_migrate.versions import Version

if TYPE_CHECKING:
    from triton_migrate.engine import FileContext

RULE = Rule(
    __name__,
    summary="Rename perf_client to perf_analyzer (2.4.0+); its options still parse",
    carriers=("shell", "dockerfile", "yaml", "notebook"),
    fix="safe",
    needles=(PERF_CLIENT.encode(),),
    order=10,
    doc=__doc__ or "",
)


def rewrite_command(command: Command, ctx: FileContext) -> list[Edit]:
    word = command.program_word
    if program_name(word.value) != PERF_CLIENT:
        return []
    text = command.syntax.text
    if ctx.settings.target_version < Version(PERF_ANALYZER_SINCE):
        return []
    if not report_span(ctx, text, word.start, word.end, severity="info", applied=True,
                       message=f"`{PERF_CLIENT}` is `{PERF_ANALYZER}` since {PERF_ANALYZER_SINCE}; use the V2 build "
                               "(client SDK image or `pip install perf-analyzer`): the V1 binary speaks only the V1 protocol",
                       replacement=PERF_ANALYZER, v1=PERF_CLIENT):
        return []
    at = word.raw.rfind(PERF_CLIENT)
    return [Edit(word.start + at, word.start + at + len(PERF_CLIENT), PERF_ANALYZER)]
