"""V1 per-version statistics read from a server status, as V2's ``get_inference_statistics``.

A V1 ``ServerStatus`` carried, per model version, the counters
``model_inference_count`` (each batch element counts), ``model_execution_count``
(each model execution, a batch counts once) and
``last_inference_timestamp_milliseconds``. V2 returns the same three numbers
per model version from ``get_inference_statistics(model_name, model_version)``
as ``inference_count``, ``execution_count`` and ``last_inference`` (the V1 to
V2 statistics mapping of the spec): a ``ModelStatisticsResponse`` over gRPC, its
JSON over HTTP, parsed here into that message (``v1client/jsonmessage.py``) so
that ``.model_stats[0].execution_count`` reads the same on both protocols.

V1's ``infer_stats`` map is keyed by the batch size of each request; V2 has no
statistics per request batch size (``batch_stats`` are keyed by the batch size
of each execution, after dynamic batching; measured figures in
``triton_migrate/data/v1_statistics.py``). Its one exact V2 counterpart is the
sum over every batch size of the successful requests,
``sum(s.success.count for s in vs.infer_stats.values())`` (or ``.total_time_ns``),
which is ``inference_stats.success.count`` (``.ns``); any other read of it keeps
the status V1 and gets a finding that says what V2 offers instead.

The status rewriter (``codemods/v1_status.py``) asks this module whether a read
of ``<status>.model_status[m].version_status[v].<field>`` (or of a name holding
that version status) can be converted, the fetch statement(s) that replace the
status call, and the expression that replaces the read. What stays V1:
statistics of a status read after the code unloads a model (V1 kept the counters
of a model it unloaded; V2 raises for a model that is not loaded; where, see
``analysis/unloads.py``), ``infer_stats`` read any
other way than the sum above, and the V1 status of a whole version
(``str(vs[1])``).
"""
from __future__ import annotations

from typing import Callable, Optional

import libcst as cst

from triton_migrate.data.v1_statistics import FIELDS, SUCCESS_SUMS
from triton_migrate.analysis import unloads
from triton_migrate.v1client import jsonmessage

__all__ = ["FIELDS", "NOTE", "blocked", "fetch", "read", "success_sum"]

#: What a person should know about a converted read (joins the status finding's review note).
NOTE = ("the V1 version counters are now read from get_inference_statistics(model, version), which raises "
        "for a model version that is not loaded (V1 kept the counters of an unloaded model)")

#: The gRPC message the HTTP answer is parsed into (``tritonclient.grpc.service_pb2``).
MESSAGE = "service_pb2.ModelStatisticsResponse"

def blocked(module_code: str, line: int) -> str | None:
    """Why the statistics of the status fetched on ``line`` stay V1 (a model may have been unloaded
    before it, ``analysis/unloads.py``), or None when they may convert."""
    return unloads.blocked(module_code, line)


def read(variable: str, field: str) -> str:
    """The V2 expression for the V1 counter ``field`` of the fetched statistics ``variable`` (both protocols)."""
    return f"{variable}.{FIELDS[field]}"


def fetch(variable: str, receiver: str, model: str, version: str, extra: str, module: str) -> list[str]:
    """Statements fetching one model version's statistics into ``variable``: its ``ModelStatistics`` message.

    ``extra`` is ``", headers=..."`` or empty. Over HTTP the JSON answer is
    parsed into the gRPC ``ModelStatisticsResponse`` (the caller imports
    ``json_format`` and ``service_pb2``); a module chosen at run time gets both.
    """
    call = f"{receiver}.get_inference_statistics({model}, {version}{extra})"
    return jsonmessage.fetch(variable, call, module, MESSAGE, ".model_stats[0]", ".model_stats[0]")


def success_sum(infer_stats: cst.Attribute, parent: Callable[[cst.CSTNode], Optional[cst.CSTNode]]):  # type: ignore[no-untyped-def]
    """``sum(s.success.count for s in <infer_stats>.values())`` (a generator or a list, ``.count`` or
    ``.total_time_ns``) around the ``X.infer_stats`` node: the ``sum(...)`` call and the V2
    ``inference_stats`` path that holds the same figure, else None."""
    values = parent(infer_stats)
    call = parent(values) if isinstance(values, cst.Attribute) and values.attr.value == "values" else None
    comp_for = parent(call) if isinstance(call, cst.Call) and not call.args and call.func is values else None
    comp = parent(comp_for) if isinstance(comp_for, cst.CompFor) and comp_for.iter is call else None
    if not (isinstance(comp, (cst.GeneratorExp, cst.ListComp)) and comp.for_in is comp_for
            and not comp_for.ifs and comp_for.inner_for_in is None and not comp_for.asynchronous
            and isinstance(comp_for.target, cst.Name)):
        return None
    elt = comp.elt
    if not (isinstance(elt, cst.Attribute) and elt.attr.value in SUCCESS_SUMS
            and isinstance(elt.value, cst.Attribute) and elt.value.attr.value == "success"
            and isinstance(elt.value.value, cst.Name) and elt.value.value.value == comp_for.target.value):
        return None
    outer = parent(comp)
    if isinstance(outer, cst.Arg):
        outer = parent(outer)
    if not (isinstance(outer, cst.Call) and isinstance(outer.func, cst.Name) and outer.func.value == "sum"
            and len(outer.args) == 1 and outer.args[0].keyword is None and not outer.args[0].star):
        return None
    return outer, f"inference_stats.success.{SUCCESS_SUMS[elt.attr.value]}"
