"""Rename the V1 container environment variables to their `TRITON_` names.

## What it does
Rewrites `TENSORRT_SERVER_VERSION`, `NVIDIA_TENSORRT_SERVER_VERSION` and
`TENSORRT_SERVER_USER` to `TRITON_SERVER_VERSION`,
`NVIDIA_TRITON_SERVER_VERSION` and `TRITON_SERVER_USER` wherever they are
read or set: `$VAR` and `${VAR}` in shell, `ENV`/`ARG` in Dockerfiles, `env`
entries in Kubernetes and Compose files, and `os.environ` / `os.getenv` keys
in Python. Longer names that only contain these (`MY_TENSORRT_SERVER_VERSION`)
are left alone. Other `TENSORRT_SERVER_*` names (a project's own, such as
`TENSORRT_SERVER_CPU_ONLY`) are reported, not renamed: the tool cannot see
every place that sets them.

## Why
V2 images set only the `TRITON_` variables; the V1 names are empty there, so a
script that reads them silently gets nothing.

## Example
```sh
# before
echo "server ${TENSORRT_SERVER_VERSION}"
# after
echo "server ${TRITON_SERVER_VERSION}"
```
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import libcst as cst

from triton_migrate.argv import report_span
from triton_migrate.data.deployment import ENV_VARS
from triton_migrate.rules import Rule
from triton_migrate.text import Edit

if TYPE_CHECKING:
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Rename TENSORRT_SERVER_VERSION / NVIDIA_TENSORRT_SERVER_VERSION / TENSORRT_SERVER_USER to the TRITON_ names",
    carriers=("shell", "dockerfile", "makefile", "yaml", "notebook", "json", "python"),
    fix="safe",
    needles=(b"TENSORRT_SERVER_",),
    order=20,
    doc=__doc__ or "",
)

_PATTERN = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(re.escape(k) for k in ENV_VARS) + r")(?![A-Za-z0-9_])")


def _message(old: str) -> str:
    return f"`{old}` is `{ENV_VARS[old]}` in V2 images"


# Other TENSORRT_SERVER_* names are no variable of the V1 image (a project's own,
# such as the V1 QA suite's TENSORRT_SERVER_CPU_ONLY): named, not renamed.
_OTHER = re.compile(r"(?<![A-Za-z0-9_])(TENSORRT_SERVER_[A-Z0-9_]+)(?![A-Za-z0-9_])")


def rewrite_text(text: str, ctx: FileContext) -> list[Edit]:
    edits = []
    for match in _OTHER.finditer(text):
        old = match.group(1)
        if old not in ENV_VARS:
            new = "TRITON_SERVER_" + old[len("TENSORRT_SERVER_"):]
            report_span(ctx, text, match.start(), match.end(), severity="warning", applied=False, v1=old,
                        replacement=new,
                        message=f"`{old}` is not a variable of the V1 image, so the tool leaves it: if your "
                                f"scripts set it for the V1 server, rename it everywhere together (V2 "
                                f"projects use `{new}`)")
    for match in _PATTERN.finditer(text):
        old = match.group(1)
        if report_span(ctx, text, match.start(), match.end(), message=_message(old), severity="info",
                       applied=True, replacement=ENV_VARS[old], v1=old):
            edits.append(Edit(match.start(), match.end(), ENV_VARS[old]))
    return edits


class _EnvKeys(cst.CSTTransformer):
    """String literals that are exactly a V1 variable name (os.environ keys, getenv arguments)."""

    METADATA_DEPENDENCIES = (cst.metadata.PositionProvider,)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__()
        self.ctx = ctx

    def leave_SimpleString(self, original: cst.SimpleString, updated: cst.SimpleString) -> cst.SimpleString:
        value = original.evaluated_value
        if not isinstance(value, str) or value not in ENV_VARS:
            return updated
        pos = self.get_metadata(cst.metadata.PositionProvider, original)
        if not self.ctx.report(line=pos.start.line, column=pos.start.column, end_line=pos.end.line,
                               end_column=pos.end.column, message=_message(value), severity="info",
                               applied=True, replacement=ENV_VARS[value], v1=value):
            return updated
        return updated.with_changes(value=updated.value.replace(value, ENV_VARS[value]))


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    return wrapper.visit(_EnvKeys(ctx))
