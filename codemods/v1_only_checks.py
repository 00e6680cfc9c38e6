"""With `--drop-v1-only-checks`: drop test checks on values V2 does not have, leaving a marker to review.

## What it does
V1 tests assert on values that V2 has no counterpart for at all: the server
status's `uptime_ns` and server `id`, a server `ready_state` compared with a
state other than `SERVER_READY` (V2 only tells ready from not ready),
`server_id()` / `request_id()` of a caught V1 `InferenceServerException`,
V1's statistics per request batch size (`infer_stats`: `len(infer)`, `b in
infer`, `infer[b].success.count`, read on the status or through a name holding
a path into it; V2's `batch_stats` are keyed by the executed batch size; a
`str(vs[1])` of the status in such a check goes with it, but is never a reason
alone, and the exact sum `sum(s.success.count for s in vs.infer_stats.values())`
is not dropped: it converts), and a version's counters (`model_execution_count`,
...) read from a status fetched after the code unloaded a model (V2 keeps no
statistics of an unloaded model: its `get_inference_statistics` raises, and
counts from zero once the model is loaded again).  One
such read keeps the whole status context V1 (every use of it stays V1, each
reported), and a file that keeps a V1 context keeps its V1 exception handlers.

Opt-in (`--drop-v1-only-checks`, or `drop-v1-only-checks = true` in
`[tool.triton-migrate]`), this rule drops a **test check** whose only V1
content is such a value: an `assert ...` statement or a `self.assert*(...)` /
`self.fail*(...)` statement (also on a test case a helper receives,
`tester.assertEqual(...)`) alone on its lines, and an assignment such as
`uptime = ss.uptime_ns` whose name only such checks read.  It drops them
**only where that lets the V1 object convert**: it migrates the file once
with the checks dropped, and keeps the checks of every status fetch or
exception handler that still stays V1 for another reason (a use V2 has no
form for, a context kept V1); it tries again until every drop it keeps lets
its object convert.  A kept check keeps its finding.  Checks on an exception
are dropped only when every `server_id()` / `request_id()` of that handler is
in a dropped check.  A value is never approximated (no `"inference:0"` to
`"triton"`): a check is dropped whole, or kept.

Each dropped statement is replaced by one comment line, at its indentation,
holding its code: `# TODO(triton-migrate): dropped V1-only check (V2 has no
uptime): self.assertGreater(uptime, 0)` (and `pass` when its block would be
empty).  This rule reports every such marker, on every run, with or without
the flag, as a manual finding (so `--check --fail-on-manual` lists each check a
person must review); deleting the comment clears it.  Without the flag, the
findings on the uses such checks read say that the flag exists.

## Why
NVIDIA's own migration of its V1 QA suite simply dropped those assertions: V2's
server metadata has no uptime, its readiness has no initialization-failed
state, and its errors carry no server or request id.  Dropping is a decision
about what a test checks, so it is opt-in, leaves the original code in place as
a comment, and stays a manual item until a person deletes it.

## Example
```python
# before
ctx = ServerStatusContext(url, ProtocolType.GRPC)
ss = ctx.get_server_status()
self.assertEqual("1.2.0", ss.version)
uptime = ss.uptime_ns
self.assertGreater(uptime, 0)
# after (--drop-v1-only-checks)
ctx = grpcclient.InferenceServerClient(url)
ss_metadata = ctx.get_server_metadata()
self.assertEqual("1.2.0", ss_metadata.version)
# TODO(triton-migrate): dropped V1-only check (V2 has no uptime): uptime = ss.uptime_ns
# TODO(triton-migrate): dropped V1-only check (V2 has no uptime): self.assertGreater(uptime, 0)
```
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import libcst as cst

from triton_migrate import crossfile
from triton_migrate.context import FileContext
from triton_migrate.rules import Rule, rules_for
from triton_migrate.analysis import dropchecks

if TYPE_CHECKING:
    from libcst.metadata import MetadataWrapper

    from triton_migrate.findings import Finding
    from triton_migrate.settings import Settings

RULE = Rule(
    __name__,
    summary="--drop-v1-only-checks: test checks on uptime, server id, exception server_id()/request_id() dropped "
            "(a marker comment each, reported) where that lets the V1 object convert",
    carriers=("python",),
    fix="review",
    needles=(b"get_server_status", b"server_id", b"request_id", b"dropped V1-only check"),
    order=5,
    doc=__doc__ or "",
)

# Migrations with the checks dropped, at most: each round keeps the checks of the objects that still stayed V1.
MAX_ROUNDS = 4


def transform(wrapper: MetadataWrapper, ctx: FileContext) -> cst.Module:
    module = wrapper.module
    text = module.code
    for line, column, why, code in dropchecks.markers(text):
        ctx.report(line=line, column=column, severity="warning", applied=False, v1=code,
                   message=dropchecks.message(why, code), replacement="(delete the comment once reviewed)")
    if not getattr(ctx.settings, "drop_v1_only_checks", False):
        return module
    drops = dropchecks.candidates(text, keep=lambda start, end: ctx.suppressed(start, end))
    groups = {g for d in drops for g in d.groups}
    for _round in range(MAX_ROUNDS):
        active = [d for d in drops if d.groups <= groups]
        if not active:
            return module
        new, shift = dropchecks.apply(text, active)
        failed = _stays_v1(new, shift, active, ctx) & groups
        if not failed:
            break
        groups -= failed
    else:
        return module
    for d in active:
        why = ", ".join(d.why)
        ctx.report(line=d.start, column=d.column, end_line=d.end, severity="warning", applied=False, v1=d.code,
                   message=dropchecks.message(why, d.code), replacement="(delete the comment once reviewed)")
    return cst.parse_module(new)


def _stays_v1(new: str, shift, drops: list, ctx: FileContext) -> set:  # type: ignore[no-untyped-def]
    """The objects (status fetches, exception handlers) of ``drops`` that the rest of the rules leave
    V1 in ``new``: a manual finding on the line of the fetch or the handler, or a handler widened to
    catch both classes (the file keeps V1 contexts)."""
    from triton_migrate.carriers.python import CARRIER

    settings = _shifted(ctx.settings, shift, drops)
    rules = [r for r in rules_for("python") if r.id != RULE.id and settings.enabled(r.id)]
    trial = FileContext(ctx.path, new, settings)
    output = CARRIER.migrate(new, trial, rules)
    findings: list[Finding] = trial.findings
    groups = {g for d in drops for g in d.groups}
    if output == new:
        return groups
    out = set()
    for kind, line in groups:
        at = shift(line)
        if any(f.line == at and (not f.applied or (kind == "except" and f.rule == "v1_exceptions"))
               for f in findings):
            out.add((kind, line))
    return out


def _shifted(settings: Settings, shift, drops: list) -> Settings:  # type: ignore[no-untyped-def]
    """``settings`` whose run-wide decisions (constructor lines kept V1) name lines of the text with the
    checks dropped."""
    view = crossfile.view_of(settings)
    if view is None or not view.freeze:
        return settings
    inside = {n for d in drops for n in range(d.start, d.end + 1)}
    freeze = {shift(line): why for line, why in view.freeze.items() if line not in inside}
    return settings.with_(extra={**settings.extra, crossfile.VIEW: replace(view, freeze=freeze)})
