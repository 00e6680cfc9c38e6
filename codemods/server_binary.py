"""Start `tritonserver` where V1 started `trtserver`.

## What it does
Renames the program of every server command line: `trtserver` becomes
`tritonserver` and `/opt/tensorrtserver/bin/trtserver` becomes
`/opt/tritonserver/bin/tritonserver`, in shell scripts (also after `exec`,
`nohup`, `sudo`, `env`, and as the command of `docker run IMAGE trtserver`),
Dockerfiles, Kubernetes and Compose commands, notebooks and Python
`subprocess` calls. Process look-ups (`pkill`, `pgrep`, `pidof`, `killall`,
`which`) follow, and so does a shell variable holding the server's path
(`SERVER=/opt/tensorrtserver/bin/trtserver`). A container, file or variable
that is merely named `trtserver` is left alone.

## Why
V2 images ship only `tritonserver`; `trtserver` is "command not found".

## Example
```sh
# before
exec /opt/tensorrtserver/bin/trtserver --model-repository=/models
# after
exec /opt/tritonserver/bin/tritonserver --model-repository=/models
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from triton_migrate.argv import Command, Word, program_name, report_span
from triton_migrate.data.deployment import V1_SERVER, V2_SERVER
from triton_migrate.flags import translate_argv
from triton_migrate.rules import Rule
from triton_migrate.text import Edit

if TYPE_CHECKING:
    import libcst as cst
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Rename the trtserver program (and /opt/tensorrtserver/bin/trtserver) to tritonserver",
    carriers=("shell", "dockerfile", "yaml", "notebook", "python"),
    fix="safe",
    needles=(b"trtserver",),
    order=10,
    doc=__doc__ or "",
)

# Programs whose plain arguments are process or program names.
PROCESS_TOOLS = {"pkill", "pgrep", "pidof", "killall", "which", "type", "hash"}


def rewrite_command(command: Command, ctx: FileContext) -> list[Edit]:
    program = command.program_word
    if program_name(program.value) == V1_SERVER:
        translation = translate_argv([program.value], ctx.settings.target_version)
        rename = next((e for e in translation.edits if e.index == 0 and e.kind == "replace"), None)
        note = next((n for n in translation.notes if n.subject == "program"), None)
        if rename is None or note is None:
            return []
        if not report_span(ctx, command.syntax.text, program.start, program.end, message=note.message,
                           severity=note.severity, applied=note.applied, replacement=note.replacement, v1=note.v1):
            return []
        return [Edit(program.start, program.end, rename.tokens[0].render(program.raw, command.syntax.quote))]
    edits = []
    for word in command.words[command.program + 1:]:
        # The binary named by its path (`[ -x /opt/tensorrtserver/bin/trtserver ]`, `ls -l ...`).
        path = word.static and word.value.endswith("/bin/" + V1_SERVER) and word.raw.endswith(V1_SERVER)
        if path and report_span(ctx, command.syntax.text, word.start, word.end, severity="info", applied=True,
                                message=f"the V2 server binary is `{V2_SERVER}`", replacement=V2_SERVER,
                                v1=word.value):
            edits.append(Edit(word.end - len(V1_SERVER), word.end, V2_SERVER))
    if edits:
        return edits
    if program_name(program.value) in PROCESS_TOOLS:
        edits = []
        for word in command.words[command.program + 1:]:
            if word.value != V1_SERVER or word.raw.count(V1_SERVER) != 1:
                continue
            if report_span(ctx, command.syntax.text, word.start, word.end, severity="info", applied=True,
                           message=f"the V2 server process is `{V2_SERVER}`", replacement=V2_SERVER, v1=V1_SERVER):
                at = word.start + word.raw.index(V1_SERVER)
                edits.append(Edit(at, at + len(V1_SERVER), V2_SERVER))
        return edits
    return []


def rewrite_assignment(value: Word, ctx: FileContext, text: str) -> list[Edit]:
    """Shell hook: ``SERVER=/opt/tensorrtserver/bin/trtserver`` (a path, not a bare name)."""
    if not value.static or "/" not in value.value or program_name(value.value) != V1_SERVER:
        return []
    if not value.raw.rstrip("\"'").endswith(V1_SERVER):
        return []
    if not report_span(ctx, text, value.start, value.end, severity="info", applied=True,
                       message=f"the V2 server program is `{V2_SERVER}`; the flags of the commands that run this "
                               "variable are not translated: check them (`triton-migrate flags -- ...`)",
                       replacement=V2_SERVER, v1=value.value):
        return []
    at = value.start + len(value.raw.rstrip("\"'")) - len(V1_SERVER)
    return [Edit(at, at + len(V1_SERVER), V2_SERVER)]


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    from triton_migrate.pycommands import rewrite_commands

    return rewrite_commands(wrapper, ctx, rewrite_command)
