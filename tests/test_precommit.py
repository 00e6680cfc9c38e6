"""The real pre-commit runs our hooks (try-repo) on a temporary git repository holding a V1 file."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

pytestmark = pytest.mark.slow

V1_FILE = "import tritonhttpclient\nfrom tritonclientutils import InferenceServerException\n"
V2_FILE = "import tritonclient.http as tritonhttpclient\nfrom tritonclient.utils import InferenceServerException\n"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e"})


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    if exe is None:
        pytest.skip("pre-commit is not installed")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("PRE_COMMIT", None)
    return subprocess.run([exe, "try-repo", str(ROOT), hook, "--all-files", "--verbose"],
                          cwd=repo, capture_output=True, text=True, env=env, timeout=900)


@pytest.fixture()
def user_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "user"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "client.py").write_text(V1_FILE)
    (repo / "notes.md").write_text("tritonhttpclient is mentioned in prose\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "v1")
    return repo


def test_fixing_hook_fails_and_fixes(user_repo: Path, pre_commit_home: Path) -> None:
    first = try_repo(user_repo, "triton-migrate", pre_commit_home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout or "Failed" in first.stdout
    assert (user_repo / "client.py").read_text() == V2_FILE
    assert (user_repo / "notes.md").read_text() == "tritonhttpclient is mentioned in prose\n"
    git(user_repo, "add", ".")
    second = try_repo(user_repo, "triton-migrate", pre_commit_home)
    assert second.returncode == 0, second.stdout + second.stderr


def test_check_hook_fails_without_writing(user_repo: Path, pre_commit_home: Path) -> None:
    proc = try_repo(user_repo, "triton-migrate-check", pre_commit_home)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "would change: client.py" in proc.stdout
    assert (user_repo / "client.py").read_text() == V1_FILE
