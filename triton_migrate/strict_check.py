"""``--strict``: load each model repository in a real tritonserver and report the models that fail.

This is the one check that runs a program: the Triton server the user (or the
test extras) installed, never the user's code.  It binds 127.0.0.1 on free
ports, runs in explicit model-control mode with every model loaded, reads
``POST /v2/repository/index``, and is always stopped.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from triton_migrate import tritonserver as ts
from triton_migrate.findings import Finding

RULE = "model_load_failure"
START_TIMEOUT = 300.0


def _finding(path: str, message: str, severity: str = "error") -> Finding:
    return Finding(RULE, path, 1, 0, 1, 0, severity, False, message)  # type: ignore[arg-type]


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path).replace(os.sep, "/")
    except ValueError:
        return str(path)


def check_repository(repository: str, target: str) -> list[Finding]:
    """Findings for the models of one repository that do not reach READY."""
    repo = Path(repository)
    if not repo.is_dir():
        return [_finding(_display(repo), f"--strict: model repository {repository} does not exist")]
    install = ts.find_install()
    if install is None:
        return [_finding(_display(repo), "--strict needs a tritonserver binary: install nvidia-pytriton "
                         "(pip install 'triton-migrate[test]') or run inside a Triton container", "warning")]
    with tempfile.TemporaryDirectory(prefix="triton-migrate-strict-") as tmp:
        work = Path(tmp)
        backends = ts.make_backend_dir(install, work / "backends")
        args = [f"--model-repository={repo.resolve()}", "--model-control-mode=explicit", "--load-model=*",
                "--exit-on-error=false", "--strict-readiness=false", "--exit-timeout-secs=5"]
        with ts.running(install, args, work / "server.log", backends=backends) as server:
            if not server.wait_for("/v2/health/live", START_TIMEOUT, poll=0.25):
                tail = "\n".join(server.output().splitlines()[-5:])
                return [_finding(_display(repo), f"--strict: tritonserver did not start on this repository:\n{tail}")]
            _, meta = server.request("GET", "/v2")
            _, index = server.request("POST", "/v2/repository/index")
    version = (meta or {}).get("version", "?")
    findings = []
    for entry in index or []:
        if entry.get("state") == "READY":
            continue
        name = entry.get("name", "?")
        config = repo / name / "config.pbtxt"
        where = _display(config if config.exists() else repo / name)
        reason = entry.get("reason") or "no reason given"
        note = "" if version == target else f" (checked with tritonserver {version}; your target is {target})"
        findings.append(_finding(where, f"Model `{name}` does not load: {entry.get('state', 'UNKNOWN')}: {reason}{note}"))
    return sorted(findings, key=Finding.sort_key)
