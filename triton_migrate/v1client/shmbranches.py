"""A region handle created in exclusive branches and unregistered after them.

V1 tests pick the kind of shared memory with a flag::

    if use_system:
        handle = shm.create_shared_memory_region("out_data", "/out", 64)
        control.register(handle)
    else:
        handle = cudashm.create_shared_memory_region("out_data", 64, 0)
        control.cuda_register(handle)
    control.unregister(handle)

The creation nearest before ``control.unregister(handle)`` (the CUDA one) is not
the one that reaches it when the flag is set: converting the call with that
creation's kind (``unregister_cuda_shared_memory("out_data")``) left the system
region registered, silently (tritonserver answers success to an unregister of a
name it does not hold as that kind, checked on both protocols).

Here: when a handle passed to a call has several assignments in its scope and the
nearest one before the call sits in a block that does not hold the call (it does
not decide the value on every path), ``reaching`` gives every creation of the
handle in that scope, or None when one of them is not a
``create_shared_memory_region(...)`` assignment.  ``unregister(handle)`` then
converts only when all of them name the region with the same code: one V2
unregister per kind they use, by that name (an unregister of the kind that was not
registered is a no-op); anything else keeps the context V1 (reported).
"""
from __future__ import annotations

from typing import Any, Optional

import libcst as cst
from libcst.metadata import Assignment, ScopeProvider

from triton_migrate.v1client.shmregistry import creation, region_of


def reaching(rewriter: Any, handle: cst.Name) -> Optional[list[cst.Call]]:
    """Every ``create_shared_memory_region(...)`` call ``handle``'s name is assigned from in its scope,
    or None when one of its assignments is anything else."""
    scope = rewriter.get_metadata(ScopeProvider, handle, None)
    calls = []
    for assignment in scope[handle.value] if scope is not None else ():
        if not isinstance(assignment, Assignment):
            return None
        value = rewriter.values.get(assignment.node)
        if creation(value) is None:
            return None
        calls.append(value)
    return calls or None


def unregister(rewriter: Any, call: cst.Call, receiver: str) -> Optional[tuple[list[str], str]]:
    """(statements to put before, expression) for ``receiver.unregister(handle)`` of a branched handle, or
    None when its creations do not all name the region with the same code."""
    handle = call.args[0].value
    creations = reaching(rewriter, handle) if isinstance(handle, cst.Name) else None
    if creations is None:
        return None
    regions = [region_of(rewriter, c) for c in creations]
    names = {r.name for r in regions if r is not None}
    if len(names) != 1 or None in regions:
        return None
    name = names.pop()
    kinds = sorted({r.kind for r in regions if r is not None}, reverse=True)
    calls = [f"{receiver}.unregister_{kind}_shared_memory({name})" for kind in kinds]
    if len(calls) > 1 and not rewriter.can_insert():
        return None
    return calls[:-1], calls[-1]
