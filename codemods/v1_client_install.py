"""Install `tritonclient` where V1 installed the `tensorrtserver` client wheel.

## What it does
In shell scripts, Dockerfile `RUN` lines, Makefile recipes, CI steps and
notebook `!` lines, a `pip install` (also `pip3`, `python -m pip`) of the V1
client by name (`tensorrtserver`, `tensorrtserver==1.11.0`) becomes
`pip install 'tritonclient[all]~=X.Y.0'`, pinned to the `--target-version`
X.Y (client and server versions move together; there is no `tritonclient` 1.x).
The 2020 wheels by name follow the same way with the extra they stood for
(`tritonhttpclient` is `tritonclient[http]`, `tritongrpcclient` is
`tritonclient[grpc]`). The word keeps its quote style.

Reported, not rewritten, with the V2 replacement in the finding:

- a V1 wheel file (`install/python/tensorrtserver-1.11.0-py3-none-linux_x86_64.whl`,
  `tensorrtserver*.whl`) installed or copied: it came out of the V1 client SDK
  image or build, which V2 does not publish; install `tritonclient[all]` from
  PyPI, or take the `tritonclient-*.whl` wheel from `/workspace/install/python`
  of the `nvcr.io/nvidia/tritonserver:<yy.mm>-py3-sdk` image;
- a Dockerfile `COPY`/`ADD` of such a wheel (`COPY --from=...`);
- the V1 client image built from `Dockerfile.client`, `tensorrtserver_client`
  (`docker build -t tensorrtserver_client`, `FROM tensorrtserver_client`,
  `COPY --from=tensorrtserver_client`): V2's is `nvcr.io/nvidia/tritonserver:<yy.mm>-py3-sdk`;
- a requirement whose version is not written literally (`tensorrtserver==$VER`).

## Why
`pip install tensorrtserver` installs the V1 client, which cannot talk to a V2
server (it speaks `/api/...`), and the V1 wheel files and client image do not
exist for V2 releases: a build that copies them fails.

## Example
```sh
# before
pip install --upgrade tensorrtserver==1.11.0 numpy
pip3 install /workspace/install/python/tensorrtserver-*.whl
# after (--target-version 2.51); the second line is reported
pip install --upgrade 'tritonclient[all]~=2.51.0' numpy
pip3 install /workspace/install/python/tensorrtserver-*.whl
```
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from triton_migrate.argv import Command, Word, program_name, report_span
from triton_migrate.data.dependencies import NARROW_HINT, NEW_PACKAGE, OLD_PACKAGES, normalize
from triton_migrate.data.deployment import (
    SDK_SUFFIX_NEW,
    SDK_SUFFIX_NEW_SINCE,
    SDK_SUFFIX_OLD,
    V2_IMAGE_REPOSITORY,
)
from triton_migrate.rule import Rule
from triton_migrate.text import Edit
from triton_migrate.versions import Version

if TYPE_CHECKING:
    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="pip install tensorrtserver -> tritonclient[all] of the target release; V1 client wheels and the tensorrtserver_client image reported",
    carriers=("shell", "dockerfile", "makefile", "yaml", "notebook"),
    fix="review",
    needles=(b"tensorrtserver", b"tritonhttpclient", b"tritongrpcclient", b"tritonclientutils", b"tritonshmutils"),
    order=30,
    doc=__doc__ or "",
)

# pip options that take a separate value.
_PIP_VALUE_OPTIONS = {
    "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url",
    "-f", "--find-links", "-t", "--target", "--prefix", "--root", "--platform", "--python-version",
    "--implementation", "--abi", "--trusted-host", "--src", "--upgrade-strategy", "--progress-bar", "--log",
    "--cache-dir", "--no-binary", "--only-binary", "--global-option", "--install-option", "--config-settings",
    "-C", "--report", "--proxy", "--retries", "--timeout", "--exists-action", "--cert", "--client-cert",
}
_PIP = re.compile(r"pip(?:3(?:\.\d+)?)?")
_PYTHON = re.compile(r"python(?:3(?:\.\d+)?)?")
_V1_WHEEL = re.compile(r"(?:^|/)tensorrtserver(?:[-_*][^/\s]*)?\.whl$|(?:^|/)tensorrtserver\*$")
_REQUIREMENT = re.compile(r"([A-Za-z][\w.-]*)(\[[^\]]*\])?\s*((?:[<>=!~]=?|===)\s*[\w.*+!-]+(?:\s*,\s*(?:[<>=!~]=?|===)\s*[\w.*+!-]+)*)?")
_CLIENT_IMAGE = re.compile(r"(?<![\w./-])tensorrtserver_client(?![\w.-])")
_COPY = re.compile(r"^[ \t]*(?:COPY|ADD)\b[^\n]*", re.IGNORECASE | re.MULTILINE)
_WHEEL_IN_TEXT = re.compile(r"[^\s\"'=]*tensorrtserver[-_*][^\s\"']*\.whl")


def sdk_image(target: Version) -> str:
    tag = target.container_tag() or "<yy.mm>"
    suffix = SDK_SUFFIX_NEW if target >= Version(SDK_SUFFIX_NEW_SINCE) else SDK_SUFFIX_OLD
    return f"{V2_IMAGE_REPOSITORY}:{tag}{suffix}"


def pinned(target: Version, extras: tuple[str, ...]) -> str:
    major, minor = target.parts[:2]
    return NEW_PACKAGE + (f"[{','.join(extras)}]" if extras else "") + f"~={major}.{minor}.0"


def _wheel_message(value: str, target: Version) -> str:
    return (f"`{value}` is the V1 client wheel, taken from the V1 client SDK image or build; V2 releases ship no "
            f"tensorrtserver wheel: install `{pinned(target, ('all',))}` from PyPI, or the `tritonclient-*.whl[all]` "
            f"wheel from /workspace/install/python in the `{sdk_image(target)}` image")


def _install_words(command: Command) -> list[Word] | None:
    """The requirement words of a ``pip install`` command, or None."""
    words = command.words[command.program:]
    values = [w.value for w in words]
    name = program_name(values[0])
    if _PIP.fullmatch(name):
        i = 1
    elif _PYTHON.fullmatch(name) and values[1:3] == ["-m", "pip"]:
        i = 3
    else:
        return None
    while i < len(values) and values[i].startswith("-"):
        i += 1  # pip's global options (`--no-cache-dir`, `-q`)
    if i >= len(values) or values[i] != "install":
        return None
    found = []
    i += 1
    while i < len(words):
        value = values[i]
        if value in _PIP_VALUE_OPTIONS:
            i += 2
            continue
        if not value.startswith("-"):
            found.append(words[i])
        i += 1
    return found


def rewrite_command(command: Command, ctx: FileContext) -> list[Edit]:
    text = command.syntax.text
    target = ctx.settings.target_version
    install = _install_words(command)
    edits: list[Edit] = []
    if install is None:
        # Any other command naming a V1 wheel file (`cp install/python/tensorrtserver*.whl pkgs/`).
        for word in command.words[command.program + 1:]:
            if _V1_WHEEL.search(word.value):
                report_span(ctx, text, word.start, word.end, severity="warning", applied=False, v1=word.value,
                            message=_wheel_message(word.value, target), replacement=pinned(target, ("all",)))
        return []
    for word in install:
        if _V1_WHEEL.search(word.value):
            report_span(ctx, text, word.start, word.end, severity="warning", applied=False, v1=word.value,
                        message=_wheel_message(word.value, target), replacement=pinned(target, ("all",)))
            continue
        match = _REQUIREMENT.match(word.value)
        old = OLD_PACKAGES.get(normalize(match.group(1))) if match else None
        if old is None or match is None:
            continue
        new = pinned(target, old.extras)
        if not word.static or match.end() != len(word.value) or match.group(2):
            report_span(ctx, text, word.start, word.end, severity="warning", applied=False, v1=word.value,
                        replacement=new,
                        message=f"`{word.value}` installs the V1/2020 client ({old.why}); install `{new}` instead")
            continue
        hint = f"; {NARROW_HINT}" if old.name == "tensorrtserver" else ""
        if not report_span(ctx, text, word.start, word.end, severity="info", applied=True, v1=word.value,
                           replacement=new,
                           message=f"`{word.value}` installs the V1/2020 client ({old.why}); `{new}` is the client of "
                                   f"the target release {target}{hint}"):
            continue
        if word.raw.startswith('"') and '"' not in new:
            rendered = f'"{new}"'
        else:
            rendered = command.syntax.quote_for(word)(new)
        edits.append(command.syntax.replace(word, [rendered]))
    return edits


def rewrite_text(text: str, ctx: FileContext) -> list[Edit]:
    """Report-only: Dockerfile COPY/ADD of a V1 wheel, and the ``tensorrtserver_client`` image."""
    target = ctx.settings.target_version
    seen: set[int] = set()
    for match in _COPY.finditer(text):
        for wheel in _WHEEL_IN_TEXT.finditer(match.group(0)):
            start = match.start() + wheel.start()
            if report_span(ctx, text, start, start + len(wheel.group(0)), severity="warning", applied=False,
                           v1=wheel.group(0), message=_wheel_message(wheel.group(0), target),
                           replacement=pinned(target, ("all",))):
                seen.add(text.count("\n", 0, start))
    for match in _CLIENT_IMAGE.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line = text.count("\n", 0, match.start())
        if line in seen or text[line_start:match.start()].lstrip().startswith("#"):
            continue
        seen.add(line)
        image = sdk_image(target)
        report_span(ctx, text, match.start(), match.end(), severity="warning", applied=False, v1=match.group(0),
                    replacement=image,
                    message=f"`tensorrtserver_client` is the V1 client SDK image built from Dockerfile.client; V2 "
                            f"publishes the client SDK (tritonclient wheel, perf_analyzer, examples) as `{image}`")
    return []
