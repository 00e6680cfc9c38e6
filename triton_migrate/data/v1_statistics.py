"""V1 per-version statistics of a server status and what V2's ``get_inference_statistics`` gives for them.

Plain facts (no libcst): the status rewriter (``v1client/statistics.py``) converts
what maps exactly, the verifier (``analysis/verify.py``) words the finding of what
does not.  Measured on tritonserver 2.51 (``bench/statistics_probe.py``): requests
of batch sizes 1, 2, 2, 3 to a model without dynamic batching give
``inference_count`` 8, ``execution_count`` 4, ``inference_stats.success.count`` 4
and ``batch_stats`` {1: 1, 2: 2, 3: 1}; three concurrent requests of batch size 1
to a model with a dynamic batcher give ``execution_count`` 1,
``inference_stats.success.count`` 3 and ``batch_stats`` {3: 1}, where V1's
``infer_stats`` (keyed by the batch size of each *request*) held {1: 3 successes};
a request refused before the model ran (batch size above the maximum) is counted
nowhere; a model that is not loaded raises.
"""
from __future__ import annotations

#: V1 ``ModelVersionStatus`` counters and their V2 ``ModelStatistics`` fields (exact).
FIELDS = {
    "model_inference_count": "inference_count",
    "model_execution_count": "execution_count",
    "last_inference_timestamp_milliseconds": "last_inference",
}

#: ``StatDuration`` fields of V1's ``infer_stats[bs].success`` summed over every batch size, and the V2
#: ``inference_stats.success`` field that holds that sum (every successful request, whatever its size).
SUCCESS_SUMS = {"count": "count", "total_time_ns": "ns"}

#: Why a read of V1's per-request-batch-size map has no exact V2 counterpart, and what V2 offers instead.
INFER_STATS = (
    "V1's `infer_stats` is keyed by the batch size of each request; V2 has no statistics per request batch size: "
    "`get_inference_statistics(model, version)` gives `inference_stats.success/fail/queue.count` for the requests "
    "of every batch size together (the sum of V1's `infer_stats[bs].success.count` over all `bs` is "
    "`inference_stats.success.count`, and that sum is converted when written as "
    "`sum(s.success.count for s in vs.infer_stats.values())`), and `batch_stats` keyed by the batch size of each "
    "execution after dynamic batching (three requests of batch size 1 batched together: V1 `infer_stats` "
    "{1: 3 successes}, V2 `batch_stats` {3: 1 execution}): choose the V2 figure the check means by hand"
)
INFER_STATS_REPLACEMENT = ("stats = client.get_inference_statistics(model, version) (gRPC: a ModelStatisticsResponse; "
                           "HTTP: its JSON); stats.model_stats[0].inference_stats.success.count, "
                           ".batch_stats[i].batch_size / .compute_infer.count")

#: The V2 counterpart of each V1 statistics field, for a finding on a read the tool could not follow.
ADVICE = {
    "infer_stats": (INFER_STATS, INFER_STATS_REPLACEMENT),
    **{v1: (f"V2's `get_inference_statistics(model, version)` has it as `model_stats[0].{v2}`",
            f"client.get_inference_statistics(model, version).model_stats[0].{v2} (HTTP: the JSON's "
            f"[\"model_stats\"][0][\"{v2}\"])")
       for v1, v2 in FIELDS.items()},
}
