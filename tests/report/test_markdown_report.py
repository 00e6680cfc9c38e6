"""The PR review path: the Markdown report reads as a PR comment, and docs/triton-migrate-pr.yml runs.

The workflow's YAML is parsed, and each of its steps that calls triton-migrate
is run with bash, as written (``${{ ... }}`` expressions replaced by sample
values), on a copy of the bundled V1 sample project.  Steps that need GitHub
(pip from GitHub, ``gh``, the SARIF upload action) are checked for what they
refer to, not run.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import EXAMPLE, ROOT
from ruamel.yaml import YAML

WORKFLOW = ROOT / "docs" / "triton-migrate-pr.yml"
BASE = "https://github.com/acme/models/blob/0123abcd"
EXPRESSIONS = {
    "github.server_url": "https://github.com",
    "github.repository": "acme/models",
    "github.event.pull_request.head.sha": "0123abcd",
    "github.event.pull_request.number": "7",
    "github.token": "none",
}


def workflow() -> dict:
    return YAML(typ="safe").load(WORKFLOW.read_text())


def substitute(script: str) -> str:
    def value(match: re.Match) -> str:
        return EXPRESSIONS[match.group(1).strip()]
    return re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", value, script)


def test_workflow_shape() -> None:
    data = workflow()
    assert "pull_request" in data[True] if True in data else "pull_request" in data["on"]
    assert data["permissions"]["pull-requests"] == "write" and data["permissions"]["security-events"] == "write"
    steps = data["jobs"]["triton-migrate"]["steps"]
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    assert any(f"--report {upload['with']['sarif_file']}" in s.get("run", "") for s in steps)
    comment = next(s for s in steps if "gh pr comment" in s.get("run", ""))
    assert "--body-file triton-migrate.md" in comment["run"]
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    from triton_migrate import __version__
    assert f"@v{__version__}" in install["run"]


def test_workflow_steps_run_as_written(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "triton-migrate").exists():
        pytest.skip("the triton-migrate console script is not installed next to this Python")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    env.pop("PRE_COMMIT", None)
    codes = {}
    for step in workflow()["jobs"]["triton-migrate"]["steps"]:
        script = step.get("run", "")
        if "triton-migrate ." not in script and "GITHUB_STEP_SUMMARY" not in script:
            continue
        proc = subprocess.run(["bash", "-e", "-c", substitute(script)], cwd=project, env=env,
                              capture_output=True, text=True, timeout=600)
        codes[step["name"]] = proc.returncode
        assert "Usage:" not in proc.stderr and "No such option" not in proc.stderr, proc.stderr
    assert codes["Dry run (Markdown report and SARIF)"] == 0
    assert codes["Gate (exit 1 while work remains)"] == 1  # the sample project still needs work
    comment = (project / "triton-migrate.md").read_text()
    assert comment.startswith("## triton-migrate report")
    assert f"]({BASE}/client/grpc_raw_client.py#L" in comment
    assert (tmp_path / "summary.md").read_text() == comment
    sarif = json.loads((project / "triton-migrate.sarif").read_text())
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]


def test_markdown_reads_as_a_pr_comment(tmp_path: Path) -> None:
    from triton_migrate.engine import migrate_text
    from triton_migrate.report import Report
    from triton_migrate.report.render import render
    from triton_migrate.settings import Settings

    source = (EXAMPLE / "client" / "grpc_raw_client.py").read_text()
    result = migrate_text(source, "client/grpc_raw_client.py", Settings())
    text = render(Report([result], mode="diff", target_version="2.72.0"), "markdown", link_base=BASE)
    lines = text.splitlines()
    # A summary table per rule, before the items.
    table = lines.index("| Rule | Need a person | Rewritten, to review | Rewritten | What it is |")
    items = lines.index("### Needs attention")
    assert table < items
    assert any(line.startswith("| [`grpc_raw_protocol`](") for line in lines[table:items])
    # Each manual item: a checkbox, a link to the file and line, what to do, then the V2 replacement.
    entries = [i for i, line in enumerate(lines) if line.startswith("- [ ] ")]
    assert entries
    for i in entries:
        assert f"]({BASE}/client/grpc_raw_client.py#L" in lines[i]
        assert "[`grpc_raw_protocol`](https://" in lines[i]
    assert any(lines[i + 1].startswith("  - V2: `") for i in entries)
