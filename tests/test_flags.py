"""The server flag translator: a table for every V1 flag, then properties."""
from __future__ import annotations

import importlib.util
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triton_migrate.cli_flags import translate_command
from triton_migrate.data import server_flags as facts
from triton_migrate.flags import (
    FlagTranslation,
    NewToken,
    TokenEdit,
    apply_edits,
    is_perf_client_program,
    is_server_program,
    translate_argv,
)
from triton_migrate.perf_flags import translate_perf_argv
from triton_migrate.versions import Version

ROOT = Path(__file__).resolve().parent.parent
POLL = "--model-control-mode=poll"
STRICT = "--disable-auto-complete-config"
TF1 = "--backend-config=tensorflow,version=1"


def tr(argv: Sequence[str] | str, target: str = "2.51", **kw: object) -> FlagTranslation:
    if isinstance(argv, str):
        argv = argv.split()
    return translate_argv(argv, Version(target), **kw)  # type: ignore[arg-type]


# --- the table ------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """``trtserver <v1>`` translates to ``tritonserver <additions> <v2>`` for ``target``.

    ``note`` is the severity of the notes about the flags (None: no note), and
    ``applied`` whether they were applied; ``poll``/``strict``/``tf1`` say which V1
    defaults get spelled out (strict only from 2.24, tf1 only when asked).
    """

    v1: str
    target: str
    v2: str
    note: str | None = None
    applied: bool = True
    poll: bool = True
    strict: bool = True
    tf1: bool = False

    def additions(self) -> list[str]:
        added = [POLL] if self.poll else []
        if self.strict and Version("2.24.0") <= Version(self.target):
            added.append(STRICT)
        if self.tf1:
            added.append(TF1)
        return added

    def expected(self) -> list[str]:
        return ["tritonserver", *self.additions(), *self.v2.split()]

    def argv(self) -> list[str]:
        return ["trtserver", *self.v1.split()]

    @property
    def id(self) -> str:
        return f"{self.v1}@{self.target}"


def _kept(v1: str, *, poll: bool = True) -> list[Case]:
    return [Case(v1, target, v1, poll=poll) for target in ("2.0", "2.24", "2.51")]


TABLE: list[Case] = [
    # kept, same meaning
    *_kept("--help"),
    *_kept("--log-verbose=1"),
    *_kept("--log-verbose=true"),
    *_kept("--log-info=false"),
    *_kept("--log-warning=0"),
    *_kept("--log-error=TRUE"),
    *_kept("--id=inference:0"),
    *_kept("--model-repository=/models"),
    *_kept("--model-repository=/models --model-repository=/more"),
    *_kept("--exit-on-error=false"),
    *_kept("--strict-readiness=false"),
    *_kept("--allow-http=true"),
    *_kept("--http-port=8080"),
    *_kept("--http-thread-count=4"),
    *_kept("--allow-grpc=1"),
    *_kept("--grpc-port=8081"),
    *_kept("--grpc-infer-allocation-pool-size=16"),
    *_kept("--allow-metrics=false"),
    *_kept("--allow-gpu-metrics=false"),
    *_kept("--metrics-port=8082"),
    *_kept("--repository-poll-secs=30"),
    *_kept("--model-control-mode=explicit --load-model=simple", poll=False),
    *_kept("--model-control-mode=none", poll=False),
    *_kept("--model-control-mode=poll", poll=False),
    *_kept("--pinned-memory-pool-byte-size=1048576"),
    *_kept("--cuda-memory-pool-byte-size=0:67108864"),
    *_kept("--min-supported-compute-capability=6.0"),
    *_kept("--exit-timeout-secs=5"),
    # --repository-poll-secs=0 meant mode none in V1, V2's default
    *_kept("--repository-poll-secs=0", poll=False),
    # renamed
    Case("--model-store=/models", "2.0", "--model-repository=/models", "info"),
    Case("--model-store=/models", "2.51", "--model-repository=/models", "info"),
    # strict model config: kept to 2.23, then --disable-auto-complete-config
    Case("--strict-model-config=true", "2.23", "--strict-model-config=true"),
    Case("--strict-model-config=false", "2.23", "--strict-model-config=false"),
    Case("--strict-model-config=true", "2.24", STRICT, "info", strict=False),
    Case("--strict-model-config=1", "2.51", STRICT, "info", strict=False),
    Case("--strict-model-config=false", "2.24", "", "info", strict=False),
    Case("--strict-model-config=FALSE", "2.51", "", "info", strict=False),
    Case("--strict-model-config=maybe", "2.51", "--strict-model-config=maybe", "error", False,
         strict=False),
    # removed
    Case("--http-health-port=8000", "2.51", "", "info"),
    Case("--http-port=9000 --http-health-port=9000", "2.0", "--http-port=9000", "info"),
    Case("--http-health-port=8005", "2.51", "", "warning", False),
    Case("--api-version=2", "2.0", "", "info"),
    Case("--api-version=1", "2.51", "", "warning", False),
    Case("--grpc-infer-thread-count=1", "2.0", "", "info"),
    Case("--grpc-infer-thread-count=4", "2.56", "", "warning", False),
    Case("--grpc-infer-thread-count=4", "2.57", "", "warning", False),
    Case("--grpc-stream-infer-thread-count=1", "2.51", "", "info"),
    Case("--grpc-stream-infer-thread-count=2", "2.51", "", "warning", False),
    Case("--allow-poll-model-repository=true", "2.51", POLL, "info", poll=False),
    Case("--allow-poll-model-repository=TRUE", "2.0", POLL, "info", poll=False),
    Case("--allow-poll-model-repository=false", "2.51", "", "info", poll=False),
    Case("--allow-poll-model-repository=0", "2.0", "", "info", poll=False),
    Case("--allow-model-control=true", "2.51", "--model-control-mode=explicit", "info",
         poll=False),
    Case("--allow-model-control=1 --load-model=simple", "2.0",
         "--model-control-mode=explicit --load-model=simple", "info", poll=False),
    Case("--allow-model-control=false", "2.51", "", "info"),
    Case("--allow-poll-model-repository=maybe", "2.51", "--allow-poll-model-repository=maybe",
         "error", False, poll=False),
    # trace: values changed in 2.19, --trace-config from 2.33
    Case("--trace-file=/tmp/trace.json", "2.32", "--trace-file=/tmp/trace.json"),
    Case("--trace-file=/tmp/trace.json", "2.33", "--trace-config=triton,file=/tmp/trace.json",
         "info"),
    Case("--trace-level=MIN", "2.18", "--trace-level=MIN"),
    Case("--trace-level=MIN", "2.19", "--trace-level=TIMESTAMPS", "info"),
    Case("--trace-level=max", "2.32", "--trace-level=TIMESTAMPS", "info"),
    Case("--trace-level=OFF", "2.19", "--trace-level=OFF"),
    Case("--trace-level=MAX", "2.33", "--trace-config=level=TIMESTAMPS", "info"),
    Case("--trace-level=OFF", "2.51", "--trace-config=level=OFF", "info"),
    Case("--trace-rate=100", "2.32", "--trace-rate=100"),
    Case("--trace-rate=100", "2.51", "--trace-config=rate=100", "info"),
    # TensorFlow: kept in 2.0/2.1, backend config from 2.2
    Case("--tf-allow-soft-placement=false", "2.1", "--tf-allow-soft-placement=false"),
    Case("--tf-allow-soft-placement=false", "2.2",
         "--backend-config=tensorflow,allow-soft-placement=false", "info"),
    Case("--tf-allow-soft-placement=1", "2.24",
         "--backend-config=tensorflow,allow-soft-placement=true", "info"),
    Case("--tf-gpu-memory-fraction=0.5", "2.1", "--tf-gpu-memory-fraction=0.5"),
    Case("--tf-gpu-memory-fraction=0.5", "2.2",
         "--backend-config=tensorflow,gpu-memory-fraction=0.5", "info"),
    Case("--tf-gpu-memory-fraction=0.5", "2.26",
         "--backend-config=tensorflow,gpu-memory-fraction=0.5", "info", tf1=True),
    Case("--tf-gpu-memory-fraction=0.5", "2.51",
         "--backend-config=tensorflow,gpu-memory-fraction=0.5", "info"),
    Case("--tf-add-vgpu=0;2;1000", "2.1", "--tf-add-vgpu=0;2;1000"),
    Case("--tf-add-vgpu=0;2;1000", "2.2", "", "warning", False),
    Case("--tf-add-vgpu=0;2;1000 --tf-add-vgpu=1;2;1000", "2.26", "", "warning", False,
         tf1=True),
    Case("--tf-add-vgpu=0;2;1000", "2.51", "", "warning", False),
]


def _flag_notes(result: FlagTranslation) -> list[tuple[str, bool]]:
    return [(n.severity, n.applied) for n in result.notes if n.index > 0]


@pytest.mark.parametrize("case", TABLE, ids=lambda c: c.id)
def test_table_equals_form(case: Case) -> None:
    result = tr(case.argv(), case.target)
    assert list(result.argv) == case.expected()
    notes = _flag_notes(result)
    if case.note is None:
        assert notes == []
    else:
        assert notes and set(notes) == {(case.note, case.applied)}
    assert result.reading == "v1"
    # applied notes are info; a person acts on warnings and errors (docs/developing.md)
    assert all((n.severity == "info") == n.applied for n in result.notes)


def _spaced(tokens: Sequence[str]) -> list[str]:
    """The same command line with every ``--flag=value`` written ``--flag value``."""
    out: list[str] = []
    for token in tokens:
        name, eq, value = token.partition("=")
        if token.startswith("--") and eq:
            out += [name, value]
        else:
            out.append(token)
    return out


def _takes_value(name: str) -> bool:
    if name in facts.V1_FLAGS:
        return facts.V1_FLAGS[name].takes_value
    if name in facts.V2_ONLY_FLAGS:
        return facts.V2_ONLY_FLAGS[name].takes_value
    return False


def canonical(argv: Sequence[str]) -> list[str]:
    """Join ``--flag value`` pairs of known flags into ``--flag=value``."""
    out: list[str] = []
    index = 0
    while index < len(argv):
        token = argv[index]
        if token.startswith("--") and "=" not in token and _takes_value(token[2:]) \
                and index + 1 < len(argv):
            out.append(f"{token}={argv[index + 1]}")
            index += 2
        else:
            out.append(token)
            index += 1
    return out


@pytest.mark.parametrize("case", [c for c in TABLE if "=" in c.v1], ids=lambda c: c.id)
def test_table_space_form(case: Case) -> None:
    result = tr(["trtserver", *_spaced(case.v1.split())], case.target)
    assert canonical(result.argv) == canonical(case.expected())
    notes = _flag_notes(result)
    assert (set(notes) == {(case.note, case.applied)}) if case.note else notes == []


def test_table_covers_every_v1_flag() -> None:
    assert len(facts.V1_FLAGS) == 39                       # 38 flags and --help
    seen = {token[2:].split("=")[0] for case in TABLE for token in case.v1.split()}
    assert seen == set(facts.V1_FLAGS)


def test_space_form_keeps_two_words() -> None:
    result = tr("trtserver --model-store /models --tf-gpu-memory-fraction 0.5 "
                "--trace-file /tmp/t --trace-level MIN --strict-model-config true")
    assert list(result.argv) == [
        "tritonserver", POLL, "--model-repository", "/models",
        "--backend-config", "tensorflow,gpu-memory-fraction=0.5",
        "--trace-config", "triton,file=/tmp/t", "--trace-config=level=TIMESTAMPS", STRICT]


# --- the program --------------------------------------------------------------------

@pytest.mark.parametrize("program, expected", [
    ("trtserver", "tritonserver"),
    ("/opt/tensorrtserver/bin/trtserver", "/opt/tritonserver/bin/tritonserver"),
    ("/opt/tensorrtserver/bin/tritonserver", "/opt/tritonserver/bin/tritonserver"),
    ("./trtserver", "./tritonserver"),
    ("/usr/local/bin/trtserver", "/usr/local/bin/tritonserver"),
    ("${TRTIS_HOME}/bin/trtserver", "${TRTIS_HOME}/bin/tritonserver"),
])
def test_program_renamed(program: str, expected: str) -> None:
    result = translate_argv([program, "--model-control-mode=none"], Version("2.0"))
    assert list(result.argv) == [expected, "--model-control-mode=none"]
    assert [(n.subject, n.index, n.applied) for n in result.notes] == [("program", 0, True)]


@pytest.mark.parametrize("token", [
    "trtserver", "tritonserver", "/opt/tensorrtserver/bin/trtserver",
    "/opt/tritonserver/bin/tritonserver", "./trtserver", "${T}/bin/tritonserver"])
def test_is_server_program(token: str) -> None:
    assert is_server_program(token)


@pytest.mark.parametrize("token", [
    "trtserver-config", "trtserver_pid", "$trtserver", "tritonserver.sh", "/opt/trtserver/",
    "my-tritonserver", "trtserver ", "perf_client", "", "TRTSERVER"])
def test_is_not_server_program(token: str) -> None:
    assert not is_server_program(token)


def test_is_perf_client_program() -> None:
    assert is_perf_client_program("perf_client")
    assert is_perf_client_program("/workspace/install/bin/perf_analyzer")
    assert not is_perf_client_program("perf_client_wrapper")
    assert not is_perf_client_program("trtserver")


# --- V1 behaviour, spelled out ------------------------------------------------------

def test_default_additions_come_right_after_the_program() -> None:
    result = tr(["trtserver", "--model-store=/m", '"$@"'])
    assert list(result.argv) == ["tritonserver", POLL, STRICT, "--model-repository=/m", '"$@"']
    assert result.origin == (0, None, None, 1, 2)
    added = [n for n in result.notes if n.index == 0 and n.subject == "flag"]
    assert [n.replacement for n in added] == [POLL, STRICT]
    assert all(n.applied and "V1" in n.message for n in added)
    opaque = [n for n in result.notes if n.index == 2]
    assert [(n.severity, n.applied) for n in opaque] == [("warning", False)]


def test_model_control_mode_given_wins_over_deprecated_flags() -> None:
    result = tr("trtserver --allow-poll-model-repository=true --model-control-mode=none "
                "--allow-model-control=true")
    assert list(result.argv) == ["tritonserver", STRICT, "--model-control-mode=none"]
    assert [n.applied for n in result.notes if n.index > 0] == [True, True]


def test_allow_model_control_beats_allow_poll() -> None:
    result = tr("trtserver --allow-poll-model-repository=true --allow-model-control=true")
    assert list(result.argv) == ["tritonserver", STRICT, "--model-control-mode=explicit"]


def test_repeated_deprecated_flags_last_wins() -> None:
    result = tr("trtserver --allow-poll-model-repository=true --allow-poll-model-repository=0")
    assert list(result.argv) == ["tritonserver", STRICT]
    assert len([n for n in result.notes if n.index > 0]) == 2


def test_repeated_strict_model_config_last_wins() -> None:
    assert list(tr("trtserver --strict-model-config=true --strict-model-config=false").argv) \
        == ["tritonserver", POLL]
    assert list(tr("trtserver --strict-model-config=false --strict-model-config=true").argv) \
        == ["tritonserver", POLL, STRICT]


def test_strict_model_config_before_2_24_adds_nothing() -> None:
    assert list(tr("trtserver", "2.23").argv) == ["tritonserver", POLL]


def test_tf1_not_added_when_version_already_set() -> None:
    result = tr("trtserver --tf-gpu-memory-fraction=0.5 --backend-config=tensorflow,version=2",
                "2.26")
    assert TF1 not in result.argv


def test_tf1_warning_from_2_33() -> None:
    result = tr("trtserver --tf-allow-soft-placement=true")
    tf = [n for n in result.notes if n.index == 0 and "TensorFlow 1" in n.message]
    assert [(n.severity, n.applied, n.replacement) for n in tf] == [("warning", False, TF1)]


def test_id_default_not_added() -> None:
    assert "--id" not in " ".join(tr("trtserver").argv)


# --- values that are not literal -------------------------------------------------------

def test_dynamic_values_pass_through_when_the_rewrite_does_not_depend_on_them() -> None:
    result = tr(["trtserver", "--model-store=$MODEL_DIR", "--tf-gpu-memory-fraction", "${F}",
                 "--trace-file=$(pwd)/t"])
    assert list(result.argv) == [
        "tritonserver", POLL, STRICT, "--model-repository=$MODEL_DIR", "--backend-config",
        "tensorflow,gpu-memory-fraction=${F}", "--trace-config=triton,file=$(pwd)/t"]
    assert all(n.applied for n in result.notes if "TensorFlow 1" not in n.message)


@pytest.mark.parametrize("v1, severity", [
    ("--allow-poll-model-repository=$POLL", "error"),
    ("--allow-model-control=${CONTROL}", "error"),
    ("--strict-model-config=$STRICT", "warning"),
    ("--trace-level={{.Values.trace}}", "warning"),
])
def test_dynamic_values_are_reported_not_guessed(v1: str, severity: str) -> None:
    result = tr(["trtserver", v1])
    assert v1 in result.argv
    notes = [n for n in result.notes if n.index == 1]
    assert [(n.severity, n.applied) for n in notes] == [(severity, False)]


def test_dynamic_model_control_adds_no_mode() -> None:
    assert POLL not in tr(["trtserver", "--allow-model-control=$C"]).argv


def test_dynamic_health_port_is_dropped_with_a_warning() -> None:
    result = tr(["trtserver", "--http-health-port=$HEALTH"])
    assert list(result.argv) == ["tritonserver", POLL, STRICT]
    assert [(n.severity, n.applied) for n in result.notes if n.index == 1] == [("warning", False)]


def test_dynamic_poll_secs_still_polls() -> None:
    result = tr(["trtserver", "--repository-poll-secs=$SECS"])
    assert list(result.argv) == ["tritonserver", POLL, STRICT, "--repository-poll-secs=$SECS"]
    assert "0 seconds" in result.notes[0].message


def test_literal_override() -> None:
    # A carrier that knows '$5' was single-quoted says it is literal.
    result = tr(["trtserver", "--allow-poll-model-repository=$5"], literal=[True, True])
    assert [(n.severity, n.applied) for n in result.notes if n.index == 1] == [("error", False)]
    assert "V1 refused" in result.notes[-1].message


# --- parsing details ------------------------------------------------------------------

def test_abbreviations_are_spelled_out() -> None:
    result = tr("trtserver --model-st=/m --metrics=9 --allow-poll=false --he")
    assert list(result.argv) == ["tritonserver", STRICT, "--model-repository=/m",
                                 "--metrics-port=9", "--help"]


def test_ambiguous_abbreviation_is_unknown() -> None:
    result = tr("trtserver --strict=true")
    assert "--strict=true" in result.argv
    assert any("not a trtserver flag" in n.message for n in result.notes)


def test_end_of_options() -> None:
    result = tr("trtserver --model-store=/m -- --model-store=/x")
    assert list(result.argv)[-2:] == ["--", "--model-store=/x"]


def test_missing_value_is_an_error_and_kept() -> None:
    result = tr("trtserver --api-version")
    assert list(result.argv) == ["tritonserver", POLL, STRICT, "--api-version"]
    assert [(n.severity, n.applied) for n in result.notes if n.index == 1] == [("error", False)]


def test_value_looking_like_a_flag_is_a_value() -> None:
    # getopt_long gives a required argument the next word, whatever it is.
    result = tr("trtserver --model-store --allow-model-control=true")
    assert list(result.argv) == ["tritonserver", POLL, STRICT, "--model-repository",
                                 "--allow-model-control=true"]


def test_unknown_flag_in_v1_is_reported_and_kept() -> None:
    result = tr("trtserver --no-such-flag=1 positional")
    assert list(result.argv)[-2:] == ["--no-such-flag=1", "positional"]
    assert [n.severity for n in result.notes if n.index == 1] == ["warning"]


def test_v2_flag_too_new_for_the_target() -> None:
    result = tr("tritonserver --http-address=0.0.0.0", "2.0")
    assert result.argv == ("tritonserver", "--http-address=0.0.0.0")
    assert [(n.severity, n.index) for n in result.notes] == [("warning", 1)]


def test_v2_reading_only_rewrites_what_the_target_refuses() -> None:
    result = tr("tritonserver --model-store=/m --tf-gpu-memory-fraction=0.3")
    assert result.reading == "v2"
    assert list(result.argv) == ["tritonserver", "--model-store=/m",
                                 "--backend-config=tensorflow,gpu-memory-fraction=0.3"]


def test_transitional_tritonserver_with_v1_flag_reads_as_v1() -> None:
    result = tr("tritonserver --model-store=/m --allow-model-control=true")
    assert result.reading == "v1"
    assert list(result.argv) == ["tritonserver", STRICT, "--model-repository=/m",
                                 "--model-control-mode=explicit"]


def test_assume_v1_for_a_known_v1_image() -> None:
    result = tr("tritonserver --model-store=/m", assume="v1")
    assert list(result.argv) == ["tritonserver", POLL, STRICT, "--model-repository=/m"]


def test_assume_v2_still_translates_removed_flags() -> None:
    result = tr("trtserver --allow-model-control=true --api-version=2", assume="v2")
    assert list(result.argv) == ["trtserver", "--model-control-mode=explicit"]


def test_grpc_infer_thread_count_is_v2_from_2_57() -> None:
    assert tr("tritonserver --grpc-infer-thread-count=4", "2.57").notes == ()
    assert tr("tritonserver --grpc-infer-thread-count=4", "2.56").reading == "v1"


def test_empty_argv() -> None:
    assert tr([]).argv == ()


# --- edits: the carriers' interface ------------------------------------------------------

def _shell_apply(text: str, result: FlagTranslation) -> str:
    """A tiny shell carrier: words separated by single spaces, quotes as written."""
    spans, position = [], 0
    for raw in text.split(" "):
        spans.append((position, position + len(raw)))
        position += len(raw) + 1
    for edit in reversed(result.edits):
        start, end = spans[edit.index]
        new = [tok.render(text[start:end], shlex.quote) for tok in edit.tokens]
        if edit.kind == "replace":
            text = text[:start] + " ".join(new) + text[end:]
        elif edit.kind == "insert_after":
            text = text[:end] + "".join(" " + t for t in new) + text[end:]
        else:
            text = text[:start - 1] + text[end:]
    return text


def test_carrier_keeps_quoting_and_expansions() -> None:
    source = ('${TRTIS}/bin/trtserver --model-store="$MODEL_DIR" "--http-port=8000" '
              '--tf-gpu-memory-fraction "$FRACTION" \'--api-version=2\' --trace-level=MAX')
    words = shlex.split(source.replace("$", "\\$"))   # unquoted words, expansions kept
    result = translate_argv(words, Version("2.51"))
    assert _shell_apply(source, result) == (
        '${TRTIS}/bin/tritonserver --model-control-mode=poll --disable-auto-complete-config '
        '--model-repository="$MODEL_DIR" "--http-port=8000" --backend-config '
        '"tensorflow,gpu-memory-fraction=$FRACTION" --trace-config=level=TIMESTAMPS')


@pytest.mark.parametrize("token, raw, expected", [
    (NewToken("--model-repository=/m", "--model-store=", "--model-repository="),
     "'--model-store=/m'", "'--model-repository=/m'"),
    (NewToken("--model-repository=/m", "--model-store=", "--model-repository="),
     "--model-st\\ore=/m", "--model-repository=/m"),
    (NewToken("x,y=1", "", "x,y="), '"1"', '"x,y=1"'),
    (NewToken("bin/tritonserver", "trtserver", "tritonserver", at_end=True),
     '"bin/trtserver"', '"bin/tritonserver"'),
    (NewToken("a b"), "whatever", "'a b'"),
])
def test_render(token: NewToken, raw: str, expected: str) -> None:
    assert token.render(raw, shlex.quote) == expected


def test_note_to_finding() -> None:
    note = tr("trtserver --model-store=/m").notes[-1]
    finding = note.finding("server_flags", "run.sh", 3, 10, 3, 26)
    assert (finding.rule, finding.line, finding.applied, finding.v1) == \
        ("server_flags", 3, True, "--model-store=/m")


def test_token_edit_kinds_are_documented() -> None:
    import triton_migrate.flags as module
    for kind in ("replace", "delete", "insert_after"):
        assert f'"{kind}"' in (module.__doc__ or "")
    assert TokenEdit("delete", 1).tokens == ()


# --- perf_client -------------------------------------------------------------------------

def test_perf_client_renamed_from_2_4() -> None:
    assert translate_perf_argv(["perf_client", "-m", "simple"], Version("2.3")).argv == \
        ("perf_client", "-m", "simple")
    result = translate_perf_argv(["/workspace/install/bin/perf_client", "-m", "simple"],
                                 Version("2.4"))
    assert result.argv == ("/workspace/install/bin/perf_analyzer", "-m", "simple")
    assert [(n.subject, n.applied) for n in result.notes] == [("program", True)]


@pytest.mark.parametrize("tail, reported", [
    ("-t 4", ["-t"]), ("-t4", ["-t"]), ("-c 8 -d", ["-c", "-d"]), ("-vz", ["-z"]),
    ("-dz", ["-d", "-z"]), ("--data-directory /d", ["--data-directory"]),
    ("--data-directory=/d", ["--data-directory"]), ("--data-dir /d", ["--data-directory"]),
    ("-m -t", []), ("-m model -b 2 --concurrency-range 1:4", []),
    ("--input-data zero -u localhost:8000 -i grpc", []),
])
def test_perf_deprecated_flags_reported(tail: str, reported: list[str]) -> None:
    result = translate_perf_argv(["perf_client", *tail.split()], Version("2.51"))
    notes = [n for n in result.notes if n.index > 0]
    assert [n.replacement for n in notes] == [facts.PERF_DEPRECATED[r][0] for r in reported]
    assert all(n.severity == "warning" and not n.applied for n in notes)
    assert result.argv[1:] == tuple(tail.split())


def test_perf_analyzer_left_alone() -> None:
    result = translate_perf_argv(["perf_analyzer", "-t", "4", "-z"], Version("2.51"))
    assert not result.changed and result.notes == ()


def test_translate_command_dispatch() -> None:
    assert translate_command(["perf_client", "-m", "x"]) is not None
    assert translate_command(["trtserver"]) is not None
    assert translate_command(["python", "app.py"]) is None
    assert translate_command([]) is None


# --- the tables ---------------------------------------------------------------------------

def test_data_tables_are_consistent() -> None:
    for flag in facts.V1_FLAGS.values():
        sinces = [Version(r.since) for r in flag.rewrites]
        assert sinces == sorted(sinces) and sinces[0] == Version("2.0.0"), flag.name
        assert flag.name not in facts.V2_ONLY_FLAGS
        for rewrite in flag.rewrites:
            for outcome in [*rewrite.values.values(), rewrite.otherwise]:
                assert (outcome.severity == "info") == outcome.applied, flag.name
    removed = {f.name for f in facts.V1_FLAGS.values() if f.removed_in == "2.0.0"}
    assert removed == {"api-version", "http-health-port", "grpc-infer-thread-count",
                       "grpc-stream-infer-thread-count", "allow-poll-model-repository",
                       "allow-model-control"}


def test_docs_page_is_current() -> None:
    spec = importlib.util.spec_from_file_location("gen_flags_doc",
                                                  ROOT / "scripts" / "gen_flags_doc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_flags_doc"] = module
    spec.loader.exec_module(module)
    current = (ROOT / "docs" / "flags.md").read_text(encoding="utf-8")
    assert current == module.render(), "docs/flags.md is stale: run python scripts/gen_flags_doc.py"


# --- properties ------------------------------------------------------------------------------

TARGETS = ["2.0", "2.1", "2.2", "2.18", "2.19", "2.23", "2.24", "2.25", "2.32", "2.33", "2.51",
           "2.56", "2.57", "2.72"]
_VALUES = {
    "bool": ["true", "false", "1", "0", "TRUE", "False", "maybe"],
    "int": ["0", "1", "8000", "15", "-1", "x"],
    "float": ["0.5", "6.0"],
    "str": ["/models", "simple", "0:1024", "0;2;1000", "a=b"],
    "enum": ["none", "poll", "explicit", "MIN", "MAX", "OFF", "1", "2", "bad"],
}
_DYNAMIC = ["$X", "${Y}", "$(cat f)", "{{.Values.v}}"]
dynamic_values = st.sampled_from(_DYNAMIC)
unknown_words = st.one_of(
    st.from_regex(r"[a-z][a-z0-9_./]{0,8}", fullmatch=True),
    st.from_regex(r"--zz-[a-z]{1,6}(=[a-z0-9]{1,4})?", fullmatch=True),
    st.sampled_from(['"$@"', "$EXTRA", "-x"]),
)


# Half the draws come from the flags whose translation is not "kept", so that the
# rare combinations (a dynamic --allow-model-control on a 2.24+ target, say) show up.
_CHANGING = sorted(f.name for f in facts.V1_FLAGS.values() if len(f.rewrites) > 1
                   or f.rewrites[0].action != "keep") + ["model-control-mode",
                                                         "repository-poll-secs", "http-port"]


@st.composite
def v1_flag(draw: st.DrawFn, names: Sequence[str] | None = None, spaced: bool | None = None,
            literal_only: bool = False) -> list[str]:
    """One V1 flag, with a value of its kind (or a dynamic one), in either form."""
    if names is None:
        name = draw(st.one_of(st.sampled_from(sorted(facts.V1_FLAGS)),
                              st.sampled_from(_CHANGING)))
    else:
        name = draw(st.sampled_from(sorted(names)))
    flag = facts.V1_FLAGS[name]
    if not flag.takes_value:
        return [f"--{name}"]
    own = st.sampled_from(_VALUES[flag.kind])
    value = draw(own if literal_only else st.one_of(own, dynamic_values))
    if spaced if spaced is not None else draw(st.booleans()):
        return [f"--{name}", value]
    return [f"--{name}={value}"]


@st.composite
def v1_argv(draw: st.DrawFn) -> list[str]:
    program = draw(st.sampled_from(["trtserver", "/opt/tensorrtserver/bin/trtserver",
                                    "tritonserver"]))
    parts = draw(st.lists(st.one_of(v1_flag(), unknown_words.map(lambda w: [w])), max_size=8))
    return [program, *(word for part in parts for word in part)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(v1_argv(), st.sampled_from(TARGETS))
def test_idempotent(argv: list[str], target: str) -> None:
    once = tr(argv, target)
    twice = tr(once.argv, target)
    assert twice.argv == once.argv
    assert twice.edits == ()


@settings(max_examples=300, deadline=None)
@given(v1_argv(), st.sampled_from(TARGETS))
def test_edits_are_well_formed(argv: list[str], target: str) -> None:
    result = tr(argv, target)
    indices = [edit.index for edit in result.edits]
    assert indices == sorted(set(indices))                      # one edit per token, in order
    assert apply_edits(result.original, result.edits) == (result.argv, result.origin)
    kept = [i for i in result.origin if i is not None]
    assert kept == sorted(kept)
    edited = {edit.index for edit in result.edits if edit.kind != "insert_after"}
    for position, index in enumerate(result.origin):
        if index is not None and index not in edited:
            assert result.argv[position] == argv[index]
    assert all(0 <= n.index < len(argv) for n in result.notes)
    assert all((n.severity == "info") == n.applied for n in result.notes)


def _v2_flag_names(target: Version) -> list[str]:
    """The flags the target release parses."""
    names = [f.name for f in facts.V1_FLAGS.values()
             if f.removed_in is None or target < Version(f.removed_in)
             or (f.readded_in is not None and Version(f.readded_in) <= target)]
    names += [f.name for f in facts.V2_ONLY_FLAGS.values() if Version(f.since) <= target]
    return sorted(set(names))


@st.composite
def v2_argv(draw: st.DrawFn) -> tuple[list[str], str]:
    target = draw(st.sampled_from(TARGETS))
    names = _v2_flag_names(Version(target))
    words = [draw(st.sampled_from(["tritonserver", "/opt/tritonserver/bin/tritonserver"]))]
    for name in draw(st.lists(st.sampled_from(names), max_size=8)):
        value = draw(st.one_of(st.sampled_from(["1", "true", "/m", "a,b=c", "MIN"]),
                               dynamic_values))
        if not _takes_value(name):
            words.append(f"--{name}")
        elif draw(st.booleans()):
            words += [f"--{name}", value]
        else:
            words.append(f"--{name}={value}")
    return words, target


@settings(max_examples=300, deadline=None)
@given(v2_argv())
def test_v2_argv_unchanged(case: tuple[list[str], str]) -> None:
    argv, target = case
    result = tr(argv, target)
    assert list(result.argv) == argv
    assert result.notes == () and result.edits == ()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(v1_flag(spaced=False), unknown_words.map(lambda w: [w])),
                max_size=10),
       st.sampled_from(TARGETS))
def test_unknown_words_pass_through_in_order(parts: list[list[str]], target: str) -> None:
    argv = ["trtserver", *(word for part in parts for word in part)]
    unknown = [i for i, word in enumerate(argv)
               if i and (not word.startswith("--") or word.startswith("--zz-"))]
    result = tr(argv, target)
    positions = [result.origin.index(i) for i in unknown]
    assert positions == sorted(positions)
    assert [result.argv[p] for p in positions] == [argv[i] for i in unknown]


@settings(max_examples=300, deadline=None)
@given(st.lists(v1_flag(literal_only=True), max_size=6), st.sampled_from(TARGETS))
def test_equals_and_space_forms_agree(parts: list[list[str]], target: str) -> None:
    eq_form = ["trtserver", *(word for part in parts for word in part)]
    spaced = ["trtserver", *_spaced(eq_form[1:])]
    a, b = tr(eq_form, target), tr(spaced, target)
    assert canonical(a.argv) == canonical(b.argv)
    assert sorted((n.subject, n.severity, n.applied) for n in a.notes) == \
        sorted((n.subject, n.severity, n.applied) for n in b.notes)


def _removed_at(target: Version) -> list[str]:
    return sorted(f.name for f in facts.V1_FLAGS.values()
                  if f.removed_in is not None and Version(f.removed_in) <= target)


def _flag_positions(argv: Sequence[str]) -> list[int]:
    """Indices of the words getopt reads as flags (not as the value of the one before)."""
    positions, index = [], 1
    while index < len(argv):
        word = argv[index]
        if word.startswith("--"):
            positions.append(index)
            takes = "=" not in word and _takes_value(word[2:])
            index += 2 if takes else 1
        else:
            index += 1
    return positions


@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from(TARGETS))
def test_every_removed_flag_gets_exactly_one_note(data: st.DataObject, target: str) -> None:
    removed = _removed_at(Version(target))
    parts = data.draw(st.lists(st.one_of(v1_flag(), v1_flag(names=removed)), max_size=8))
    argv = ["trtserver", *(word for part in parts for word in part)]
    result = tr(argv, target)
    for index in _flag_positions(argv):
        if argv[index][2:].split("=")[0] in removed:
            assert len([n for n in result.notes if n.index == index]) == 1, (argv, index)


def test_unknown_tf_lookalike_is_no_tensorflow_evidence() -> None:
    result = tr("trtserver --tf-zz=1", "2.26")
    assert TF1 not in result.argv
