"""``--drop-v1-only-checks``: counters of a model version read after the code unloaded a model.

V1's status kept the counters of a model version it had unloaded
(``model_execution_count``, ``model_inference_count``,
``last_inference_timestamp_milliseconds``), and tests compare them with the values
read before the unload, or with 0 after the model is loaded again.  V2 keeps no
statistics of an unloaded model: ``get_inference_statistics`` raises for it, and
starts from zero when it is loaded again (``bench/unload_probe.py``).  Such a read
keeps its status V1 (``analysis/unloads.py`` says where an unload may have come
before the status fetch); a test check whose only V1 content is such a read is a
V1-only check that ``--drop-v1-only-checks`` drops (``analysis/dropchecks.py``),
when that lets the status convert.

The reads found here, with the stdlib ``ast``, on a status ``S = ctx.get_server_status()``
fetched after an unload:

- ``S.model_status[m].version_status[v].<counter>``;
- ``vs.<counter>`` of a name holding one version status,
  ``vs = S.model_status[m].version_status[v]``;
- ``v.<counter>`` of the loop variable of
  ``for k, v in iteritems(S.model_status[m].version_status)`` (or ``.items()``).
"""
from __future__ import annotations

import ast
from typing import Callable, Optional

from triton_migrate.data.v1_statistics import FIELDS
from triton_migrate.analysis import statuspaths, unloads

__all__ = ["WHY", "Counters"]

#: What V2 lacks, in the marker and the finding of a dropped check ("V2 has no ...": V2 keeps no statistics
#: of an unloaded model).
WHY = "statistics of an unloaded model"


class Counters:
    """Counter reads of one function's statuses fetched after an unload."""

    def __init__(self, text: str, statements: list[ast.stmt], fetch_of: Callable[[str, int], Optional[int]]) -> None:
        self.text = text
        self.fetch_of = fetch_of  # (status name, line) -> line of the fetch of that name before it
        self.names: dict[str, list[tuple[int, str]]] = {}  # version status name -> [(line bound, status name)]
        for bound in statuspaths.bindings(statements):  # ``vs = S.model_status[m].version_status[v]``, a loop's ``v``
            if bound.steps == statuspaths.VERSION:
                self.names.setdefault(bound.name, []).append((bound.line, bound.root))

    def _after_unload(self, status: str, line: int) -> Optional[int]:
        fetch = self.fetch_of(status, line)
        if fetch is None or not unloads.unloaded_before(self.text, fetch):
            return None
        return fetch

    def holds_version(self, name: str) -> bool:
        return name in self.names

    def alias_read(self, name: ast.Name, parent: Optional[ast.AST], at: int) -> Optional[int]:
        """The fetch line when ``name.<counter>`` reads a counter of a version status fetched after an
        unload (``name`` bound before ``at``), else None."""
        if not (isinstance(parent, ast.Attribute) and parent.value is name and parent.attr in FIELDS):
            return None
        bound = sorted(b for b in self.names.get(name.id, ()) if b[0] <= at)
        if not bound:
            return None
        line, status = bound[-1]
        return self._after_unload(status, line)

    def direct_read(self, status: ast.Name, parents: dict[int, ast.AST], at: int) -> Optional[int]:
        """The fetch line when ``status.model_status[m].version_status[v].<counter>`` reads a counter
        of a status fetched after an unload, else None."""
        steps, _ = statuspaths.read(status, parents)
        n = len(statuspaths.VERSION)
        if len(steps) <= n or steps[:n] != statuspaths.VERSION or steps[n] not in FIELDS:
            return None
        return self._after_unload(status.id, at)
