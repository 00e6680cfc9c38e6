"""The regions of a V1 shared-memory status read one by one, by name and byte size.

``for r in S.shared_memory_region: ... r.name ... r.byte_size`` iterated V1's
``SharedMemoryStatus``.  V2 answers with a list of dicts over HTTP
(``{"name", "key", "offset", "byte_size"}``, the size an int) and a message
whose ``regions`` map holds messages with ``name`` and ``byte_size`` over gRPC;
both were checked against tritonserver 2.51.  Written to work on either answer
(the protocol is often chosen at run time)::

    for r in S.shared_memory_region:   ->  for r in (S if isinstance(S, list) else S.regions.values()):
    r.name                             ->  (r["name"] if isinstance(r, dict) else r.name)

and, for the pair of answers of a file that uses CUDA shared memory
(`shmstatus`), over the regions of both.  Converted only when the loop target
is a plain name bound by that loop alone and its every read is ``.name`` or
``.byte_size``; the order of the regions is the server's, as in V1.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst
from libcst.metadata import ParentNodeProvider, ScopeProvider

from triton_migrate.analysis.resolve import accesses

if TYPE_CHECKING:
    from triton_migrate.v1client.client import ContextRewriter

FIELDS = frozenset({"name", "byte_size"})
FIELD = "shared_memory_region"


def loop_of(rewriter: ContextRewriter, node: cst.CSTNode) -> Optional[tuple[cst.Attribute, list[cst.Attribute]]]:
    """For the read ``S`` in ``for r in S.shared_memory_region:`` whose ``r`` is only read for its name and
    byte size: (that attribute, the ``r.name`` / ``r.byte_size`` reads); else None."""
    get = rewriter.get_metadata
    attr = get(ParentNodeProvider, node, None)
    if not (isinstance(attr, cst.Attribute) and attr.value is node and attr.attr.value == FIELD):
        return None
    loop = get(ParentNodeProvider, attr, None)
    if not (isinstance(loop, cst.For) and loop.iter is attr and isinstance(loop.target, cst.Name)
            and loop.asynchronous is None):
        return None
    scope = get(ScopeProvider, loop.target, None)
    name = loop.target.value
    if scope is None or len(scope.assignments[name]) != 1:
        return None
    reads = []
    for access in accesses(scope, name):
        field = get(ParentNodeProvider, access.node, None)
        if not (isinstance(field, cst.Attribute) and field.value is access.node and field.attr.value in FIELDS):
            return None
        holder = get(ParentNodeProvider, field, None)
        if isinstance(holder, (cst.AssignTarget, cst.AugAssign, cst.Del)):
            return None
        reads.append(field)
    return attr, reads


def plan(replace: dict, status: str, loop: tuple[cst.Attribute, list[cst.Attribute]], both: bool) -> None:
    """Put the V2 forms of the loop's iterable and field reads into ``replace`` (node -> code)."""
    attr, reads = loop
    replace[attr] = (f"[r for s in {status} for r in (s if isinstance(s, list) else s.regions.values())]" if both
                     else f"({status} if isinstance({status}, list) else {status}.regions.values())")
    for field in reads:
        target = field.value.value  # type: ignore[attr-defined]
        key = field.attr.value
        replace[field] = f'({target}["{key}"] if isinstance({target}, dict) else {target}.{key})'


def rewrite(rewriter: ContextRewriter, replace: dict, original: cst.Attribute,
            updated: cst.BaseExpression) -> cst.BaseExpression:
    """The V2 form of a planned attribute, reported."""
    new = replace.get(original)
    if new is None:
        return updated
    if original.attr.value == FIELD:
        message = (f"V1's `{FIELD}` list is now the regions of V2's shared-memory status (a list of dicts "
                   "over HTTP, a `regions` map of messages over gRPC).")
    else:
        message = (f"`{original.attr.value}` of a region is now read from V2's shared-memory status: a dict "
                   "key over HTTP, a message field over gRPC.")
    if not rewriter.report(original, message, applied=True, v1=f"SharedMemoryStatus.{FIELD}", replacement=new):
        return updated
    return cst.parse_expression(new)


__all__ = ["loop_of", "plan", "rewrite"]
