"""Run `perf_analyzer` where V1 ran `perf_client`.

## What it does
Renames the program of `perf_client` command lines (bare or as a path) to
`perf_analyzer` when the target is 2.4.0 (20.10) or later, in shell scripts,
Dockerfiles, YAML commands and notebooks. The options are left as they are:
every V1 `perf_client` option still parses in `perf_analyzer`; the ones V1
already called deprecated (`-t`, `-c`, `-d`, `-z`, `--data-directory`) are reported. A V1
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

from triton_migrate.argv import Command, apply_translation
from triton_migrate.data.deployment import PERF_CLIENT
from triton_migrate.flags import is_perf_client_program
from triton_migrate.perf_flags import translate_perf_argv
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.text import Edit

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
    if not is_perf_client_program(command.program_word.value):
        return []
    words = command.words[command.program:]
    translation = translate_perf_argv([w.value for w in words], ctx.settings.target_version,
                                      literal=[w.static for w in words])
    return apply_translation(command, translation, ctx, RULE.id, keep_program=False)
