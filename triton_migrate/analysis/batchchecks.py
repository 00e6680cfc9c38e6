"""Test checks on V1's statistics per request batch size, for ``--drop-v1-only-checks``.

A V1 version status kept ``infer_stats``, a map keyed by the batch size of each
*request*.  V2 has no such figure: ``get_inference_statistics`` gives the
requests of every size together (``inference_stats``) and ``batch_stats`` keyed
by the batch size of each *execution*, after dynamic batching (measured,
``triton_migrate/data/v1_statistics.py``).  V1 QA helpers check it beside the
counters V2 does have::

    vs = ss.model_status[model_name].version_status
    infer = vs[1].infer_stats
    self.assertEqual(len(infer), len(static_bs), "got " + str(vs[1]))
    for b in static_bs:
        self.assertTrue(b in infer, "got " + str(vs[1]))
    self.assertEqual(vs[1].model_execution_count, exec_cnt)      # V2 has it

This module tells `dropchecks` (stdlib ``ast``) how a check reads a status
``S = ctx.get_server_status()`` or a name assigned once from a path into it
(``vs = S.model_status[m].version_status``, ``infer = vs[1].infer_stats``):

- a path through ``.infer_stats`` (not the exact sum ``sum(s.success.count for s
  in ....infer_stats.values())``, which converts) is a value V2 does not have;
- ``str(<status or an element of it>)`` (the whole V1 message printed in the
  check's message) is tolerated in a check dropped for another reason, and
  never a reason by itself;
- any other read of the status (a counter, a configuration, a state) keeps the
  check: it is not V1-only.
"""
from __future__ import annotations

import ast
from typing import Union

from triton_migrate.analysis import statuspaths

REQUEST_BATCH = "statistics per request batch size"

#: ``status_read`` results other than (why, root): the read is none of this module's business, or it
#: reads a status value V2 has (the check is not V1-only).
NOT_MINE = "not mine"
KEEP = "keep"


def derived_names(statements: list[ast.stmt], roots: set[str], stores: dict[str, int]) -> dict[str, tuple[str, bool]]:
    """Names assigned (``n = <path>``) a path of attributes and subscripts into a status ``roots``
    name or into another such name (``analysis/statuspaths.py``), every assignment of the name the
    same kind of path into the same status name (``vs = S.model_status[m].version_status[v]`` in two
    loops): name -> (the status name it comes from, whether the path went through ``.infer_stats``)."""
    derived = _Derived()
    seen: dict[str, list[tuple[str, bool]]] = {}  # a name assigned more than once: each path, in order
    for bound in statuspaths.bindings(statements):
        if bound.loop or not stores.get(bound.name):
            continue
        infer = "infer_stats" in bound.steps
        if bound.root in roots:
            seen.setdefault(bound.name, []).append((bound.root, infer))
        elif bound.root in derived:
            root, before = derived[bound.root]
            seen.setdefault(bound.name, []).append((root, before or infer))
        else:
            continue
        paths = seen[bound.name]
        if len(paths) == stores[bound.name] and len(set(paths)) == 1:
            derived[bound.name] = paths[0]
            if len(paths) > 1:
                derived.several.add(bound.name)
    return derived


class _Derived(dict):
    """`derived_names`' answer; ``several``: the names assigned more than once (read here only for
    V1's statistics per request batch size, any other read is left to the rest of dropchecks)."""

    def __init__(self) -> None:
        super().__init__()
        self.several: set[str] = set()


def status_read(name: ast.Name, parents: dict[int, ast.AST], roots: set[str],
                derived: dict[str, tuple[str, bool]]) -> Union[str, tuple[str, str]]:
    """How the read ``name`` of a check uses a status: ``(why, root status name)`` for a per-request-batch
    value (``why`` empty for a whole status printed with ``str()``), ``KEEP`` for any other status value,
    ``NOT_MINE`` when ``name`` is no status (or a status field another rule of dropchecks decides on)."""
    if name.id in derived:
        root, infer = derived[name.id]
    elif name.id in roots:
        root, infer = name.id, False
    else:
        return NOT_MINE
    steps, node = statuspaths.read(name, parents)
    attrs = [step for step in steps if step != statuspaths.ELEMENT]
    if infer or "infer_stats" in attrs:
        after = attrs[attrs.index("infer_stats") + 1:] if "infer_stats" in attrs else attrs
        if after[:1] == ["values"]:
            return KEEP  # the sum over every batch size: V2's inference_stats.success has it
        return REQUEST_BATCH, root
    call = parents.get(id(node))
    if not attrs and isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "str" \
            and len(call.args) == 1 and call.args[0] is node and not call.keywords:
        return "", root
    if (name.id in roots and name.id not in derived) or name.id in getattr(derived, "several", ()):
        return NOT_MINE  # dropchecks' own fields of a server status (uptime_ns, id, ready_state), or a use it refuses
    return KEEP


__all__ = ["KEEP", "NOT_MINE", "REQUEST_BATCH", "derived_names", "status_read"]
