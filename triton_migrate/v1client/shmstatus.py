"""The V1 shared-memory status read after its context becomes a V2 client.

``S = ctx.get_shared_memory_status()`` returned V1's ``SharedMemoryStatus``
protobuf, whose ``shared_memory_region`` listed every region (system and
CUDA).  V2's ``get_system_shared_memory_status()`` returns a list of dicts over
HTTP and a ``SystemSharedMemoryStatusResponse`` (its ``regions`` map) over
gRPC, so ``S.shared_memory_region`` raises on both.  The protocol is often
chosen at run time (a module global, a flag), so the count is written to work
on both answers::

    len(S.shared_memory_region)  ->  len(S if isinstance(S, list) else S.regions)

V1 listed system and CUDA regions in the same list; V2 answers each kind with
its own call.  In a file that uses CUDA shared memory the status becomes both
answers and the count their sum::

    S = ctx.get_shared_memory_status()
        ->  S = (ctx.get_system_shared_memory_status(), ctx.get_cuda_shared_memory_status())
    len(S.shared_memory_region)
        ->  sum(len(s if isinstance(s, list) else s.regions) for s in S)

A status is converted only when every read of its name (in the scope that
assigns it) is that count, or the whole status printed, and the name holds
nothing but such status calls.  Otherwise the status call is left V1 with a
finding, so the verifier keeps the whole context V1 and reports each of its
uses.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

import libcst as cst
from libcst.metadata import ParentNodeProvider, ScopeProvider

from triton_migrate.analysis.resolve import accesses
from triton_migrate.v1client import shmregions

if TYPE_CHECKING:
    from triton_migrate.v1client.client import ContextRewriter

METHOD = "get_shared_memory_status"
FIELD = "shared_memory_region"


@dataclass
class StatusPlan:
    """Per status call: the reason it stays V1, or the ``len(...)`` reads to rewrite once it converts."""

    blocked: dict[cst.Call, str] = field(default_factory=dict)
    counts: dict[cst.Call, list[cst.Call]] = field(default_factory=dict)  # status call -> len() calls of it
    converted: set = field(default_factory=set)
    both: set = field(default_factory=set)  # status calls of a file with CUDA regions: system and CUDA answers
    loops: dict = field(default_factory=dict)  # status call -> its ``for r in S.shared_memory_region`` loops
    nodes: dict = field(default_factory=dict)  # attribute -> its V2 form (status converted; `shmregions`)
    replace: dict[cst.Call, str] = field(default_factory=dict)  # len() call -> its V2 form (status converted)


def _status_call(rewriter: ContextRewriter, value: Optional[cst.BaseExpression]) -> bool:
    if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
            and value.func.attr.value == METHOD and not value.args):
        return False
    bound = rewriter.bound_of(value.func.value)
    return bound is not None and bound.cls == "SharedMemoryControlContext"


def _count_of(rewriter: ContextRewriter, node: cst.CSTNode) -> Optional[cst.Call]:
    """The ``len(S.shared_memory_region)`` call around the read ``S``, else None."""
    get = rewriter.get_metadata
    attr = get(ParentNodeProvider, node, None)
    if not (isinstance(attr, cst.Attribute) and attr.value is node and attr.attr.value == FIELD):
        return None
    arg = get(ParentNodeProvider, attr, None)
    call = get(ParentNodeProvider, arg, None) if isinstance(arg, cst.Arg) else None
    if isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "len" \
            and len(call.args) == 1 and call.args[0] is arg and arg.keyword is None and not arg.star:
        return call
    return None


def _printed(rewriter: ContextRewriter, node: cst.CSTNode) -> bool:
    arg = rewriter.get_metadata(ParentNodeProvider, node, None)
    call = rewriter.get_metadata(ParentNodeProvider, arg, None) if isinstance(arg, cst.Arg) else None
    return isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "print" \
        and arg.value is node and arg.keyword is None  # type: ignore[union-attr]


def plan(rewriter: ContextRewriter) -> StatusPlan:
    """Decide every ``S = ctx.get_shared_memory_status()`` of the file."""
    result = StatusPlan()
    cuda = "cuda_shared_memory" in rewriter.module.code
    for target, value in rewriter.values.items():
        if not _status_call(rewriter, value):
            continue
        call: cst.Call = value  # type: ignore[assignment]
        assign = rewriter.get_metadata(ParentNodeProvider, call, None)
        scope = rewriter.get_metadata(ScopeProvider, target, None)
        if not isinstance(assign, cst.Assign) or scope is None:
            continue  # ``with`` items and the like: as before (the call converts, a review note)
        name = target.value
        others = [a for a in scope.assignments[name]
                  if not (isinstance(getattr(a, "node", None), cst.Name)
                          and _status_call(rewriter, rewriter.values.get(a.node)))]  # type: ignore[arg-type]
        reads = accesses(scope, name)
        counts, loops, why = [], [], None
        if others:
            why = f"`{name}` also holds other values"
        for access in reads:
            if why:
                break
            count = _count_of(rewriter, access.node)
            loop = shmregions.loop_of(rewriter, access.node)
            if count is not None:
                counts.append(count)
            elif loop is not None:
                loops.append(loop)
            elif not _printed(rewriter, access.node):
                why = (f"`{name}` is used here other than as `len({name}.{FIELD})`, a loop over its regions "
                       "reading their name and byte size, or printed")
        if why is None and cuda:
            result.both.add(call)  # V1 counted system and CUDA regions together
        if why is not None:
            result.blocked[call] = why
        else:
            result.counts[call] = counts
            result.loops[call] = loops
    if METHOD in rewriter.module.code:  # ``ctx.get_shared_memory_status().shared_memory_region``: read directly
        from triton_migrate.analysis.cstwalk import calls_of

        for call in [c for c in calls_of(rewriter.module, frozenset({METHOD})) if not c.args]:
            parent = rewriter.get_metadata(ParentNodeProvider, call, None)
            if isinstance(parent, cst.Attribute) and parent.value is call and _status_call(rewriter, call):  # type: ignore[arg-type]
                result.blocked[call] = f"its answer is read directly (`.{parent.attr.value}`)"  # type: ignore[index]
    return result


def block(rewriter: ContextRewriter, status: StatusPlan, original: cst.Call) -> bool:
    """Report a status call that stays V1 (True: leave it as it is)."""
    why = status.blocked.get(original)
    if why is None:
        return False
    rewriter.report(original, f"`{METHOD}()` is not converted: {why}; V2's answer has no `{FIELD}` (HTTP: a list "
                              "of dicts, gRPC: a message with `regions`), so the whole context stays V1.",
                    severity="error", v1=f"SharedMemoryControlContext.{METHOD}",
                    replacement="len(status if isinstance(status, list) else status.regions) for "
                                "get_system_shared_memory_status() / get_cuda_shared_memory_status()")
    return True


def converted(status: StatusPlan, original: cst.Call) -> None:
    """The status call became V2: its counts are rewritten as they are left."""
    status.converted.add(original)
    for loop in status.loops.get(original, ()):
        shmregions.plan(status.nodes, loop[0].value.value, loop, original in status.both)  # type: ignore[attr-defined]
    for count in status.counts.get(original, ()):
        arg = count.args[0].value
        name = arg.value.value  # type: ignore[attr-defined]
        status.replace[count] = (f"sum(len(s if isinstance(s, list) else s.regions) for s in {name})"
                                 if original in status.both else
                                 f"len({name} if isinstance({name}, list) else {name}.regions)")


def both(rewriter: ContextRewriter, status: StatusPlan, original: cst.Call, receiver: str) -> Optional[str]:
    """The V2 form of a status call whose file uses CUDA regions: both answers, else None."""
    if original not in status.both:
        return None
    new = f"({receiver}.get_system_shared_memory_status(), {receiver}.get_cuda_shared_memory_status())"
    if not rewriter.report(original, f"`{METHOD}()` listed system and CUDA regions together; V2 answers each "
                                     "kind with its own call, so the status is now both answers (its counts add "
                                     "them up).", applied=True, v1=f"SharedMemoryControlContext.{METHOD}",
                           replacement=new):
        return None
    converted(status, original)
    return new


def count(rewriter: ContextRewriter, status: StatusPlan, original: cst.Call,
          updated: cst.BaseExpression) -> cst.BaseExpression:
    """``len(S.shared_memory_region)`` of a converted status: the count on either V2 answer."""
    new = status.replace.get(original)
    if new is None or not isinstance(updated, cst.Call):
        return updated
    if not rewriter.report(original, f"`len(...{FIELD})` now counts the regions of V2's shared-memory "
                                     "status (a list over HTTP, `regions` over gRPC).", applied=True,
                           v1=f"SharedMemoryStatus.{FIELD}", replacement=new):
        return updated
    return cst.parse_expression(new).with_changes(lpar=updated.lpar, rpar=updated.rpar)
