"""The real tritonserver (2.51, from nvidia-pytriton) runs the command lines the carriers write.

Every server command line found in the migrated fixtures of ``fixtures/server_flags/``
and in the migrated example project (shell, Dockerfile, YAML, Compose, Helm,
notebook and Python files), migrated for 2.51, is collected through the
carriers themselves, made local (repository paths, loopback, free ports) and
started until ``/v2/health/ready`` answers 200 — with no "unrecognized option".
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from _tritonserver import make_backend_dir, running, server_binary, write_python_model
from fixture_cases import ROOT, discover_cases

from triton_migrate.argv import Command
from triton_migrate.carriers import carrier_for
from triton_migrate.context import FileContext
from triton_migrate.engine import migrate_text
from triton_migrate.flags import is_server_program, looks_dynamic
from triton_migrate.settings import Settings
from triton_migrate.versions import Version

pytestmark = pytest.mark.realserver
if server_binary() is None:
    pytest.skip("nvidia-pytriton (the tritonserver binary) is not installed", allow_module_level=True)

TARGET = Version("2.51.0")
REFUSED = ("unrecognized option", "Bad option", "invalid value", "invalid argument")
EXAMPLE = ROOT / "examples" / "v1-project"


def _collector(found: list[list[str]]) -> Any:
    def rewrite_command(command: Command, ctx: FileContext) -> list:
        if is_server_program(command.program_word.value):
            found.append([w.value if w.static else "$" + w.value for w in command.words[command.program:]])
        return []

    def transform(wrapper: Any, ctx: FileContext) -> Any:
        from triton_migrate.pycommands import rewrite_commands

        return rewrite_commands(wrapper, ctx, rewrite_command)

    impl = SimpleNamespace(rewrite_command=rewrite_command, transform=transform)
    return SimpleNamespace(id="collect", impl=impl, needles=(b"tritonserver",), may_apply=lambda text: True)


def server_commands(text: str, path: str) -> list[list[str]]:
    """The server command lines in ``text`` as the carrier for ``path`` sees them."""
    carrier = carrier_for(path, text[:256].encode())
    assert carrier is not None, path
    found: list[list[str]] = []
    carrier.migrate(text, FileContext(path, text, Settings(target_version=TARGET)), [_collector(found)])
    return found


def _sources() -> list[tuple[str, str]]:
    sources = [(str(c.input), c.logical) for c in discover_cases() if c.rule == "server_flags"]
    for name in ("deploy/launch_server.sh", "Dockerfile.server", "deploy/k8s/deployment.yaml",
                 "docker-compose.yml", "notebooks/explore.ipynb"):
        if (EXAMPLE / name).is_file():
            sources.append((str(EXAMPLE / name), name))
    return sources


def _migrated_commands() -> dict[tuple[str, ...], str]:
    commands: dict[tuple[str, ...], str] = {}
    for file, logical in _sources():
        text = Path(file).read_text(encoding="utf-8")
        result = migrate_text(text, logical, Settings(target_version=TARGET))
        assert result.status in ("changed", "unchanged", "skipped"), result.reason
        if result.status == "skipped":
            continue
        new = result.new if result.new is not None else text
        for argv in server_commands(new, logical):
            commands.setdefault(tuple(argv[1:]), f"{Path(file).name}")
    return commands


COMMANDS = _migrated_commands()


def localise(words: tuple[str, ...], repo: Path, models: Path) -> list[str]:
    """Repository paths made real; words the shell would expand are dropped."""
    out: list[str] = []
    skip = False
    for i, word in enumerate(words):
        if skip:
            skip = False
            continue
        name = word.split("=", 1)[0]
        if name in ("--model-repository", "--model-store"):
            out.append(f"{name}={repo}")
            skip = "=" not in word
            continue
        if word.startswith("$") or looks_dynamic(word) or word == "--help":
            continue
        if name == "--load-model":
            out.append("--load-model=simple")
            skip = "=" not in word
            continue
        out.append(word)
    if any(w.startswith("--load-model") for w in out):
        out = [re.sub(r"^(--model-(?:repository|store))=.*", rf"\1={models}", w) for w in out]
    if not any(w.startswith(("--model-repository", "--model-store")) for w in out):
        out.append(f"--model-repository={repo}")
    return out


def test_commands_were_found() -> None:
    # One per carrier at least: shell, Dockerfile, YAML (k8s, compose, helm), notebook, Python.
    assert len(COMMANDS) >= 10, COMMANDS


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    root = tmp_path_factory.mktemp("deploy-realserver")
    (root / "empty").mkdir()
    write_python_model(root / "models")
    return SimpleNamespace(root=root, backends=make_backend_dir(root / "backends"),
                           empty=root / "empty", models=root / "models")


@pytest.mark.parametrize("words", sorted(COMMANDS), ids=[COMMANDS[k] + ":" + " ".join(k)[:60] for k in sorted(COMMANDS)])
def test_real_server_runs_migrated_command(words: tuple[str, ...], place: SimpleNamespace, tmp_path: Path) -> None:
    args = localise(words, place.empty, place.models)
    with running(args, place.backends, tmp_path / "server.log") as server:
        ready = server.wait_ready()
        output = server.output()
    assert not any(marker in output for marker in REFUSED), output[-2000:]
    assert ready, f"not ready with {args}:\n{output[-2000:]}"
    shutil.rmtree(tmp_path, ignore_errors=True)
