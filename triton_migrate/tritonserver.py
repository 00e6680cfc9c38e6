"""Find, start and stop a real ``tritonserver`` (used by ``--strict`` and by the tests).

The binary comes from the ``nvidia-pytriton`` wheel when it is installed (a
complete server 2.51 with the Python backend, which runs on the CPU), else
from ``tritonserver`` on PATH or ``/opt/tritonserver/bin/tritonserver``.  The
server always listens on 127.0.0.1 on free ports, runs in its own process
group, and is always stopped: SIGTERM, then SIGKILL of the group (the Python
backend stubs are its children).
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

READY_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


@dataclass(frozen=True)
class Install:
    """Where the server and its Python backend live."""

    binary: Path
    python_backend: Path | None = None  # .../backends/python
    stub: Path | None = None  # the triton_python_backend_stub for this Python
    libs: Path | None = None  # CUDA runtime bundled with the wheel


def pytriton_install() -> Install | None:
    """The server inside the nvidia-pytriton wheel, or None."""
    try:
        import pytriton
    except ImportError:
        return None
    root = Path(pytriton.__file__).resolve().parent / "tritonserver"
    binary = root / "bin" / "tritonserver"
    if not binary.exists():
        return None
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    stub = root / "python_backend_stubs" / version / "triton_python_backend_stub"
    libs = root.parent.parent / "nvidia_pytriton.libs"
    backend = root / "backends" / "python"
    return Install(binary, backend if backend.is_dir() else None,
                   stub if stub.exists() else None, libs if libs.is_dir() else None)


def find_install() -> Install | None:
    """pytriton's server, else ``tritonserver`` on PATH, else the container path."""
    found = pytriton_install()
    if found is not None:
        return found
    on_path = shutil.which("tritonserver")
    if on_path:
        return Install(Path(on_path))
    default = Path("/opt/tritonserver/bin/tritonserver")
    return Install(default) if default.exists() else None


def make_backend_dir(install: Install, dest: Path) -> Path | None:
    """A private backend folder holding the Python backend and this Python's stub.

    Never writes into site-packages.  None when the install has no Python
    backend to copy (a container install already has its backends).
    """
    if install.python_backend is None or install.stub is None:
        return None
    python = dest / "python"
    if not (python / "triton_python_backend_stub").exists():
        shutil.copytree(install.python_backend, python, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
        stub = python / "triton_python_backend_stub"
        shutil.copy2(install.stub, stub)
        stub.chmod(0o755)
    return dest


def server_env(install: Install) -> dict[str, str]:
    env = dict(os.environ)
    if install.libs is not None:
        # A copied stub no longer finds the wheel's CUDA runtime via its RPATH.
        env["LD_LIBRARY_PATH"] = os.pathsep.join(p for p in (str(install.libs), env.get("LD_LIBRARY_PATH", "")) if p)
    # The stub embeds libpython in isolated mode and finds its prefix through
    # the first python3 on PATH: put this interpreter first so models see the
    # same site-packages (numpy) as the caller.
    env["PATH"] = os.pathsep.join(p for p in (str(Path(sys.executable).parent), env.get("PATH", "")) if p)
    env.pop("CUDA_VISIBLE_DEVICES", None)
    return env


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


def loopback_args(http_port: int, grpc_port: int, metrics_port: int) -> list[str]:
    return ["--http-address=127.0.0.1", f"--http-port={http_port}",
            "--grpc-address=127.0.0.1", f"--grpc-port={grpc_port}",
            "--metrics-address=127.0.0.1", f"--metrics-port={metrics_port}"]


def stop_process(process: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT) -> int | None:
    """SIGTERM, then SIGKILL; finally kill the whole process group (stubs included)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    return process.returncode


@dataclass
class ServerProcess:
    """A started server: its process, log and ports."""

    process: subprocess.Popen[bytes]
    log: Path
    http_port: int
    grpc_port: int
    metrics_port: int
    command: list[str] = field(default_factory=list)

    @property
    def http_url(self) -> str:
        return f"127.0.0.1:{self.http_port}"

    @property
    def grpc_url(self) -> str:
        return f"127.0.0.1:{self.grpc_port}"

    def output(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def alive(self) -> bool:
        return self.process.poll() is None

    def request(self, method: str, path: str, body: Any = None, timeout: float = 5.0) -> tuple[int, Any]:
        """One HTTP call to the server; returns (status, decoded JSON or None)."""
        data = None if body is None else json.dumps(body).encode()
        if method == "POST" and data is None:
            data = b""
        req = urllib.request.Request(f"http://127.0.0.1:{self.http_port}{path}", data=data, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as reply:
                payload = reply.read()
                status = reply.status
        except urllib.error.HTTPError as exc:
            payload, status = exc.read(), exc.code
        try:
            return status, json.loads(payload) if payload else None
        except ValueError:
            return status, None

    def answers(self, path: str) -> bool:
        try:
            return self.request("GET", path, timeout=1.0)[0] == 200
        except (urllib.error.URLError, OSError):
            return False

    def wait_for(self, path: str = "/v2/health/ready", timeout: float = READY_TIMEOUT, poll: float = 0.05) -> bool:
        """True once ``path`` answers 200; False if the process exits first or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.answers(path):
                return True
            if not self.alive():
                return False
            time.sleep(poll)
        return False

    def stop(self, timeout: float = STOP_TIMEOUT) -> int | None:
        return stop_process(self.process, timeout)


def die_with_parent() -> None:
    """``preexec_fn`` of a server process: on Linux, ask the kernel to send it SIGTERM when the
    process that started it dies, so a test run killed before its teardown (SIGKILL, a timeout)
    leaves no server behind. Elsewhere nothing happens (stop_process still stops it)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start(install: Install, args: Sequence[str], log: Path, *, backends: Path | None = None,
          cwd: Path | None = None) -> ServerProcess:
    """Start ``tritonserver ARGS`` with loopback, free ports and the backend folder appended.

    The appended options come last, so they win over the same options in
    ``args`` (getopt: the last one wins) while every word of ``args`` is parsed.
    """
    http, grpc, metrics = free_ports(3)
    command = [str(install.binary), *args, *loopback_args(http, grpc, metrics)]
    if backends is not None:
        command.append(f"--backend-directory={backends}")
    with log.open("wb") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env=server_env(install), cwd=str(cwd) if cwd else None, start_new_session=True,
                                   preexec_fn=die_with_parent)
    return ServerProcess(process, log, http, grpc, metrics, command)


@contextlib.contextmanager
def running(install: Install, args: Sequence[str], log: Path, **kwargs: Any) -> Iterator[ServerProcess]:
    server = start(install, args, log, **kwargs)
    try:
        yield server
    finally:
        server.stop()
