"""The real tritonserver (2.51, from nvidia-pytriton) takes what the translator writes.

Every command line the table of tests/test_flags.py translates for 2.51 is parsed
by the binary (no "unrecognized option", no "Bad option") and started until
``/v2/health/ready`` answers 200; the original V1 command lines with removed flags
are refused by the same binary, so the test proves something.  The flag tables
are checked against the binary's own ``--help``, and one behaviour (V1 polled the
model repository by default) is checked end to end.
"""
from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from _tritonserver import make_backend_dir, run_to_exit, running, server_binary, write_python_model
from test_flags import TABLE, _spaced

from triton_migrate.data import server_flags as facts
from triton_migrate.flags import translate_argv
from triton_migrate.versions import Version

pytestmark = pytest.mark.realserver
if server_binary() is None:
    pytest.skip("nvidia-pytriton (the tritonserver binary) is not installed",
                allow_module_level=True)

TARGET = Version("2.51.0")          # the server version inside nvidia-pytriton 0.7.0
REFUSED = ("unrecognized option", "Bad option", "invalid value", "invalid argument")


@dataclass(frozen=True)
class Place:
    """Where the table's placeholder paths point on this machine."""

    backends: Path
    empty: Path        # an empty model repository
    models: Path       # one Python-backend model, "simple", with a complete config
    tmp: Path

    def localise(self, words: list[str]) -> list[str]:
        """The table's paths made real; a repository is added when there is none."""
        models = self.models if any(w.startswith("--load-model") for w in words) else self.empty
        out = []
        for word in words:
            word = word.replace("/tmp/trace.json", str(self.tmp / "trace.json"))
            word = re.sub(r"(^|=)/models$", lambda m: m.group(1) + str(models), word)
            word = re.sub(r"(^|=)/more$", lambda m: m.group(1) + str(self.tmp / "more"), word)
            out.append(word)
        if not any(w.startswith(("--model-repository", "--model-store")) for w in out):
            out.append(f"--model-repository={models}")
        return out


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Place:
    root = tmp_path_factory.mktemp("flags-realserver")
    (root / "empty").mkdir()
    (root / "more").mkdir()
    write_python_model(root / "models")
    return Place(make_backend_dir(root / "backends"), root / "empty", root / "models", root)


def _translated(spaced: bool) -> dict[tuple[str, ...], str]:
    """Each distinct translated command line (arguments only) -> a case id.

    Rows whose translation still carries an error (an invalid V1 value kept on
    purpose) are left out: those command lines need a person first.
    """
    commands: dict[tuple[str, ...], str] = {}
    for case in TABLE:
        words = case.v1.split()
        result = translate_argv(["trtserver", *(_spaced(words) if spaced else words)], TARGET)
        if any(note.severity == "error" for note in result.notes):
            continue
        commands.setdefault(result.argv[1:], case.v1)
    return commands


def _refusal(output: str) -> str | None:
    for line in output.splitlines():
        if any(marker in line for marker in REFUSED):
            return line
    return None


def test_every_translated_command_line_parses(place: Place) -> None:
    # --help comes last: getopt reads every earlier option, values included,
    # and the binary stops at --help instead of starting.
    failures = []
    commands = {**_translated(False), **_translated(True)}
    for args, source in commands.items():
        code, output = run_to_exit([*place.localise(list(args)), "--help"])
        problem = _refusal(output) or (None if code is not None else "did not exit")
        if problem:
            failures.append(f"trtserver {source} -> {' '.join(args)}: {problem}")
    assert not failures, "\n".join(failures)
    assert len(commands) > 60


def test_every_translated_command_line_starts(place: Place) -> None:
    failures = []
    commands = _translated(False)
    # All the two-word (--flag value) spellings in one more server: each word is
    # still parsed, and one start is enough for them.
    # (Those that load a model or print the usage get their own server above.)
    spaced = [word for args in _translated(True)
              if any(not w.startswith("-") for w in args)
              and not any(w in ("--help", "--load-model") or "explicit" in w for w in args)
              for word in args]
    commands[tuple(spaced)] = "(every --flag value form)"
    started = 0
    for args, source in commands.items():
        words = place.localise(list(args))
        with running(words, place.backends, place.tmp / "server.log") as server:
            if "--help" in words:
                ok = server.process.wait(30) is not None and "Usage:" in server.output()
            else:
                ok = server.wait_ready()
                if ok and "--load-model=simple" in words:
                    ok = _status(f"{server.http_url}/v2/models/simple/ready") == 200
            output = server.output()
        problem = _refusal(output)
        if problem or not ok:
            tail = "\n    ".join(output.splitlines()[-5:])
            failures.append(f"trtserver {source} -> {' '.join(words)}: {problem or tail}")
        started += 1
    assert not failures, "\n".join(failures)
    assert started > 30


def test_v1_command_lines_with_removed_flags_are_refused(place: Place) -> None:
    removed = {name for name, flag in facts.V1_FLAGS.items()
               if flag.removed_in and Version(flag.removed_in) <= TARGET
               and not (flag.readded_in and Version(flag.readded_in) <= TARGET)}
    checked = set()
    for case in TABLE:
        words = case.v1.split()
        names = {w[2:].split("=")[0] for w in words}
        if not names & removed:
            continue
        code, output = run_to_exit(place.localise(words))
        assert code not in (0, None), case.v1
        assert "unrecognized option" in output, (case.v1, output[-500:])
        checked |= names & removed
    assert checked == removed


def test_flag_tables_match_the_binary_help() -> None:
    code, output = run_to_exit(["--help"])
    assert "Usage: tritonserver" in output
    offered = set(re.findall(r"^\s+--([a-z0-9-]+)", output, re.MULTILINE))
    for name, flag in facts.V1_FLAGS.items():
        gone = flag.removed_in and Version(flag.removed_in) <= TARGET
        assert (name not in offered) == bool(gone), name
    for name, flag in facts.V2_ONLY_FLAGS.items():
        assert (name in offered) == (Version(flag.since) <= TARGET), name
    known = set(facts.V1_FLAGS) | set(facts.V2_ONLY_FLAGS)
    assert offered <= known, sorted(offered - known)


def _status(url: str, data: bytes | None = None) -> int:
    try:
        with urllib.request.urlopen(url, data=data, timeout=2) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError):
        return 0


def test_translated_command_keeps_v1_polling(place: Place, tmp_path: Path) -> None:
    # V1 picked up new models by polling, with no flag at all; so must the translation.
    repository = tmp_path / "repository"
    repository.mkdir()
    result = translate_argv(["trtserver", f"--model-store={repository}",
                             "--repository-poll-secs=1"], TARGET)
    assert "--model-control-mode=poll" in result.argv
    with running(list(result.argv[1:]), place.backends, tmp_path / "server.log") as server:
        assert server.wait_ready(), server.output()[-2000:]
        write_python_model(repository, "late")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and \
                _status(f"{server.http_url}/v2/models/late/ready") != 200:
            time.sleep(0.2)
        assert _status(f"{server.http_url}/v2/models/late/ready") == 200, server.output()[-2000:]


# --- command lines taken from a Makefile ----------------------------------------

MAKEFILE = Path(__file__).resolve().parents[1] / "examples" / "v1-project" / "Makefile"


def makefile_server_lines() -> list[list[str]]:
    """The V1 server command lines of the example Makefile, as its carrier reads them
    (recipes, `$(SERVER)` programs, flags kept in `SERVER_ARGS`)."""
    from types import SimpleNamespace

    from triton_migrate.carriers import carrier_for
    from triton_migrate.context import FileContext
    from triton_migrate.flags import is_server_program
    from triton_migrate.settings import Settings

    text = MAKEFILE.read_text(encoding="utf-8")
    found: list[list[str]] = []

    def rewrite_command(command, ctx):  # type: ignore[no-untyped-def]
        if is_server_program(command.program_word.value):
            found.append([w.value for w in command.words[command.program:]])
        return []

    rule = SimpleNamespace(id="collect", impl=SimpleNamespace(rewrite_command=rewrite_command),
                           needles=(b"trtserver",), may_apply=lambda _text: True)
    carrier = carrier_for("Makefile")
    assert carrier is not None and carrier.name == "makefile"
    carrier.migrate(text, FileContext("Makefile", text, Settings(target_version=TARGET)), [rule])
    return found


def _local(words: list[str], place: Place) -> list[str]:
    """`$(MODELS)` is the model repository; other make references are dropped."""
    out = [re.sub(r"\$\(MODELS\)", "/models", w) for w in words]
    return place.localise([w for w in out if "$" not in w])


def test_makefile_command_lines_translate_and_start(place: Place) -> None:
    lines = makefile_server_lines()
    assert len(lines) >= 4, lines  # two recipes, $(SERVER), the SERVER_ARGS variable
    failures = []
    refused = 0
    for v1 in lines:
        args = _local(v1[1:], place)
        code, output = run_to_exit(args)
        if _refusal(output):
            refused += 1  # the V1 line is refused by the V2 binary as it is
        result = translate_argv([v1[0], *args], TARGET)
        words = list(result.argv[1:])
        with running(words, place.backends, place.tmp / "server.log") as server:
            ok = server.wait_ready()
            output = server.output()
        problem = _refusal(output)
        if problem or not ok:
            failures.append(f"{' '.join(v1)} -> {' '.join(words)}: {problem or output[-500:]}")
    assert not failures, "\n".join(failures)
    assert refused >= 2  # the recipes with --tf-gpu-memory-fraction/--api-version and --allow-model-control


def _document_command_lines() -> dict[tuple[str, tuple[str, ...]], str]:
    """V1 server command lines written in Markdown / RST code blocks and JSON manifests
    (the fixtures of server_flags), as the carriers read them, translated for the target."""
    from fixture_cases import discover_cases
    from test_deploy_realserver import server_commands

    commands: dict[tuple[str, tuple[str, ...]], str] = {}
    for case in discover_cases():
        if case.rule != "server_flags" or not case.logical.endswith((".md", ".rst", ".json")):
            continue
        for argv in server_commands(case.input.read_text(encoding="utf-8"), case.logical):
            if argv[0].rsplit("/", 1)[-1] != "trtserver" or any(w.startswith("$") for w in argv):
                continue
            result = translate_argv(argv, TARGET)
            if not any(note.severity == "error" for note in result.notes):
                commands.setdefault((case.input.name, result.argv[1:]), f"{case.input.name}: {' '.join(argv)}")
    return commands


def test_document_and_manifest_command_lines_parse_and_start(place: Place) -> None:
    commands = _document_command_lines()
    assert any(".md:" in s for s in commands.values()) and any(".json:" in s for s in commands.values()), commands
    failures = []
    from test_deploy_realserver import localise

    for (_, args), source in commands.items():
        args = tuple(localise(args, place.empty, place.models))  # the documents' own paths made real
        code, output = run_to_exit([*place.localise(list(args)), "--help"])
        problem = _refusal(output) or (None if code is not None else "did not exit")
        if problem:
            failures.append(f"{source} -> {' '.join(args)}: {problem}")
            continue
        words = place.localise(list(args))
        with running(words, place.backends, place.tmp / "server.log") as server:
            ok = server.wait_ready()
            output = server.output()
        if _refusal(output) or not ok:
            failures.append(f"{source} -> {' '.join(words)}: {_refusal(output) or output[-500:]}")
    assert not failures, "\n".join(failures)
