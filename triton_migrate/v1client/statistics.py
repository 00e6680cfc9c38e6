"""V1 per-version statistics read from a server status, as V2's ``get_inference_statistics``.

A V1 ``ServerStatus`` carried, per model version, the counters
``model_inference_count`` (each batch element counts), ``model_execution_count``
(each model execution, a batch counts once) and
``last_inference_timestamp_milliseconds``. V2 returns the same three numbers
per model version from ``get_inference_statistics(model_name, model_version)``
as ``inference_count``, ``execution_count`` and ``last_inference`` (the V1 to
V2 statistics mapping of the spec): a JSON dict over HTTP
(``{"model_stats": [{...}]}``), a ``ModelStatisticsResponse`` over gRPC
(``.model_stats[0]``).

The status rewriter (``codemods/v1_status.py``) asks this module whether a read
of ``<status>.model_status[m].version_status[v].<field>`` can be converted, the
fetch statement(s) that replace the status call, and the expression that
replaces the read. What stays V1: statistics of a file that unloads models
(V1 kept the counters of a model it unloaded; V2 raises for a model that is not
loaded), the per-batch-size ``infer_stats`` map, and the V1 status of a whole
version (``str(vs[1])``).
"""
from __future__ import annotations

import re

from triton_migrate.v1client.client import GRPC, HTTP

#: V1 ``ModelVersionStatus`` counters and their V2 ``ModelStatistics`` fields.
FIELDS = {
    "model_inference_count": "inference_count",
    "model_execution_count": "execution_count",
    "last_inference_timestamp_milliseconds": "last_inference",
}

#: What a person should know about a converted read (joins the status finding's review note).
NOTE = ("the V1 version counters are now read from get_inference_statistics(model, version), which raises "
        "for a model version that is not loaded (V1 kept the counters of an unloaded model)")

_UNLOADS = re.compile(r"\.unload(?:_model)?\s*\(")


def blocked(module_code: str) -> str | None:
    """Why the statistics of this file stay V1, or None when they may convert."""
    if _UNLOADS.search(module_code):
        return ("this file unloads models, and V2's get_inference_statistics raises for a model that is not "
                "loaded where V1 kept its counters")
    return None


def read(variable: str, field: str, module: str) -> str:
    """The V2 expression for the V1 counter ``field`` of the fetched statistics ``variable``."""
    name = FIELDS[field]
    return f"{variable}.{name}" if module == GRPC else f'{variable}["{name}"]'


def fetch(variable: str, receiver: str, model: str, version: str, extra: str, module: str) -> list[str]:
    """Statements fetching one model version's statistics into ``variable``.

    ``extra`` is ``", headers=..."`` or empty. Over gRPC the value is the
    ``ModelStatistics`` message, over HTTP its JSON dict; when the module is
    chosen at run time the message is turned into a dict of the three fields
    (``read`` then indexes it as for HTTP).
    """
    call = f"{receiver}.get_inference_statistics({model}, {version}{extra})"
    if module == GRPC:
        return [f"{variable} = {call}.model_stats[0]"]
    if module == HTTP:
        return [f'{variable} = {call}["model_stats"][0]']
    fields = ", ".join(f'"{v2}": {variable}.model_stats[0].{v2}' for v2 in FIELDS.values())
    return [f"{variable} = {call}",
            f'{variable} = {variable}["model_stats"][0] if isinstance({variable}, dict) else {{{fields}}}']
