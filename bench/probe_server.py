"""The head the tritonserver probes share (bench/unload_probe.py, bench/statistics_probe.py).

A probe asks the real tritonserver (tests/realserver.py) what V2 answers, so that a
rule rests on measured facts.  ``running()`` starts the server on a model repository
(the fixture models, or one the probe builds from them), gives the server and an HTTP
and a gRPC client, and closes and stops them after; it yields None, having printed
why, when no tritonserver is installed.  ``simple_inputs`` are the two inputs of the
fixture model ``simple``.  Nothing here is timed.
"""
from __future__ import annotations

import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple, Optional

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import realserver  # noqa: E402


class Probe(NamedTuple):
    server: Any  # realserver.TritonServer
    http: Any  # tritonclient.http.InferenceServerClient
    grpc: Any  # tritonclient.grpc.InferenceServerClient


@contextmanager
def running(repository: Optional[Callable[[Path], Path]] = None) -> Iterator[Optional[Probe]]:
    """The server on the fixture models (or on ``repository(dest)``, a repository built at ``dest``)
    with its two clients; None when tritonserver is absent."""
    import tritonclient.grpc as grpcclient
    import tritonclient.http as httpclient

    try:
        realserver.find_triton_install()
    except realserver.TritonNotAvailable as exc:
        print("skipped: %s" % exc)
        yield None
        return
    with tempfile.TemporaryDirectory() as tmp:
        source = {} if repository is None else {"model_source": repository(Path(tmp) / "source")}
        with realserver.running_server(Path(tmp) / "run", **source) as server:
            http = httpclient.InferenceServerClient(server.http_url)
            grpc = grpcclient.InferenceServerClient(server.grpc_url)
            try:
                yield Probe(server, http, grpc)
            finally:
                http.close()
                grpc.close()


def simple_inputs(batch: int = 1) -> list:
    """``INPUT0`` and ``INPUT1`` of ``simple`` (INT32, shape [batch, 16], all ones), for HTTP."""
    import tritonclient.http as httpclient

    out = []
    for name in ("INPUT0", "INPUT1"):
        inp = httpclient.InferInput(name, [batch, 16], "INT32")
        inp.set_data_from_numpy(np.ones([batch, 16], dtype=np.int32))
        out.append(inp)
    return out
