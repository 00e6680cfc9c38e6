"""``--strict``: load each model repository in a real tritonserver and report the models that fail.

This is the one check that runs a program: the Triton server the user (or the
test extras) installed, never the user's code.  It binds 127.0.0.1 on free
ports, runs in explicit model-control mode with every model loaded, reads
``POST /v2/repository/index``, and is always stopped.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from triton_migrate import tritonserver as ts
from triton_migrate.findings import Finding
from triton_migrate.model_repository import LoadState, missing_standard_backend

RULE = "model_load_failure"
START_TIMEOUT = 300.0


def _finding(path: str, message: str, severity: str = "error") -> Finding:
    return Finding(RULE, path, 1, 0, 1, 0, severity, False, message)  # type: ignore[arg-type]


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path).replace(os.sep, "/")
    except ValueError:
        return str(path)


@dataclass
class StrictOutcome:
    """What one real load of a repository gave: findings for the failures, and every model's state."""

    findings: list[Finding] = field(default_factory=list)
    # model folder (display path, as in the report) -> its state
    states: dict[str, LoadState] = field(default_factory=dict)


_POLL_FAILED = re.compile(r"Poll failed for model directory '([^']+)': (.*?)\"?$", re.M)


def check_repository(repository: str, target: str) -> list[Finding]:
    """Findings for the models of one repository that do not reach READY."""
    return load_repository(repository, target).findings


def load_repository(repository: str, target: str) -> StrictOutcome:
    """Load one repository in a real tritonserver: a finding per model that does not reach READY, and each state."""
    repo = Path(repository)
    if not repo.is_dir():
        return StrictOutcome([_finding(_display(repo), f"--strict: model repository {repository} does not exist")])
    install = ts.find_install()
    if install is None:
        return StrictOutcome([_finding(_display(repo), "--strict needs a tritonserver binary: install nvidia-pytriton "
                                       "(pip install 'triton-migrate[test]') or run inside a Triton container", "warning")])
    with tempfile.TemporaryDirectory(prefix="triton-migrate-strict-") as tmp:
        work = Path(tmp)
        backends = ts.make_backend_dir(install, work / "backends")
        args = [f"--model-repository={repo.resolve()}", "--model-control-mode=explicit", "--load-model=*",
                "--exit-on-error=false", "--strict-readiness=false", "--exit-timeout-secs=5"]
        with ts.running(install, args, work / "server.log", backends=backends) as server:
            if not server.wait_for("/v2/health/live", START_TIMEOUT, poll=0.25):
                tail = "\n".join(server.output().splitlines()[-5:])
                return StrictOutcome([_finding(_display(repo), f"--strict: tritonserver did not start on this repository:\n{tail}")])
            _, meta = server.request("GET", "/v2")
            _, index = server.request("POST", "/v2/repository/index")
            for entry in index or []:
                # Models refused before loading (an unknown platform) have no
                # state in the index: ask the server to load them, and keep its answer.
                if entry.get("state") != "READY" and not entry.get("reason") and entry.get("name"):
                    status, answer = server.request("POST", f"/v2/repository/models/{entry['name']}/load", timeout=60.0)
                    if status != 200:
                        entry["state"] = entry.get("state") or "UNAVAILABLE"
                        entry["reason"] = (answer or {}).get("error") or f"load refused (HTTP {status})"
            log = server.output()
    # "failed to poll from model repository" says nothing; the server's log says why.
    polls = {m.group(1): m.group(2) for m in _POLL_FAILED.finditer(log)}
    for entry in index or []:
        why = polls.get(entry.get("name", ""))
        if why and entry.get("state") != "READY" and why not in (entry.get("reason") or ""):
            entry["reason"] = f"{entry['reason']}: {why}" if entry.get("reason") else why
    version = (meta or {}).get("version", "?")
    outcome = StrictOutcome()
    for entry in index or []:
        name = entry.get("name", "?")
        state = entry.get("state", "UNKNOWN")
        outcome.states[_display(repo / name)] = LoadState(state, entry.get("reason") or "", version)
        if state == "READY":
            continue
        config = repo / name / "config.pbtxt"
        where = _display(config if config.exists() else repo / name)
        reason = entry.get("reason") or "no reason given"
        note = "" if version == target else f" (checked with tritonserver {version}; your target is {target})"
        missing = missing_standard_backend(reason)
        if missing:
            note += (f"; this tritonserver has no `{missing}` backend, which the target's standard -py3 image "
                     "carries, so this load says nothing about the target")
            outcome.findings.append(_finding(where, f"Model `{name}` does not load: {state}: {reason}{note}", "info"))
            continue
        outcome.findings.append(_finding(where, f"Model `{name}` does not load: {state}: {reason}{note}"))
    outcome.findings.sort(key=Finding.sort_key)
    return outcome
