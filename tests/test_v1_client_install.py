"""The v1_client_install rule: what it writes is a requirement pip reads, as the shell passes it."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from packaging.requirements import Requirement

from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.versions import Version


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("target", ["2.51", "2.3", "2.72"])
def test_rewritten_install_is_a_pinned_requirement(target: str) -> None:
    text = 'pip install --upgrade tensorrtserver==1.11.0 "tritonhttpclient"\n'
    result = migrate_text(text, "install.sh", Settings(target_version=Version(target), select=frozenset({"v1_client_install"})))
    assert result.new is not None
    # What bash hands to pip, word by word.
    words = subprocess.run(["bash", "-c", "printf '%s\\n' " + result.new.split("install ", 1)[1]],
                           capture_output=True, text=True, check=True).stdout.split()
    assert words[0] == "--upgrade"
    requirements = [Requirement(w) for w in words[1:]]
    assert [(r.name, sorted(r.extras)) for r in requirements] == [("tritonclient", ["all"]), ("tritonclient", ["http"])]
    major, minor = target.split(".")
    for requirement in requirements:
        assert requirement.specifier.contains(f"{major}.{minor}.0")
        assert not requirement.specifier.contains(f"{major}.{int(minor) + 1}.0")
        assert not requirement.specifier.contains("1.11.0")


def test_wheel_files_and_client_image_are_reported_not_edited() -> None:
    text = ("docker build -t tensorrtserver_client -f Dockerfile.client .\n"
            "pip install /workspace/install/python/tensorrtserver-1.11.0-py3-none-linux_x86_64.whl\n")
    result = migrate_text(text, "build.sh", Settings(target_version=Version("2.51")))
    assert result.new is None or result.new == text
    manual = [(f.line, f.replacement) for f in result.findings if f.rule == "v1_client_install"]
    assert manual == [(1, "nvcr.io/nvidia/tritonserver:24.10-py3-sdk"), (2, "tritonclient[all]~=2.51.0")]
