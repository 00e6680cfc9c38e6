"""The shell, Dockerfile and Makefile carriers over the real V1 corpus (``../shared/corpus/v1``).

For every shell script and Dockerfile of the corpus (skipped when the corpus is
absent): a script that ``bash -n`` accepts is read without a grammar error; the
migrated script still passes ``bash -n``; a second run changes nothing and
rewrites nothing; and every line that still holds V1 usage (found by a regex
independent of the tool) is named by a finding.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from triton_migrate.carriers import carrier_for
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.shellwords import parse_shell
from triton_migrate.versions import Version

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "v1"
SETTINGS = Settings(target_version=Version("2.51"))
V1 = re.compile(
    r"\btensorrtserver\b|(?<![\w/.-])trtserver(?![\w-])|/api/(?:health|infer|status|modelcontrol|sharedmemorycontrol)\b"
    r"|--(?:api-version|http-health-port|allow-poll-model-repository|allow-model-control|tf-add-vgpu"
    r"|tf-gpu-memory-fraction|tf-allow-soft-placement|grpc-infer-thread-count|grpc-stream-infer-thread-count)\b")


def _files(kind: str) -> list[Path]:
    if not CORPUS.is_dir():
        return []
    found = []
    for path in sorted(CORPUS.rglob("*")):
        if not path.is_file():
            continue
        carrier = carrier_for(path.name, path.read_bytes()[:256])
        if carrier is not None and carrier.name == kind:
            found.append(path)
    return found


def bash_accepts(text: str) -> bool:
    return subprocess.run(["bash", "-n"], input=text, text=True, capture_output=True).returncode == 0


def v1_lines(text: str) -> set[int]:
    return {i for i, line in enumerate(text.splitlines(), 1) if V1.search(line) and not line.lstrip().startswith("#")}


def check(path: Path) -> tuple[str, str, list]:
    text = path.read_text(encoding="utf-8")
    name = path.relative_to(CORPUS).as_posix()
    result = migrate_text(text, name, SETTINGS)
    assert result.status in ("changed", "unchanged"), (name, result.reason)
    new = result.new if result.new is not None else text
    again = migrate_text(new, name, SETTINGS)
    assert (again.new if again.new is not None else new) == new, f"{name}: a second run changed the output"
    assert not any(f.applied for f in again.findings), f"{name}: a second run still rewrote something"
    named = {line for f in again.findings for line in range(f.line, max(f.end_line, f.line) + 1)}
    silent = sorted(v1_lines(new) - named)
    assert not silent, f"{name}: V1 usage on lines {silent} that no finding names"
    return text, new, result.findings


pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("path", _files("shell"), ids=lambda p: p.relative_to(CORPUS).as_posix())
def test_corpus_shell_script(path: Path) -> None:
    text, new, _ = check(path)
    if bash_accepts(text):
        assert parse_shell(text).errors == [], "bash -n accepts this script; the grammar must too"
        assert bash_accepts(new), "the migrated script no longer passes bash -n"
        # The same commands run, in the same order, only renamed (no word became a command).
        assert programs(new) == [RENAMED.get(p, p) for p in programs(text)]


RENAMED = {"trtserver": "tritonserver", "perf_client": "perf_analyzer"}


def programs(text: str) -> list[str]:
    return [c.program_word.value.rsplit("/", 1)[-1] for c in parse_shell(text).commands if c.via is None]


@pytest.mark.parametrize("path", _files("dockerfile"), ids=lambda p: p.relative_to(CORPUS).as_posix())
def test_corpus_dockerfile(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    result = migrate_text(text, path.name, SETTINGS)
    if result.status == "skipped":
        # A Dockerfile docker itself rejects (a lost continuation): one finding names it, and
        # one more names each of its lines that holds V1 usage.
        assert {f.rule for f in result.findings} == {"unparsable_file"}
        named = {f.line for f in result.findings if f.v1}
        v1_lines = {n for n, line in enumerate(text.splitlines(), 1) if "tensorrtserver" in line or "trtserver" in line}
        assert v1_lines and v1_lines <= named
        return
    check(path)
