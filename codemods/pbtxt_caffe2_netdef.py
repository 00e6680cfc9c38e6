"""Report `platform: "caffe2_netdef"` models: the Caffe2 backend was removed in 2.5.0.

## What it does
Reports each `config.pbtxt` with `platform: "caffe2_netdef"`. With a
`--target-version` of 2.5.0 (20.11) or later it is an error; before, a warning
(the backend was deprecated in 1.13.0).

## Why
V2 no longer has a Caffe2 backend. The model must be converted, usually to
ONNX (`platform: "onnxruntime_onnx"`, `model.onnx`) or TorchScript
(`platform: "pytorch_libtorch"`, `model.pt`).

## Example
```text
# reported:
platform: "caffe2_netdef"
# V2, after converting the model to ONNX:
platform: "onnxruntime_onnx"
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
    summary='Report platform: "caffe2_netdef" models (Caffe2 backend removed in 2.5.0): convert to ONNX or TorchScript',
    carriers=("pbtxt",),
    fix="report-only",
    needles=(b"caffe2_netdef",),
    order=20,
    doc=__doc__ or "",
)

REMOVED_IN = Version("2.5.0")  # 20.11


def check_config(model: ModelFile, ctx: FileContext) -> None:
    if model.config.platform != "caffe2_netdef":
        return
    removed = ctx.settings.target_version >= REMOVED_IN
    state = (f"will not load on {ctx.settings.target_version}: the Caffe2 backend was removed in 2.5.0 (20.11)"
             if removed else f"still loads on {ctx.settings.target_version}, but the Caffe2 backend was removed in 2.5.0 (20.11)")
    start, end = model.field_span("platform", "caffe2_netdef")
    report_span(ctx, model.text, start, end, severity="error" if removed else "warning", applied=False,
                v1='platform: "caffe2_netdef"', replacement='platform: "onnxruntime_onnx"',
                message=f"model `{model.name}` is a Caffe2 NetDef model; it {state}. Convert it to ONNX "
                        '(`platform: "onnxruntime_onnx"`, `model.onnx`) or TorchScript (`platform: "pytorch_libtorch"`, `model.pt`)')
