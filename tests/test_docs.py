"""Docs cannot drift from the code: rule pages are generated, options and rules are documented."""
from __future__ import annotations

import re
import subprocess
import sys

from click.testing import CliRunner
from helpers import ROOT

from triton_migrate.cli import main
from triton_migrate.rules import all_rules


def test_rule_pages_are_current() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_rule_docs.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, "run `python scripts/gen_rule_docs.py`:\n" + proc.stdout


def test_every_rule_documents_what_and_why() -> None:
    for rule in all_rules():
        assert rule.summary, rule.id
        if rule.module_name.startswith("triton_migrate.codemods."):
            assert "## What it does" in rule.doc and "## Why" in rule.doc, f"{rule.id}: docstring sections missing"


def test_every_option_is_in_usage_doc() -> None:
    usage = (ROOT / "docs" / "usage.md").read_text()
    help_text = CliRunner().invoke(main, ["migrate", "--help"]).output
    options = set(re.findall(r"(--[a-z][a-z-]+)", help_text)) - {"--help", "--no-diff", "--no-color"}
    missing = sorted(o for o in options if o not in usage)
    assert not missing, f"options missing from docs/usage.md: {missing}"


def test_readme_links_resolve() -> None:
    readme = (ROOT / "README.md").read_text()
    for target in re.findall(r"\]\((docs/[^)]+)\)", readme):
        assert (ROOT / target).is_file(), target


def test_readme_quick_start_matches_ci() -> None:
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"```sh\n(python3 -m venv[^\n]+)\n```", readme)
    assert len(commands) == 2, commands
    ci = (ROOT / ".ci" / "run").read_text()
    assert commands[1] in ci
    assert "examples/v1-project" in commands[0]
