"""Report TensorRT engines (`model.plan`): rebuild them with the TensorRT of the target container.

## What it does
Reports each `config.pbtxt` with `platform: "tensorrt_plan"` or
`backend: "tensorrt"`, and each model whose version folders hold `*.plan`
files (noticed by path: a plan is a binary and is never read). The engines it
names are the `*.plan` files, `default_model_filename` and the per-GPU
`cc_model_filenames` found in the version folders. The finding
names the container that has the TensorRT of the target release: NVIDIA's
TensorRT container of the same release month, `nvcr.io/nvidia/tensorrt:YY.MM-py3`
for `tritonserver:YY.MM-py3` (the `YY.MM` of `--target-version`), where
`trtexec` builds engines that the target server loads. When an `.onnx` file
sits next to the plan (in its version folder or the model folder) the finding
gives the rebuild command `trtexec --onnx=... --saveEngine=...`. When a V1
image tag (`nvcr.io/nvidia/tensorrtserver:YY.MM-py3`) is visible anywhere in
the run (Dockerfile, shell, Kubernetes or Compose manifests), the finding names
the V1 container the engine was built for.

A plan of a V1-style configuration (`platform: "tensorrt_plan"`, no `backend`)
is an error: V1 containers shipped TensorRT 5.x to 7.0 and every V2 image ships
a later TensorRT. A configuration already on the V2 backend (`backend:
"tensorrt"`) gets a warning: its engine loads only if it was built with the
TensorRT of the target. A model with no `config.pbtxt` whose version folder
holds a plan is reported on the plan itself (V1 could serve it with
`--strict-model-config=false`).

## Why
A serialized TensorRT engine loads only on the TensorRT version that built it:
the format is not compatible across versions, in either direction. A migrated
deployment otherwise fails at model load, after the code migration looked done.

## Example
```text
# reported (target 2.51 = 24.10):
name: "resnet50_plan"
platform: "tensorrt_plan"
# rebuild, from the model folder, in the TensorRT container of the same month:
docker run --rm -v $PWD:/m -w /m nvcr.io/nvidia/tensorrt:24.10-py3 \\
  trtexec --onnx=1/model.onnx --saveEngine=1/model.plan
```
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from triton_migrate.argv import report_span
from triton_migrate.model_config import config_backend
from triton_migrate.rules import Rule
from triton_migrate.versions import Version

if TYPE_CHECKING:
    from triton_migrate.carriers.pbtxt import ModelFile
    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Report TensorRT engines (tensorrt_plan, *.plan): rebuild with the TensorRT of the target (nvcr.io/nvidia/tensorrt:YY.MM-py3)",
    carriers=("pbtxt",),
    fix="report-only",
    # No needles: a configuration without "tensorrt" may still sit next to a
    # plan; configurations are small and few.
    needles=(),
    order=5,
    doc=__doc__ or "",
)

PLATFORM = "tensorrt_plan"
BACKEND = "tensorrt"
DEFAULT_PLAN = "model.plan"
TENSORRT_IMAGE = "nvcr.io/nvidia/tensorrt"
_VERSION_FOLDER = re.compile(r"^\d+/")


def tensorrt_image(target: Version) -> str:
    """The TensorRT container of the target's release month (``nvcr.io/nvidia/tensorrt:24.10-py3``)."""
    return f"{TENSORRT_IMAGE}:{target.container_tag() or '<YY.MM>'}-py3"


def plan_files(files: list[str], default_name: str = DEFAULT_PLAN, other_names: tuple[str, ...] = ()) -> list[str]:
    """The engines among a model folder's files ('1/model.plan'): ``*.plan`` or the default name, in a version folder."""
    return [f for f in files if _VERSION_FOLDER.match(f) and f.count("/") == 1
            and (f.endswith(".plan") or f.split("/", 1)[1] in (default_name, *other_names))]


def onnx_beside(plan: str, files: list[str]) -> str | None:
    """An ONNX model next to ``plan``: in its version folder first, then in the model folder."""
    folder = plan.rsplit("/", 1)[0]
    for candidates in ([f for f in files if f.startswith(folder + "/") and f.count("/") == 1],
                       [f for f in files if "/" not in f]):
        onnx = sorted(f for f in candidates if f.endswith(".onnx"))
        if onnx:
            stem = plan.rsplit("/", 1)[1].rsplit(".", 1)[0]
            same = [f for f in onnx if f.rsplit("/", 1)[-1].rsplit(".", 1)[0] == stem]
            return (same or onnx)[0]
    return None


def rebuild_advice(name: str, plans: list[str], files: list[str], target: Version) -> tuple[str, str]:
    """(sentence, replacement) telling how to rebuild the engines of model ``name``."""
    image = tensorrt_image(target)
    server = f"tritonserver:{target.container_tag() or '<YY.MM>'}-py3"
    commands = []
    for plan in plans:
        onnx = onnx_beside(plan, files)
        if onnx:
            commands.append(f"trtexec --onnx={onnx} --saveEngine={plan}")
    if commands:
        how = (f"rebuild it in `{image}` (the TensorRT of `{server}`, same release month), from the model folder: "
               + "; ".join(f"`{c}`" for c in commands) + " (plus the shape and precision options the model needs)")
        return how, f"docker run --rm -v $PWD/{name}:/m -w /m {image} " + " && ".join(commands)
    how = (f"rebuild it in `{image}` (the TensorRT of `{server}`, same release month) from its source "
           "(export the network to ONNX, then `trtexec --onnx=model.onnx --saveEngine=model.plan` with the "
           "shape and precision options the model needs)")
    plan = plans[0] if plans else "1/" + DEFAULT_PLAN
    return how, f"docker run --rm -v $PWD/{name}:/m -w /m {image} trtexec --onnx=<exported>.onnx --saveEngine={plan}"


def check_config(model: ModelFile, ctx: FileContext) -> None:
    config = model.config
    backend = config_backend(config, model.text)
    default_name = config.default_model_filename or DEFAULT_PLAN
    files = model.files()
    # cc_model_filenames: one engine per GPU compute capability ("7.5": "model_sm75.engine")
    plans = plan_files(files, default_name, tuple(config.cc_model_filenames.values()))
    declared = config.platform == PLATFORM or backend == BACKEND
    if not declared and not [p for p in plans if p.endswith(".plan")]:
        return
    target = ctx.settings.target_version
    how, replacement = rebuild_advice(model.name, plans, files, target)
    where = ", ".join(f"`{p}`" for p in plans) if plans else f"`<version>/{default_name}`"
    if backend == BACKEND:
        start, end = model.field_span("backend", BACKEND)
        severity = "warning"
        state = (f"an engine loads only on the TensorRT version that built it: unless it was built with the TensorRT "
                 f"of {target}, {how}")
        v1 = 'backend: "tensorrt"'
    elif config.platform == PLATFORM:
        start, end = model.field_span("platform", PLATFORM)
        severity = "error"
        state = (f"it was built with the TensorRT of a V1 container (TensorRT 5.x to 7.0) and will not load on "
                 f"{target}, whose TensorRT is newer (engines are not portable across TensorRT versions): {how}")
        v1 = 'platform: "tensorrt_plan"'
    else:
        start, end = model.field_span("platform", config.platform) if config.platform else (0, 0)
        severity = "warning"
        kind = f'`platform: "{config.platform}"`' if config.platform else "no platform or backend"
        state = (f"the configuration says {kind}, so the server ignores the plan; if the model is meant to be that "
                 f"engine, set `platform: \"{PLATFORM}\"` and {how}")
        v1 = "*.plan"
    report_span(ctx, model.text, start, end, severity=severity, applied=False, v1=v1, replacement=replacement,
                message=f"model `{model.name}` is a TensorRT engine ({where}); {state}")


def plan_without_config(name: str, plans: list[str], files: list[str], target: Version) -> tuple[str, str]:
    """(message, replacement) for a model folder that holds plans but no ``config.pbtxt``."""
    how, replacement = rebuild_advice(name, plans, files, target)
    where = ", ".join(f"`{p}`" for p in plans)
    return (f"model `{name}` is a TensorRT engine ({where}) with no config.pbtxt; it was built with the TensorRT of "
            f"a V1 container and will not load on {target}: {how}"), replacement
