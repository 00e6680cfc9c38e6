"""Translate `trtserver` command-line flags to the `tritonserver` flags of the target release.

## What it does
Wherever the server is started (shell scripts, Dockerfile `RUN`/`CMD`/`ENTRYPOINT`,
Kubernetes `command`/`args`, Compose `command`, notebook `!` lines and `%%bash`
cells, Python `subprocess` argument lists), rewrites the V1 flags to their V2
spelling for `--target-version`: `--model-store` becomes `--model-repository`,
`--tf-gpu-memory-fraction=F` becomes `--backend-config=tensorflow,gpu-memory-fraction=F`,
`--allow-poll-model-repository` and `--allow-model-control` become
`--model-control-mode`, removed flags are dropped (and reported when they
mattered), and the V1 defaults that V2 changed are written out
(`--model-control-mode=poll`, `--disable-auto-complete-config` from 2.24).
The program is renamed with them (`trtserver` to `tritonserver`): a V2 flag
set on a V1 program would be read as V1 again. Only the edited words change;
quoting and line continuations stay.
The full table is in `docs/flags.md`; `triton-migrate flags -- trtserver ...`
translates one command line.

## Why
`tritonserver` refuses V1-only flags ("unrecognized option") and starts with
other defaults, so a V1 command line either fails or behaves differently.

## Example
```sh
# before
trtserver --model-store=/models --tf-gpu-memory-fraction=0.5
# after (--target-version 2.51)
tritonserver --model-control-mode=poll --disable-auto-complete-config --model-repository=/models --backend-config=tensorflow,gpu-memory-fraction=0.5
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from triton_migrate.argv import Command, apply_translation
from triton_migrate.flags import is_server_program, translate_argv
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    import libcst as cst
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext
    from triton_migrate.text import Edit

RULE = Rule(
    __name__,
    summary="Translate trtserver flags to the tritonserver flags of the target release (renamed, removed, changed defaults)",
    carriers=("shell", "dockerfile", "yaml", "notebook", "python"),
    fix="safe",
    needles=(b"trtserver", b"tritonserver"),
    order=5,
    doc=__doc__ or "",
)


def rewrite_command(command: Command, ctx: FileContext) -> list[Edit]:
    if not is_server_program(command.program_word.value):
        return []
    words = command.words[command.program:]
    translation = translate_argv([w.value for w in words], ctx.settings.target_version,
                                 literal=[w.static for w in words])
    return apply_translation(command, translation, ctx, RULE.id, keep_program=False)


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    from triton_migrate.pycommands import rewrite_commands

    return rewrite_commands(wrapper, ctx, rewrite_command)
