"""A name holding one model's whole V1 version map, ``vs = S.model_status[m].version_status``.

`v1_status` plans each use of ``S.model_status[m].version_status`` written in
place: ``len(...)`` and ``v in ...`` (the model's versions in the V2
repository index), ``...[v].ready_state == MODEL_READY`` and the counters
``...[v].model_execution_count`` / ``.model_inference_count`` (V2
``get_inference_statistics(m, "v")``).  V1 QA helpers name the map once and
read it through that name::

    vs = ss.model_status[model_name].version_status
    self.assertEqual(len(vs), 1)
    self.assertTrue(1 in vs)
    self.assertEqual(vs[1].model_execution_count, exec_cnt)

Such an alias is planned as the map itself, use by use, when it is the only
statement of its line, assigned once, and read only in the same scope after
the assignment (straight-line code) by uses the rule plans: then the
assignment goes away with the status.  One use V2 has no form for (the
request-batch-size ``vs[1].infer_stats``, the whole ``str(vs[1])``) keeps the
whole status V1, each use reported, as before.
"""
from __future__ import annotations

from typing import Any, Callable

import libcst as cst
from libcst.metadata import PositionProvider, ScopeProvider


def alias_uses(rewriter: Any, outer: cst.CSTNode, node: cst.CSTNode, scope: Any,
               plan_use: Callable[[cst.CSTNode], bool], remove: set) -> bool:
    """``outer`` is ``name = <node>`` with ``node`` the version map: plan every read of ``name`` with
    ``plan_use`` (the rule's planner of a version-map use) and mark the assignment for removal; False,
    with nothing marked, when a read is not planned or the alias cannot be followed."""
    if not (isinstance(outer, cst.Assign) and outer.value is node and len(outer.targets) == 1
            and isinstance(outer.targets[0].target, cst.Name)):
        return False
    target = outer.targets[0].target
    alias_scope, refs = rewriter._straight_refs(target)
    if alias_scope is not scope or not refs or not rewriter._own_line(outer, removable=True):
        return False
    if len(list(scope.assignments[target.value])) != 1:
        return False
    def position(ref: Any) -> tuple[int, int]:
        start = rewriter.get_metadata(PositionProvider, ref.node).start
        return start.line, start.column

    for ref in sorted(refs, key=position):  # in text order: the fetches are made in the order of first use
        if rewriter.get_metadata(ScopeProvider, ref.node, None) is not scope or not plan_use(ref.node):
            return False
    remove.add(outer)
    return True


__all__ = ["alias_uses"]
