"""Measure what V2's get_inference_statistics reports, to decide what V1's statistics map to.

V1's ``version_status[v].infer_stats`` was a map keyed by the batch size of each
*request* (``success``/``failed``/``compute``/``queue`` per size), beside the
counters ``model_execution_count`` and ``model_inference_count``.  V2 gives
``inference_stats`` (one set for every request of the version) and
``batch_stats`` keyed by the batch size of each *execution*.  This script starts
the real tritonserver (bench/probe_server.py) with ``simple`` (no dynamic
batching), a copy of it with a dynamic batcher that waits 2 s, and
``simple_nobatch``, sends known requests and prints what V2 answers, so the
mapping written in docs/python-client.md rests on measured figures.

Run: ``.venv/bin/python bench/statistics_probe.py`` (about 30 s; skips when
pytriton is absent).  Nothing is timed.
"""
from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import numpy as np
import probe_server


def _repo(dest: Path) -> Path:
    shutil.copytree(probe_server.realserver.FIXTURE_MODELS, dest)
    shutil.copytree(dest / "simple", dest / "simple_dyn")
    config = (dest / "simple_dyn" / "config.pbtxt").read_text()
    config = config.replace('name: "simple"', 'name: "simple_dyn"')
    config += "\ndynamic_batching {\n  max_queue_delay_microseconds: 2000000\n  preferred_batch_size: [ 3 ]\n}\n"
    (dest / "simple_dyn" / "config.pbtxt").write_text(config)
    return dest


def _summary(stats: dict) -> dict:
    s = stats["model_stats"][0]
    infer = s["inference_stats"]
    return {
        "version": s["version"],
        "inference_count": s["inference_count"],
        "execution_count": s["execution_count"],
        "last_inference>0": s["last_inference"] > 0,
        "success.count": infer["success"]["count"],
        "fail.count": infer["fail"]["count"],
        "queue.count": infer["queue"]["count"],
        "compute_infer.count": infer["compute_infer"]["count"],
        "batch_stats": {b["batch_size"]: b["compute_infer"]["count"] for b in s.get("batch_stats", [])},
    }


def main() -> int:
    import tritonclient.http as httpclient
    from google.protobuf import json_format
    from tritonclient.grpc import service_pb2

    with probe_server.running(_repo) as probe:
        if probe is None:
            return 0
        server, http, grpc = probe
        pool = httpclient.InferenceServerClient(server.http_url, concurrency=3)

        def inputs(model: str, batch: int) -> list:
            if model == "simple_nobatch":  # one FP32 input of shape [4], no batch dimension
                inp = httpclient.InferInput("INPUT0", [4], "FP32")
                inp.set_data_from_numpy(np.ones([4], dtype=np.float32))
                return [inp]
            return probe_server.simple_inputs(batch)

        def infer(model: str, batch: int) -> None:
            http.infer(model, inputs(model, batch))

        print("before any request, simple v1:", _summary(http.get_inference_statistics("simple", "1")))
        for batch in (1, 2, 2, 3):
            infer("simple", batch)
        print("simple (no dynamic batching), requests of batch 1, 2, 2, 3:",
              _summary(http.get_inference_statistics("simple", "1")))
        pending = [pool.async_infer("simple_dyn", inputs("simple_dyn", 1)) for _ in range(3)]
        for request in pending:
            request.get_result()
        print("simple_dyn (dynamic batching), three concurrent requests of batch 1:",
              _summary(http.get_inference_statistics("simple_dyn", "1")))
        for _ in range(2):
            infer("simple_nobatch", 1)
        print("simple_nobatch (max_batch_size 0), two requests:",
              _summary(http.get_inference_statistics("simple_nobatch", "1")))
        try:
            infer("simple", 9)  # above max_batch_size: refused before the model runs
        except Exception as exc:  # noqa: BLE001 - the point is what the statistics say afterwards
            print("request of batch 9 refused:", str(exc)[:80])
        print("simple after a refused request:", _summary(http.get_inference_statistics("simple", "1")))
        whole = http.get_inference_statistics("simple")
        print("get_inference_statistics('simple') without a version: versions",
              [s["version"] for s in whole["model_stats"]])
        parsed = json_format.ParseDict(http.get_inference_statistics("simple", "1"),
                                       service_pb2.ModelStatisticsResponse(), ignore_unknown_fields=True)
        message = grpc.get_inference_statistics("simple", "1")
        same = (json_format.MessageToDict(parsed.model_stats[0]) == json_format.MessageToDict(message.model_stats[0]))
        print("HTTP JSON parsed into ModelStatisticsResponse equals the gRPC answer:", same,
              "| execution_count", parsed.model_stats[0].execution_count, message.model_stats[0].execution_count)
        http.unload_model("simple_nobatch")
        for _ in range(100):
            if not http.is_model_ready("simple_nobatch"):
                break
            time.sleep(0.1)
        try:
            answer = http.get_inference_statistics("simple_nobatch", "1")
            print("statistics of an unloaded model:", answer)
        except Exception as exc:  # noqa: BLE001
            print("statistics of an unloaded model raise:", str(exc)[:120])
        pool.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
