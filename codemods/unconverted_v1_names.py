"""Name every V1 usage left in documents and templates.

## What it does
In Markdown and reStructuredText documents and in `*.in` templates, the code
blocks and template bodies are migrated by the carrier of their language (the
other rules do the work). This rule then names what is left:

* a V1 name still in a code block (a block whose language is unknown, a
  console output line, a snippet that does not parse, a usage no rule
  converts) gets one finding per line, with the V2 way to write it;
* V1 names in the prose (`trtserver`, `tensorrtserver`, `/api/status`,
  `InferContext`, V1-only flags, ...) get one finding per file that lists the
  lines: the text is never edited, it has to be reworded by a person.

It never edits anything itself.

In shell scripts, Dockerfiles and Makefiles (after every other rule ran),
each whole-line comment that still names a V1 thing gets an info finding (one
message per file, so reports list the lines once): comments are never edited.

## Why
A page that still tells readers to run `trtserver` or to `curl /api/status`
sends them to a server that no longer exists; a migration report that does
not name it leaves the page silently wrong.

## Example
```rst
Run the server with::

  $ trtserver --model-store=/models
```
becomes `$ tritonserver --model-control-mode=poll ... --model-repository=/models`
(by `server_flags`), and the prose line "start *trtserver*" is reported.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from triton_migrate.carriers._embedded import V1_NAMES, V1_NEEDLES
from triton_migrate.rules import Rule

if TYPE_CHECKING:
    from triton_migrate.carriers._embedded import Leftovers
    from triton_migrate.context import FileContext
    from triton_migrate.text import Edit

RULE = Rule(
    __name__,
    summary="Report V1 names left in Markdown/RST prose (once per file), in code blocks or templates no rule converted, "
            "and in comments of scripts, Dockerfiles and Makefiles",
    carriers=("markdown", "rst", "template", "shell", "dockerfile", "makefile"),
    fix="report-only",
    needles=V1_NEEDLES,
    order=200,
    doc=__doc__ or "",
)

# What a person does with each kind of V1 name (the finding's replacement):
# (context the line must match, part of the name, V2 way).
_HINTS = (
    (re.compile(r"pip|\.whl|wheel|client", re.I), "tensorrtserver",
     "pip install tritonclient[all] (the V2 client; `import tritonclient.http as httpclient`)"),
    (None, "tensorrtserver", "nvcr.io/nvidia/tritonserver:<YY.MM>-py3 (image) / tritonclient (Python client)"),
    (None, "tritonserver:20.0", "nvcr.io/nvidia/tritonserver:<YY.MM>-py3 of a V2 release (20.08 or later)"),
    (None, "trtserver", "tritonserver (`triton-migrate flags -- trtserver ...` prints the V2 command line)"),
    (None, "/api/status", "GET /v2/health/ready, GET /v2/models/<model>[/ready|/config|/stats]"),
    (None, "/api/health", "/v2/health/live, /v2/health/ready"),
    (None, "/api/infer", "POST /v2/models/<model>[/versions/<v>]/infer (KServe V2 JSON or binary tensors)"),
    (None, "/api/modelcontrol", "POST /v2/repository/models/<model>/load|unload"),
    (None, "/api/repository", "POST /v2/repository/index"),
    (None, "/api/sharedmemorycontrol", "/v2/systemsharedmemory and /v2/cudasharedmemory"),
    (None, "Context", "tritonclient.http / tritonclient.grpc InferenceServerClient methods"),
    (None, "InferRequestHeader", "infer(..., sequence_id=, sequence_start=, sequence_end=, priority=, timeout=)"),
    (None, "ProtocolType", "import tritonclient.http or tritonclient.grpc (the protocol is the module)"),
    (None, "perf_client", "perf_analyzer"),
    (None, "TENSORRT_SERVER_", "TRITON_SERVER_*"),
    (None, "--", "`triton-migrate flags -- trtserver <flags>` prints the V2 flags"),
)


def hint(name: str, line: str) -> str:
    for context, key, text in _HINTS:
        if key in name and (context is None or context.search(line)):
            return text
    return "see docs/flags.md and docs/python-client.md"


def check_leftovers(leftovers: Leftovers, ctx: FileContext) -> None:
    """Markdown / RST / template hook: name what the other rules left V1."""
    host = leftovers.host
    for number, name, line, language, why in leftovers.code:
        if "template" in host:
            where = f"this {host}"
        elif language == "text":
            where = f"a literal block (language unknown, not migrated) of this {host}"
        else:
            where = f"a {language} code block of this {host}"
        ctx.report(line=number, column=0, end_line=number, end_column=len(line.rstrip("\r\n")), severity="warning",
                   v1=name, replacement=hint(name, line),
                   message=f"V1 name `{name}` left in {where}: "
                           + (f"{why}, so it was not migrated" if why else "no rule converts it here")
                           + "; update it by hand")
    if leftovers.prose:
        names = sorted({n for _, found in leftovers.prose for n in found})
        listed = ", ".join(str(n) for n, _ in leftovers.prose)
        ctx.report(line=leftovers.prose[0][0], column=0, end_line=leftovers.prose[-1][0], end_column=0,
                   severity="warning", v1=names[0], replacement="; ".join(dict.fromkeys(hint(n, "") for n in names)),
                   message=f"the prose of this {host} names V1 things ({', '.join(f'`{n}`' for n in names)}) "
                           f"on lines {listed}: the text was left alone; reword it for V2")


def rewrite_text(text: str, ctx: FileContext) -> list[Edit]:
    """Shell / Dockerfile / Makefile hook (the rule runs last): name each whole-line
    comment that still names a V1 thing and that no other finding names.  Edits nothing."""
    named = {line for f in ctx.findings for line in range(f.line, max(f.end_line, f.line) + 1)}
    line, counted, last = 1, 0, 0
    for match in V1_NAMES.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line += text.count("\n", counted, line_start)
        counted = line_start
        head = text[line_start:match.start()].lstrip()
        if line == last or not head.startswith("#") or head.startswith("#!") or ctx.original_line(line) in named:
            continue
        last = line
        name = match.group(0)
        ctx.report(line=line, column=match.start() - line_start, end_column=match.end() - line_start,
                   severity="info", v1=name, replacement=hint(name, text[line_start:match.end()]),
                   message="a comment names a V1 thing; comments are left as they are: reword it for V2")
    return []
