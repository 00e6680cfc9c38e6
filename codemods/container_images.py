"""Replace the V1 server and client SDK images with V2 images of the target release.

## What it does
Rewrites `nvcr.io/nvidia/tensorrtserver:YY.MM-py3` (and the transitional V1
images published under the new name: `tritonserver:20.03-py3`,
`:20.03.1-py3`, `:20.06-v1-py3`, `:20.07-v1-py3`) to
`nvcr.io/nvidia/tritonserver:<target>-py3`, and the client SDK image
`...:YY.MM-py3-clientsdk` to `...:<target>-py3-sdk` (`-py3-clientsdk` before
20.12), in `FROM`, `image:`, `docker run` and anywhere else the name is written.
`<target>` is the container tag of `--target-version`. An image written
without a literal tag (`tensorrtserver:${TAG}`, Helm `repository:` values)
gets the V2 repository name and a finding asking for a V2 tag.

A TensorRT-LLM variant (`tritonserver:YY.MM-trtllm-python-py3`) is never
chosen: V1 repositories hold TensorRT plans, TensorFlow, PyTorch, ONNX and
custom models, which only the standard `-py3` image serves. A reference to a
TensorRT-LLM image is reported (warning) with the standard image of the same
month: that variant carries only the TensorRT-LLM and Python backends, and
importing `tensorrt_llm` needs a GPU with NVML. When a model repository is in
scope, the finding becomes an error naming the models that image cannot load,
and disappears when every model is a TensorRT-LLM, Python or ensemble model.

## Why
No V1 tag has a V2 twin: every V2 release is a new image. The tool cannot
guess which V2 release you want, so it uses the one you migrate to and says so.

## Example
```dockerfile
# before
FROM nvcr.io/nvidia/tensorrtserver:20.02-py3
# after (--target-version 2.51)
FROM nvcr.io/nvidia/tritonserver:24.10-py3
```
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from triton_migrate.argv import Word, report_span
from triton_migrate.data.deployment import (
    SDK_SUFFIX_NEW,
    SDK_SUFFIX_NEW_SINCE,
    SDK_SUFFIX_OLD,
    V1_TAGS_UNDER_V2_NAME,
    V2_IMAGE_REPOSITORY,
)
from triton_migrate.rules import Rule
from triton_migrate.text import Edit
from triton_migrate.versions import Version

if TYPE_CHECKING:
    from triton_migrate.context import FileContext

RULE = Rule(
    __name__,
    summary="Replace nvcr.io/nvidia/tensorrtserver images (server and -clientsdk) with tritonserver images of the target release",
    carriers=("shell", "dockerfile", "makefile", "yaml", "notebook", "json"),
    fix="review",
    needles=(b"tensorrtserver", b"tritonserver:20.03", b"tritonserver:20.06-v1", b"tritonserver:20.07-v1", b"-trtllm-"),
    order=20,
    doc=__doc__ or "",
)

_V1 = re.compile(
    r"(?<![\w./-])(?:nvcr\.io/)?nvidia/tensorrtserver(?![\w.-])(?::(?P<tag>[\w.${}-]+))?"
)
_V1_UNDER_V2 = re.compile(
    r"(?<![\w./-])(?:nvcr\.io/)?nvidia/tritonserver:(?P<tag>" + "|".join(re.escape(t) for t in V1_TAGS_UNDER_V2_NAME) + r")(?![\w.-])"
)
_TRTLLM = re.compile(
    r"(?<![\w./-])(?:nvcr\.io/)?nvidia/tritonserver:(?P<tag>\d\d\.\d\d(?:\.\d+)?)-trtllm-python-py3(?![\w.-])"
)
_LITERAL_TAG = re.compile(r"\d\d\.\d\d(?:\.\d+)?(?:-v1)?-py3(?P<sdk>-clientsdk)?")


def v2_tag(target: Version, sdk: bool) -> str:
    tag = target.container_tag() or "<YY.MM>"
    if not sdk:
        return f"{tag}-py3"
    return tag + (SDK_SUFFIX_NEW if target >= Version(SDK_SUFFIX_NEW_SINCE) else SDK_SUFFIX_OLD)


def _matches(pattern: re.Pattern[str], needle: str, text: str) -> list[re.Match[str]]:
    """``pattern``'s matches, searched only on the lines holding ``needle`` (a large
    manifest costs a few string searches, not a regex scan of every position)."""
    out: list[re.Match[str]] = []
    at = text.find(needle)
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        out.extend(pattern.finditer(text, start, end))
        at = text.find(needle, end)
    return out


def rewrite_text(text: str, ctx: FileContext) -> list[Edit]:
    edits = []
    target = ctx.settings.target_version
    for pattern, needle in ((_V1, "tensorrtserver"), (_V1_UNDER_V2, "tritonserver:20.0")):
        for match in _matches(pattern, needle, text):
            old = match.group(0)
            tag = match.group("tag")
            literal = _LITERAL_TAG.fullmatch(tag) if tag else None
            prefix = "nvcr.io/" if old.startswith("nvcr.io/") else ""
            repository = prefix + V2_IMAGE_REPOSITORY.split("nvcr.io/", 1)[1]
            if literal:
                new = f"{repository}:{v2_tag(target, bool(literal.group('sdk')))}"
                ok = report_span(ctx, text, match.start(), match.end(), severity="info", applied=True,
                                 message=f"V1 image `{old}` has no V2 twin; using the image of the target release {target} (`{new}`)",
                                 replacement=new, v1=old)
            elif tag is None and pattern is _V1 and old.endswith("tensorrtserver"):
                new = repository
                ok = report_span(ctx, text, match.start(), match.end(), severity="warning", applied=True,
                                 message=f"V1 image repository `{old}` renamed to `{new}`; its tag must be a V2 release tag "
                                         f"such as `{v2_tag(target, False)}`",
                                 replacement=f"{new}:{v2_tag(target, False)}", v1=old)
            else:
                new = old
                ok = report_span(ctx, text, match.start(), match.end(), severity="warning", applied=False,
                                 message=f"V1 image `{old}` with a tag the tool cannot read: use a V2 image such as "
                                         f"`{V2_IMAGE_REPOSITORY}:{v2_tag(target, False)}`",
                                 replacement=f"{V2_IMAGE_REPOSITORY}:{v2_tag(target, False)}", v1=old)
            if ok and new != old:
                edits.append(Edit(match.start(), match.end(), new))
    for match in _matches(_TRTLLM, "-trtllm-", text):
        old = match.group(0)
        standard = f"{V2_IMAGE_REPOSITORY}:{match.group('tag')}-py3"
        report_span(ctx, text, match.start(), match.end(), severity="warning", applied=False, v1=old,
                    replacement=standard,
                    message=f"`{old}` is the TensorRT-LLM variant: it carries only the TensorRT-LLM and Python "
                            "backends (no TensorRT plan, TensorFlow, PyTorch or ONNX Runtime backend) and importing "
                            f"tensorrt_llm needs a GPU with NVML; models of a V1 repository need the standard image `{standard}`")
    return edits


def rewrite_image_tag(repository: str, tag: Word, text: str, ctx: FileContext) -> list[Edit]:
    """YAML hook: the ``tag`` next to a ``repository`` (Helm values) of a V1 image."""
    if not repository.rstrip("/").endswith(("/tensorrtserver", "/tritonserver")):
        return []
    literal = _LITERAL_TAG.fullmatch(tag.value)
    v1_tag = repository.endswith("/tensorrtserver") or tag.value in V1_TAGS_UNDER_V2_NAME
    if not literal or not v1_tag:
        return []
    target = ctx.settings.target_version
    new = v2_tag(target, bool(literal.group("sdk")))
    if not report_span(ctx, text, tag.start, tag.end, severity="info", applied=True,
                       message=f"V1 image tag `{tag.value}` has no V2 twin; using the tag of the target release {target} (`{new}`)",
                       replacement=new, v1=tag.value):
        return []
    at = tag.raw.index(tag.value)
    return [Edit(tag.start + at, tag.start + at + len(tag.value), new)]
