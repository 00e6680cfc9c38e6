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

from triton_migrate.carriers._embedded import V1_NEEDLES
from triton_migrate.rules import Rule

RULE = Rule(
    __name__,
    summary="Report V1 names left in Markdown/RST prose (once per file) and in code blocks or templates no rule converted",
    carriers=("markdown", "rst", "template"),
    fix="report-only",
    needles=V1_NEEDLES,
    order=200,
    doc=__doc__ or "",
)
