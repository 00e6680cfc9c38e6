"""Run a real Triton Inference Server (V2) for the tests, CPU only.

The ``nvidia-pytriton`` wheel carries a complete ``tritonserver`` binary and the
Python backend (see docs in /work/shared/guide/real-server.md). This module:

* locates the binary inside the installed ``pytriton`` package,
* builds a private backend directory (never writes into site-packages),
* copies the model repository ``fixtures/models/`` to a temporary directory,
* starts the server on 127.0.0.1 only, on free HTTP/gRPC/metrics ports, in
  ``--model-control-mode=explicit`` with every model loaded at start-up,
* waits for ``GET /v2/health/ready`` to answer 200,
* and always stops it (SIGTERM, then SIGKILL of its process group).

Use it as the session-scoped pytest fixture ``triton_server``::

    def test_something(triton_server):
        client = tritonclient.http.InferenceServerClient(triton_server.http_url)

or directly, outside pytest::

    with running_server(workdir) as server:
        print(server.http_url)

The fixture skips the test (``pytest.skip``) only when ``pytriton`` is not
installed; any other problem (missing stub, model failing to load, timeout)
is an error that carries the tail of the server log.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Sequence

import pytest

from triton_migrate import tritonserver as ts

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURE_MODELS = REPO_ROOT / "fixtures" / "models"

#: Models in fixtures/models (all are loaded at start-up).
FIXTURE_MODEL_NAMES = (
    "classifier",
    "simple",
    "simple_identity",
    "simple_nobatch",
    "simple_sequence",
    "simple_string",
)

DEFAULT_START_TIMEOUT = float(os.environ.get("TRITON_TEST_START_TIMEOUT", "180"))
DEFAULT_STOP_TIMEOUT = 30.0


class TritonNotAvailable(RuntimeError):
    """pytriton (and therefore the tritonserver binary) is not installed."""


class TritonStartError(RuntimeError):
    """The server did not become ready; the message carries its log."""


# --------------------------------------------------------------------------
# Locating the pieces inside the pytriton wheel
# --------------------------------------------------------------------------


TritonInstall = ts.Install


def find_triton_install() -> TritonInstall:
    """Locate tritonserver, the Python backend and the stub for this Python."""
    install = ts.pytriton_install()
    if install is None:
        raise TritonNotAvailable(
            "nvidia-pytriton is not installed (pip install nvidia-pytriton==0.7.0); "
            "it provides the tritonserver binary used by the real-server tests"
        )
    if install.python_backend is None or install.stub is None:
        raise FileNotFoundError(
            "the Python backend or its stub for Python %d.%d is missing next to %s"
            % (sys.version_info[0], sys.version_info[1], install.binary)
        )
    return install


def build_backend_dir(install: TritonInstall, dest: Path) -> Path:
    """Create ``dest/python`` = backends/python/* + the stub for this Python."""
    ts.make_backend_dir(install, dest)
    return dest


def copy_model_repository(dest: Path, source: Path = FIXTURE_MODELS) -> Path:
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dest


free_ports = ts.free_ports
server_env = ts.server_env


# --------------------------------------------------------------------------
# The running server
# --------------------------------------------------------------------------


@dataclasses.dataclass
class TritonServer:
    """A running tritonserver. ``http_url``/``grpc_url`` are "127.0.0.1:PORT"."""

    http_url: str
    grpc_url: str
    metrics_url: str
    log: Path
    model_repository: Path
    process: subprocess.Popen
    command: List[str]

    @property
    def http_port(self) -> int:
        return int(self.http_url.rsplit(":", 1)[1])

    @property
    def grpc_port(self) -> int:
        return int(self.grpc_url.rsplit(":", 1)[1])

    def url(self, protocol: str) -> str:
        """``url("http")`` / ``url("grpc")``."""
        return {"http": self.http_url, "grpc": self.grpc_url}[protocol.lower()]

    def log_tail(self, lines: int = 80) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return "<no log>"
        return "\n".join(text.splitlines()[-lines:])

    # -- small HTTP helpers (no tritonclient needed) ----------------------

    def _request(self, method: str, path: str, timeout: float = 5.0) -> int:
        req = urllib.request.Request(
            "http://%s%s" % (self.http_url, path),
            method=method,
            data=b"" if method == "POST" else None,
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def is_ready(self) -> bool:
        try:
            return self._request("GET", "/v2/health/ready", timeout=2.0) == 200
        except (urllib.error.URLError, OSError):
            return False

    def is_model_ready(self, model: str) -> bool:
        try:
            return self._request("GET", "/v2/models/%s/ready" % model) == 200
        except (urllib.error.URLError, OSError):
            return False

    def load_model(self, model: str, timeout: float = 120.0) -> None:
        status = self._request("POST", "/v2/repository/models/%s/load" % model, timeout=timeout)
        if status != 200:
            raise RuntimeError(
                "loading %s failed (HTTP %d)\n%s" % (model, status, self.log_tail())
            )

    def ensure_models_loaded(self, models: Iterable[str] = FIXTURE_MODEL_NAMES) -> None:
        """(Re)load any of ``models`` that is not ready, e.g. after a test unloaded it."""
        for model in models:
            if not self.is_model_ready(model):
                self.load_model(model)

    def release_shared_memory(self) -> None:
        """Unregister every system and CUDA shared-memory region, so that what one program left registered
        (it failed half-way) does not change the region counts the next one prints."""
        for kind in ("systemsharedmemory", "cudasharedmemory"):
            try:
                self._request("POST", "/v2/%s/unregister" % kind)
            except (urllib.error.URLError, OSError):
                pass

    def stop(self, timeout: float = DEFAULT_STOP_TIMEOUT) -> Optional[int]:
        """SIGTERM, then SIGKILL (of the whole process group) after ``timeout``."""
        return stop_process(self.process, timeout)


def stop_process(proc: subprocess.Popen, timeout: float = DEFAULT_STOP_TIMEOUT) -> Optional[int]:
    """Stop a server started by :func:`start_server` (own process group, stubs included)."""
    return ts.stop_process(proc, timeout)


def start_server(
    workdir: Path,
    model_source: Path = FIXTURE_MODELS,
    extra_args: Sequence[str] = (),
    timeout: float = DEFAULT_START_TIMEOUT,
    install: Optional[TritonInstall] = None,
) -> TritonServer:
    """Start tritonserver under ``workdir`` and wait until it is ready.

    Raises :class:`TritonNotAvailable` when pytriton is missing and
    :class:`TritonStartError` (with the log tail) when the server exits or is
    not ready in ``timeout`` seconds; in that case the process is stopped.
    """
    install = install or find_triton_install()
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    backends = build_backend_dir(install, workdir / "backends")
    repo = copy_model_repository(workdir / "models", model_source)
    env = server_env(install)

    last_error: Optional[Exception] = None
    for attempt in range(3):  # a free port may be taken between probe and bind
        http_port, grpc_port, metrics_port = free_ports(3)
        log = workdir / ("tritonserver.log" if attempt == 0 else "tritonserver.%d.log" % attempt)
        cmd = [
            str(install.binary),
            "--model-repository=%s" % repo,
            "--backend-directory=%s" % backends,
            "--model-control-mode=explicit",
            "--load-model=*",
            *ts.loopback_args(http_port, grpc_port, metrics_port),
            "--allow-gpu-metrics=false",
            "--exit-timeout-secs=5",
            *extra_args,
        ]
        with open(log, "wb") as log_fh:
            proc = subprocess.Popen(
                cmd,
                stdout=log_fh,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                cwd=str(workdir),
                start_new_session=True,  # own process group, see stop_process
                preexec_fn=ts.die_with_parent,  # stopped even when pytest is killed before teardown
            )
        server = TritonServer(
            http_url="127.0.0.1:%d" % http_port,
            grpc_url="127.0.0.1:%d" % grpc_port,
            metrics_url="127.0.0.1:%d" % metrics_port,
            log=log,
            model_repository=repo,
            process=proc,
            command=cmd,
        )
        try:
            _wait_ready(server, timeout)
            return server
        except TritonStartError as exc:
            stop_process(proc)
            last_error = exc
            log_text = log.read_text(errors="replace")
            if "address already in use" not in log_text.lower():
                raise
    assert last_error is not None
    raise last_error


def _wait_ready(server: TritonServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise TritonStartError(
                "tritonserver exited with code %s before becoming ready.\n"
                "command: %s\nlog (%s):\n%s"
                % (server.process.returncode, " ".join(server.command), server.log,
                   server.log_tail())
            )
        if server.is_ready():
            return
        time.sleep(0.25)
    raise TritonStartError(
        "tritonserver was not ready after %.0f s (GET /v2/health/ready).\n"
        "command: %s\nlog (%s):\n%s"
        % (timeout, " ".join(server.command), server.log, server.log_tail())
    )


@contextlib.contextmanager
def running_server(workdir: Path, **kwargs) -> Iterator[TritonServer]:
    """Context manager: start, yield, always stop."""
    server = start_server(workdir, **kwargs)
    try:
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------
# pytest fixture
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def triton_server(tmp_path_factory) -> Iterator[TritonServer]:
    """A real tritonserver with fixtures/models loaded (explicit model control).

    Yields a :class:`TritonServer` (``http_url``, ``grpc_url``, ``log``, ...).
    Tests that unload a model should call ``triton_server.ensure_models_loaded()``
    afterwards (a finalizer of the test), so later tests find every model.
    """
    try:
        install = find_triton_install()
    except TritonNotAvailable as exc:
        pytest.skip(str(exc))
    workdir = tmp_path_factory.mktemp("tritonserver")
    with running_server(workdir, install=install) as server:
        yield server


if __name__ == "__main__":  # manual use: python tests/realserver.py
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tritonserver-") as tmp:
        with running_server(Path(tmp)) as srv:
            print("http:", srv.http_url, "grpc:", srv.grpc_url, "log:", srv.log, flush=True)
            try:
                while srv.process.poll() is None:
                    time.sleep(1)
            except KeyboardInterrupt:
                pass
