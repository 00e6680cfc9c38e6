"""Start and stop the real ``tritonserver`` of the nvidia-pytriton wheel (CPU only).

Follows /work/shared/guide/real-server.md: the binary and the Python backend come
from the installed ``pytriton`` package; backends are copied to a private
directory (site-packages is never written); the server listens on 127.0.0.1 on
free ports; it is always stopped, SIGTERM first, then SIGKILL of its process
group (the Python backend stubs are its children).

Typical use::

    backends = make_backend_dir(tmp / "backends")
    with running(["--model-repository", str(repo)], backends, tmp / "log") as server:
        assert server.wait_ready()

``run_to_exit(args)`` runs a command line that ends by itself (a refused one,
or one ending in ``--help``) and returns its exit code and output.  ``tests/realserver.py`` is the session
fixture for end-to-end client tests; this module is the small, reusable part
for tests that start many short-lived servers.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

READY_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


def pytriton_dir() -> Path | None:
    """``<site-packages>/pytriton/tritonserver``, or None without the wheel."""
    try:
        import pytriton
    except ImportError:
        return None
    root = Path(pytriton.__file__).parent / "tritonserver"
    return root if (root / "bin" / "tritonserver").exists() else None


def server_binary() -> Path | None:
    root = pytriton_dir()
    return None if root is None else root / "bin" / "tritonserver"


def library_dir() -> Path | None:
    """The CUDA runtime bundled with the wheel, which the server and stubs load."""
    root = pytriton_dir()
    if root is None:
        return None
    libs = root.parent.parent / "nvidia_pytriton.libs"
    return libs if libs.is_dir() else None


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    libs = library_dir()
    if libs is not None:
        env["LD_LIBRARY_PATH"] = os.pathsep.join(
            p for p in (str(libs), env.get("LD_LIBRARY_PATH", "")) if p)
    # The Python backend stub embeds libpython in isolated mode and finds its
    # prefix through the first python3 on PATH: put this interpreter (the venv,
    # with numpy) first, or models fail with "No module named 'numpy'".
    env["PATH"] = os.pathsep.join(
        p for p in (str(Path(sys.executable).parent), env.get("PATH", "")) if p)
    return env


def make_backend_dir(dest: Path) -> Path:
    """A private backend directory with the Python backend and this Python's stub."""
    root = pytriton_dir()
    if root is None:
        raise RuntimeError("nvidia-pytriton is not installed")
    python = dest / "python"
    if not (python / "triton_python_backend_stub").exists():
        shutil.copytree(root / "backends" / "python", python, dirs_exist_ok=True)
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        stub = root / "python_backend_stubs" / version / "triton_python_backend_stub"
        shutil.copy2(stub, python / "triton_python_backend_stub")
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


def free_ports(count: int) -> list[int]:
    """Ports free on 127.0.0.1 right now (held together, so they differ)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    log: Path
    http_port: int
    grpc_port: int
    metrics_port: int
    args: list[str] = field(default_factory=list)

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def output(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def alive(self) -> bool:
        return self.process.poll() is None

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.http_url}/v2/health/ready", timeout=1) as reply:
                return bool(reply.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> bool:
        """True once /v2/health/ready answers 200; False if the process exits first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ready():
                return True
            if not self.alive():
                return False
            time.sleep(0.05)
        return False

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM, then SIGKILL of the server's own process group."""
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout)


def loopback_args(http_port: int, grpc_port: int, metrics_port: int) -> list[str]:
    return ["--http-address=127.0.0.1", f"--http-port={http_port}",
            "--grpc-address=127.0.0.1", f"--grpc-port={grpc_port}",
            "--metrics-address=127.0.0.1", f"--metrics-port={metrics_port}"]


def start(args: Sequence[str], backends: Path, log: Path) -> Server:
    """Start the server with ``args``, then loopback, ports and backends appended.

    The appended options come last, so they win over the same options in
    ``args`` (getopt, last one wins) while every word of ``args`` is still parsed.
    """
    binary = server_binary()
    if binary is None:
        raise RuntimeError("nvidia-pytriton is not installed")
    http, grpc, metrics = free_ports(3)
    command = [str(binary), *args, *loopback_args(http, grpc, metrics),
               f"--backend-directory={backends}"]
    handle = log.open("wb")
    try:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, env=server_env(),
                                   start_new_session=True)
    finally:
        handle.close()
    return Server(process, log, http, grpc, metrics, command)


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
    binary = server_binary()
    if binary is None:
        raise RuntimeError("nvidia-pytriton is not installed")
    command = [str(binary), *args, *loopback_args(*free_ports(3))]
    process = subprocess.Popen(command, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               env=server_env(), start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
        return process.returncode, output.decode(errors="replace")
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        return None, output.decode(errors="replace")
