"""Report V1 custom backends (`platform: "custom"` and their `libcustom.so`), removed in 2.10.0.

## What it does
Reports each `config.pbtxt` with `platform: "custom"`, naming the backend
library it loads (`default_model_filename`, else `libcustom.so`) and, when the
configuration is read from disk, the `.so` files found next to it. With a
`--target-version` of 2.10.0 (21.05) or later it is an error: the model will
not load. Before that it is a warning: V2 still loads the legacy custom
backend, but not for long.

## Why
The V1 custom backend C API (`custom.h`: `CustomInitialize`, `CustomExecute`,
...) was removed in 2.10.0. The code must be ported to the Triton backend API
(`tritonbackend.h`: `TRITONBACKEND_ModelInstanceExecute`, ...) and built as
`libtriton_<name>.so`, or rewritten as a Python backend model
(`backend: "python"`, `model.py`).

## Example
```text
# reported:
name: "my_custom"
platform: "custom"
default_model_filename: "libmycustom.so"
# V2:
name: "my_custom"
backend: "my_custom"   # libtriton_my_custom.so, built against tritonbackend.h
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
    summary='Report platform: "custom" models (V1 custom backend API, removed in 2.10.0) and their libcustom.so',
    carriers=("pbtxt",),
    fix="report-only",
    needles=(b"custom",),
    order=10,
    doc=__doc__ or "",
)

REMOVED_IN = Version("2.10.0")  # 21.05, commit "Remove legacy custom backend"
DEFAULT_LIBRARY = "libcustom.so"


def check_config(model: ModelFile, ctx: FileContext) -> None:
    if model.config.platform != "custom":
        return
    library = model.config.default_model_filename or DEFAULT_LIBRARY
    libraries = [f for f in model.files() if f.endswith(".so") or f.rsplit("/", 1)[-1] == library]
    found = f"; next to it: {', '.join(libraries)}" if libraries else ""
    removed = ctx.settings.target_version >= REMOVED_IN
    state = (f"will not load on {ctx.settings.target_version}: the legacy custom backend was removed in 2.10.0 (21.05)"
             if removed else
             f"still loads on {ctx.settings.target_version} as a legacy custom backend, but that support was removed in 2.10.0 (21.05)")
    start, end = model.field_span("platform", "custom")
    report_span(ctx, model.text, start, end, severity="error" if removed else "warning", applied=False,
                v1='platform: "custom"', replacement=f'backend: "{model.name}"',
                message=f"model `{model.name}` is a V1 custom backend (library `{library}`{found}); it {state}. "
                        "Port the library from custom.h (CustomInitialize/CustomExecute/CustomFinalize) to the Triton "
                        "backend API (tritonbackend.h, TRITONBACKEND_ModelInstanceExecute) and build it as "
                        f"`libtriton_{model.name}.so` with `backend: \"{model.name}\"`, or rewrite it as a Python "
                        "backend model (see docs/model-repository.md)")
