"""Short-lived real ``tritonserver`` processes for command-line tests.

A thin layer over :mod:`triton_migrate.tritonserver` (which finds the binary of
the nvidia-pytriton wheel, builds a private backend folder, binds 127.0.0.1 on
free ports and always stops the server).  Typical use::

    backends = make_backend_dir(tmp / "backends")
    with running(["--model-repository", str(repo)], backends, tmp / "log") as server:
        assert server.wait_ready()

``run_to_exit(args)`` runs a command line that ends by itself (a refused one,
or one ending in ``--help``) and returns its exit code and output.
``tests/realserver.py`` is the session fixture for end-to-end client tests.
"""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

from triton_migrate import tritonserver as ts

READY_TIMEOUT = 60.0
free_ports = ts.free_ports
loopback_args = ts.loopback_args


def _install() -> ts.Install:
    install = ts.pytriton_install()
    if install is None:
        raise RuntimeError("nvidia-pytriton is not installed")
    return install


def server_binary() -> Path | None:
    install = ts.pytriton_install()
    return None if install is None else install.binary


def make_backend_dir(dest: Path) -> Path:
    """A private backend directory with the Python backend and this Python's stub."""
    ts.make_backend_dir(_install(), dest)
    return dest


_MODEL_CONFIG = """name: "{name}"
backend: "python"
max_batch_size: 8
input [
  {{ name: "INPUT0", data_type: TYPE_INT32, dims: [ 16 ] }},
  {{ name: "INPUT1", data_type: TYPE_INT32, dims: [ 16 ] }}
]
output [
  {{ name: "OUTPUT0", data_type: TYPE_INT32, dims: [ 16 ] }},
  {{ name: "OUTPUT1", data_type: TYPE_INT32, dims: [ 16 ] }}
]
instance_group [ {{ kind: KIND_CPU, count: 1 }} ]
"""

_MODEL_PY = '''import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def execute(self, requests):
        responses = []
        for request in requests:
            a = pb_utils.get_input_tensor_by_name(request, "INPUT0").as_numpy()
            b = pb_utils.get_input_tensor_by_name(request, "INPUT1").as_numpy()
            responses.append(pb_utils.InferenceResponse([
                pb_utils.Tensor("OUTPUT0", a + b), pb_utils.Tensor("OUTPUT1", a - b)]))
        return responses
'''


def write_python_model(repository: Path, name: str = "simple") -> Path:
    """A complete config (it loads with --disable-auto-complete-config) and model.py."""
    model = repository / name
    (model / "1").mkdir(parents=True, exist_ok=True)
    (model / "config.pbtxt").write_text(_MODEL_CONFIG.format(name=name))
    (model / "1" / "model.py").write_text(_MODEL_PY)
    return model


class Server(ts.ServerProcess):
    """A server whose ``http_url`` carries the scheme, for building request URLs."""

    @property
    def http_url(self) -> str:  # type: ignore[override]
        return f"http://127.0.0.1:{self.http_port}"

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> bool:
        return self.wait_for("/v2/health/ready", timeout)


def start(args: Sequence[str], backends: Path, log: Path) -> Server:
    """Start the server with ``args``, then loopback, ports and backends appended."""
    base = ts.start(_install(), args, log, backends=backends)
    return Server(base.process, base.log, base.http_port, base.grpc_port, base.metrics_port, base.command)


@contextlib.contextmanager
def running(args: Sequence[str], backends: Path, log: Path) -> Iterator[Server]:
    server = start(args, backends, log)
    try:
        yield server
    finally:
        server.stop()


def run_to_exit(args: Sequence[str], timeout: float = 20.0) -> tuple[int | None, str]:
    """Run the binary with ``args`` until it exits; None as exit code if it kept running.

    Loopback options on free ports come after ``args``, so that a command line the
    binary unexpectedly accepts still never listens beyond 127.0.0.1.
    """
    install = _install()
    command = [str(install.binary), *args, *ts.loopback_args(*ts.free_ports(3))]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, env=ts.server_env(install), start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
        return process.returncode, output.decode(errors="replace")
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        return None, output.decode(errors="replace")
