"""Report TensorFlow models from a V1 repository (TF1) on targets that default to, or lack, TF1.

## What it does
V1 containers shipped TensorFlow 1, so a `tensorflow_graphdef` or
`tensorflow_savedmodel` model of a V1 repository is a TF1 model. V2 picks the
TensorFlow version with `--backend-config=tensorflow,version=<1|2>`: the
default is 1 up to 22.07 (2.24.0), 2 from 22.08 (2.25.0), and TF1 is not
supported from 23.04 (2.33.0). For a target of 2.25.0 to 2.32.x the rule warns
that the server needs `--backend-config=tensorflow,version=1`; from 2.33.0 it
is an error: re-export the model with TF2 (a SavedModel) or convert it (ONNX).

## Why
A TF1 graph served by the TF2 backend fails to load or behaves differently.

## Example
```text
# reported (target 2.33.0 or later):
platform: "tensorflow_graphdef"
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from triton_migrate.argv import report_span
from triton_migrate.rules import Rule
from triton_migrate.versions import Version

if TYPE_CHECKING:
    from triton_migrate.carriers.pbtxt import ModelFile
    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Report V1 (TF1) TensorFlow models: --backend-config=tensorflow,version=1 from 22.08, unsupported from 23.04",
    carriers=("pbtxt",),
    fix="report-only",
    needles=(b"tensorflow",),
    order=30,
    doc=__doc__ or "",
)

TF2_DEFAULT_FROM = Version("2.25.0")  # 22.08
TF1_REMOVED_IN = Version("2.33.0")  # 23.04
PLATFORMS = ("tensorflow_graphdef", "tensorflow_savedmodel")


def check_config(model: ModelFile, ctx: FileContext) -> None:
    platform = model.config.platform
    backend = getattr(model.config, "backend", "")
    if platform not in PLATFORMS and backend != "tensorflow":
        return
    target = ctx.settings.target_version
    if target < TF2_DEFAULT_FROM:
        return
    start, end = model.field_span("platform", platform) if platform else model.field_span("backend", "tensorflow")
    kind = platform or "tensorflow"
    if target >= TF1_REMOVED_IN:
        report_span(ctx, model.text, start, end, severity="error", applied=False, v1=kind,
                    replacement='platform: "tensorflow_savedmodel"  # re-exported with TF2',
                    message=f"model `{model.name}` comes from a V1 repository, so it is a TensorFlow 1 model; "
                            f"{target} does not support TF1 (removed in 23.04, 2.33.0): re-export it with TF2 as a "
                            "SavedModel, or convert it to ONNX")
    else:
        report_span(ctx, model.text, start, end, severity="warning", applied=False, v1=kind,
                    replacement="tritonserver --backend-config=tensorflow,version=1",
                    message=f"model `{model.name}` comes from a V1 repository, so it is a TensorFlow 1 model; from 22.08 "
                            f"(2.25.0) the default is TF2: start {target} with `--backend-config=tensorflow,version=1` "
                            "(and plan the move to TF2: TF1 is gone in 23.04)")
