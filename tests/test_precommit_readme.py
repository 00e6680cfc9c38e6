"""The README's pre-commit snippet, as written, with the real pre-commit.

The repository (its working tree, as git would see it) is copied to a temporary
folder and committed there with the tag the README names (``rev: v<version>``); a
user repository gets the README's YAML block byte for byte, with only the repo
URL replaced by that local path.  ``pre-commit run`` then installs the hook from
the tag and runs it.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

from triton_migrate import __version__

pytestmark = pytest.mark.slow

URL = "https://github.com/triton-migrate/triton-migrate"
V1_FILE = "import tritonhttpclient\n"
V2_FILE = "import tritonclient.http as tritonhttpclient\n"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e"}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout


def readme_snippet() -> str:
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
    [snippet] = [b for b in blocks if "rev:" in b]
    return snippet


def test_readme_names_the_current_release() -> None:
    snippet = readme_snippet()
    assert f"rev: v{__version__}" in snippet
    assert URL in snippet
    assert f"rev: v{__version__}" in (ROOT / "docs" / "usage.md").read_text()
    assert "v0.1.0" not in (ROOT / "README.md").read_text() + (ROOT / "docs" / "usage.md").read_text()


def test_readme_snippet_runs_with_real_pre_commit(tmp_path: Path) -> None:
    exe = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    if exe is None:
        pytest.skip("pre-commit is not installed")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    # The tool's repository at the tag the README names.
    tool = tmp_path / "tool"
    files = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (tool / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, tool / name)
    git(tool, "init", "-q")
    git(tool, "add", "-A")
    git(tool, "commit", "-qm", "release")
    git(tool, "tag", f"v{__version__}")

    user = tmp_path / "user"
    user.mkdir()
    git(user, "init", "-q")
    (user / ".pre-commit-config.yaml").write_text(readme_snippet().replace(URL, str(tool)))
    (user / "client.py").write_text(V1_FILE)
    git(user, "add", ".")
    git(user, "commit", "-qm", "v1")

    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "home"), "PRE_COMMIT_COLOR": "never"}
    env.pop("PRE_COMMIT", None)
    first = subprocess.run([exe, "run", "--all-files"], cwd=user, capture_output=True, text=True, env=env, timeout=900)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "triton-migrate" in first.stdout and "Failed" in first.stdout
    assert (user / "client.py").read_text() == V2_FILE
    git(user, "add", ".")
    second = subprocess.run([exe, "run", "--all-files"], cwd=user, capture_output=True, text=True, env=env, timeout=900)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
