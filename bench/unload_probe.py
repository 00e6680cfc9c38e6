"""Measure what V2 says about a model that was unloaded (and loaded again), on both protocols.

V1's status kept a version status for an unloaded model (``MODEL_UNAVAILABLE``,
reason ``"unloaded"``) with its counters.  The lifecycle rules
(``triton_migrate/analysis/unloads.py``, ``analysis/unloadchecks.py``) rest on
what V2 answers instead; this script starts the real tritonserver
(bench/probe_server.py: tests/realserver.py, explicit model control), sends a request to ``simple``,
unloads it, loads it again, and prints at each step the repository index
entry, ``is_model_ready`` and ``get_inference_statistics`` (or the error).

Run: ``.venv/bin/python bench/unload_probe.py`` (about 20 s; skips when
pytriton is absent).  Nothing is timed.
"""
from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import probe_server


def main() -> int:
    with probe_server.running() as probe:
        if probe is None:
            return 0
        server, http, grpc = probe

        def show(step: str) -> None:
            entries = [e for e in http.get_model_repository_index() if e["name"] == "simple"]
            gentries = [(e.version, e.state, e.reason) for e in grpc.get_model_repository_index().models
                        if e.name == "simple"]
            print(step, "| HTTP index:", entries, "| gRPC index:", gentries)
            print(step, "| is_model_ready http/grpc:", http.is_model_ready("simple"),
                  grpc.is_model_ready("simple"), "| version 1:", http.is_model_ready("simple", "1"))
            for name, client in (("http", http), ("grpc", grpc)):
                try:
                    stats = client.get_inference_statistics("simple", "1", as_json=True) if name == "grpc" \
                        else client.get_inference_statistics("simple", "1")
                    s = stats["model_stats"][0]
                    print(step, "| %s statistics: execution_count" % name, s.get("execution_count", 0),
                          "last_inference>0", int(s.get("last_inference", 0)) > 0)
                except Exception as exc:  # noqa: BLE001 - what it raises is the point
                    print(step, "| %s statistics raise %s: %s" % (name, type(exc).__name__, str(exc)[:120]))

        http.infer("simple", probe_server.simple_inputs())
        show("loaded, one request")
        http.unload_model("simple")
        show("right after unload_model")
        for _ in range(100):  # the index says UNLOADING until the model is gone
            if all(e.get("state") != "UNLOADING" for e in http.get_model_repository_index() if e["name"] == "simple"):
                break
            time.sleep(0.1)
        show("unloaded")
        http.load_model("simple")
        show("loaded again")
        # a model in the repository that was never loaded, and one whose load failed (V1: no status at all
        # for the first, "unknown model"; a version status UNAVAILABLE for the second)
        repo = Path(server.model_repository)
        for name in ("simple_never", "simple_broken"):
            shutil.copytree(repo / "simple", repo / name)
            config = (repo / name / "config.pbtxt").read_text().replace('name: "simple"', 'name: "%s"' % name)
            if name == "simple_broken":
                config = config.replace("max_batch_size", "max_batch_sizes")
            (repo / name / "config.pbtxt").write_text(config)
        try:
            http.load_model("simple_broken")
        except Exception as exc:  # noqa: BLE001
            print("load of a broken model raises:", str(exc)[:100])
        for name in ("simple_never", "simple_broken", "no_such_model"):
            print("%s | HTTP index:" % name, [e for e in http.get_model_repository_index() if e["name"] == name],
                  "| gRPC index:", [(e.version, e.state, e.reason[:40]) for e in grpc.get_model_repository_index().models
                                    if e.name == name])
    return 0


if __name__ == "__main__":
    sys.exit(main())
