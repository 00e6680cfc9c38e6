"""Replace the V1 `tensorrtserver` wheel (and the 2020 V2 wheels) by `tritonclient` in dependency files.

## What it does
In `requirements*.txt`, `constraints*.txt`, `setup.cfg`, `pyproject.toml`
(`[project] dependencies`, `optional-dependencies`), conda `environment.yml`
(`pip:` section) and `Pipfile`, rewrites `tensorrtserver`, `tritonhttpclient`,
`tritongrpcclient`, `tritonclientutils` and `tritonshmutils` to `tritonclient`
with the extra the old wheel stood for: `tritonhttpclient` is
`tritonclient[http]`, `tritongrpcclient` is `tritonclient[grpc]`, the utils
wheels are plain `tritonclient`. `tensorrtserver` held both protocols, and a
requirement line cannot tell which one the code uses, so it becomes
`tritonclient[all]` with a review finding that says how to narrow it.

Versions: there is no `tritonclient` 1.x, so a V1 pin cannot stay. A pin
(`==`, `~=`, `<`, `<=`) becomes `~=X.Y.0` for the `--target-version` X.Y
(client and server versions move together); a lower bound only becomes
`>=2.3` (the first `tritonclient`). Constraints files get no extras (pip
refuses them there). Environment markers and comments stay. A line with
`--hash` options, a direct URL, a Pipfile table entry (inline table) or a
second Pipfile entry that would also become `tritonclient` is reported, not
edited.

## Why
`pip install tensorrtserver` gives the V1 client, which cannot talk to a V2
server; the 2020 wheels are unmaintained shims.

## Example
```text
# before
tensorrtserver==1.11.0
tritonhttpclient>=2.0
# after
tritonclient[all]~=2.72.0
tritonclient[http]>=2.3
```
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from triton_migrate.argv import report_span
from triton_migrate.data.dependencies import (
    FIRST_TRITONCLIENT,
    NARROW_HINT,
    NEW_PACKAGE,
    OLD_PACKAGES,
    normalize,
)
from triton_migrate.rules import Rule
from triton_migrate.text import Edit

if TYPE_CHECKING:
    from triton_migrate.carriers.dependencies import FoundRequirement
    from triton_migrate.context import FileContext
    from triton_migrate.settings import Settings

RULE = Rule(
    __name__,
    summary="tensorrtserver / tritonhttpclient / tritongrpcclient / tritonclientutils / tritonshmutils -> tritonclient[extra] in dependency files",
    carriers=("requirements",),
    fix="review",
    needles=tuple(name.encode() for name in OLD_PACKAGES),
    order=10,
    doc=__doc__ or "",
)

_PINNING = re.compile(r"(===|==|~=|<=|<(?!=))")


def new_specifier(spec: str, settings: Settings) -> tuple[str, str]:
    """The tritonclient specifier for an old one, and why (empty when unchanged)."""
    if not spec:
        return "", ""
    if _PINNING.search(spec):
        major, minor = settings.target_version.parts[:2]
        new = f"~={major}.{minor}.0"
        return new, (f"the pin `{spec}` cannot stay: tritonclient starts at {FIRST_TRITONCLIENT} and its "
                     f"versions follow the server's; `{new}` matches --target-version {settings.target_version}")
    first = ".".join(FIRST_TRITONCLIENT.split(".")[:2])
    return f">={first}", (f"the bound `{spec}` cannot stay: tritonclient starts at {FIRST_TRITONCLIENT}, "
                          f"so it is `>={first}`")


def new_requirement(name: str, extras: tuple[str, ...], spec: str, kind: str,
                    settings: Settings) -> tuple[str, list[str], bool] | None:
    """(new requirement text, notes, exact) for an old package, or None."""
    old = OLD_PACKAGES.get(normalize(name))
    if old is None:
        return None
    new_extras = () if kind == "constraints" else old.extras
    version, why = new_specifier(spec, settings)
    notes = [old.why] + ([why] if why else [])
    if kind == "pipfile":
        value = f'"{version or "*"}"'
        text = (f'{NEW_PACKAGE} = {{version = {value}, extras = [{", ".join(repr(e).replace(chr(39), chr(34)) for e in new_extras)}]}}'
                if new_extras else f"{NEW_PACKAGE} = {value}")
    else:
        text = NEW_PACKAGE + (f"[{','.join(new_extras)}]" if new_extras else "") + version
    if kind == "constraints" and old.extras:
        notes.append("constraints files cannot carry extras: put "
                     f"`{NEW_PACKAGE}[{','.join(old.extras)}]` in the requirements file")
    return text, notes, old.known or kind == "constraints"


def rewrite_requirement(found: FoundRequirement, ctx: FileContext) -> list[Edit]:
    result = new_requirement(found.name, found.extras, found.spec, found.kind, ctx.settings)
    if result is None:
        return []
    new, notes, exact = result
    old = found.text[found.start:found.end]
    if found.hashed or found.url or found.conflict:
        why = ("its hashes must be regenerated" if found.hashed
               else f"the table already has a `{new.split()[0]}` entry: merge the extras into it" if found.conflict
               else "it is a direct reference the tool cannot re-point")
        report_span(ctx, found.text, found.start, found.end, severity="warning", applied=False, v1=old, replacement=new,
                    message=f"`{old}` is the V1/2020 client wheel; replace it with `{new}` by hand: {why}")
        return []
    detail = f" ({'; '.join(notes)})" if notes else ""
    if not report_span(ctx, found.text, found.start, found.end, severity="info", applied=True, v1=old,
                       replacement=new, message=f"`{old}` is `{new}` in V2{detail}."):
        return []
    if not exact:
        report_span(ctx, found.text, found.start, found.end, severity="warning", applied=False, v1=old,
                    replacement=new.replace("[all]", "[http]"),
                    message=f"`{found.name}` held both protocols, so `{new}` installs everything; narrow it: {NARROW_HINT}.")
    return [Edit(found.start, found.end, new)]
