"""Replace `tensorrtserver` (and the 2020 V2 wheels) by `tritonclient` in `setup.py` requirement lists.

## What it does
In a file named `setup.py`, rewrites each string literal of a list or tuple
(`install_requires=[...]`, `extras_require={...: [...]}`, or a module-level
`REQUIRES = [...]` passed to `setup()`) that is a requirement on
`tensorrtserver`, `tritonhttpclient`, `tritongrpcclient`, `tritonclientutils`
or `tritonshmutils`, with the same choices as `dependency_tritonclient`:
the extra the old wheel stood for (`tritonclient[all]` plus a review finding
for `tensorrtserver`), and a V1 pin replaced by `~=X.Y.0` of the target
version. Quotes, markers and layout stay.

## Why
A package that still requires `tensorrtserver` installs the V1 client, which
cannot talk to a V2 server.

## Example
```python
# before
setup(name="client", install_requires=["numpy", "tensorrtserver==1.11.0"])
# after
setup(name="client", install_requires=["numpy", "tritonclient[all]~=2.72.0"])
```
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst
from libcst.metadata import PositionProvider
from triton_migrate.codemods.dependency_tritonclient import new_requirement

from triton_migrate.carriers import basename
from triton_migrate.carriers.dependencies import parse_requirement
from triton_migrate.data.dependencies import NARROW_HINT, OLD_PACKAGES
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from libcst.metadata import MetadataWrapper

    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="tensorrtserver / 2020 wheels -> tritonclient[extra] in setup.py requirement lists",
    carriers=("python",),
    fix="review",
    needles=tuple(name.encode() for name in OLD_PACKAGES),
    order=15,
    doc=__doc__ or "",
)


class _Requirements(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.depth = 0

    def visit_List(self, node: cst.List) -> None:
        self.depth += 1

    def leave_List(self, original: cst.List, updated: cst.List) -> cst.List:
        self.depth -= 1
        return updated

    def visit_Tuple(self, node: cst.Tuple) -> None:
        self.depth += 1

    def leave_Tuple(self, original: cst.Tuple, updated: cst.Tuple) -> cst.Tuple:
        self.depth -= 1
        return updated

    def leave_SimpleString(self, original: cst.SimpleString, updated: cst.SimpleString) -> cst.SimpleString | cst.BaseExpression:
        if self.depth == 0 or "b" in original.prefix.lower():
            return updated
        value = original.evaluated_value
        if not isinstance(value, str) or original.value[len(original.prefix):].startswith(('"""', "'''")):
            return updated
        found = parse_requirement(value, 0, len(value), "requirements")
        if found is None or (value[found.end:].strip()[:1] not in ("", ";")):
            return updated
        result = new_requirement(found.name, found.extras, found.spec, "requirements", self.ctx.settings)
        if result is None:
            return updated
        new, notes, exact = result
        new_value = new + value[found.end:]
        rng = self.get_metadata(PositionProvider, original)
        where = {"line": rng.start.line, "column": rng.start.column, "end_line": rng.end.line, "end_column": rng.end.column}
        old = value[found.start:found.end]
        if "\\" in original.value or "@" in value[found.end:]:
            self.ctx.report(**where, severity="warning", applied=False, v1=old, replacement=new,
                            message=f"`{old}` is the V1/2020 client wheel; replace it with `{new}` by hand.")
            return updated
        detail = f" ({'; '.join(notes)})" if notes else ""
        if not self.ctx.report(**where, severity="info", applied=True, v1=old, replacement=new,
                               message=f"`{old}` is `{new}` in V2{detail}."):
            return updated
        if not exact:
            self.ctx.report(**where, severity="warning", applied=False, v1=old, replacement=new.replace("[all]", "[http]"),
                            message=f"`{found.name}` held both protocols, so `{new}` installs everything; narrow it: {NARROW_HINT}.")
        quote = original.value[len(original.prefix)]
        if quote in new_value:
            quote = '"' if quote == "'" else "'"
        return updated.with_changes(value=f"{original.prefix}{quote}{new_value}{quote}")


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    if basename(ctx.path) != "setup.py":
        return wrapper.module
    return wrapper.visit(_Requirements(ctx))
