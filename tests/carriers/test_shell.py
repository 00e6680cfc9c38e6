"""Shell carrier: command finding, quoting and layout, fallbacks."""
from __future__ import annotations

import pytest

from triton_migrate.carriers import carrier_for
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.shellwords import ShellParseError, find_commands, parse_shell, program_index
from triton_migrate.versions import Version

SETTINGS = Settings(target_version=Version("2.51"))


def migrate(text: str, path: str = "run.sh", **kw: object) -> tuple[str, list]:
    result = migrate_text(text, path, Settings(target_version=Version("2.51"), **kw))  # type: ignore[arg-type]
    assert result.status != "error", result.reason
    return (result.new if result.new is not None else text), result.findings


@pytest.mark.parametrize(("words", "index"), [
    (["trtserver", "--x"], 0),
    (["exec", "trtserver"], 1),
    (["nohup", "trtserver"], 1),
    (["sudo", "-u", "triton", "trtserver"], 3),
    (["env", "A=1", "B=2", "trtserver"], 3),
    (["timeout", "60", "trtserver"], 2),
    (["FOO=1", "trtserver"], 1),
    (["docker", "run", "--rm", "-p", "8000:8000", "--name", "trtserver", "img", "trtserver"], 8),
    (["docker", "run", "-it", "--gpus=all", "img", "trtserver"], 5),
    (["docker", "run", "img"], None),
    (["docker", "stop", "trtserver"], None),
])
def test_program_index(words: list[str], index: int | None) -> None:
    assert program_index(words) == index


def test_commands_inside_compound_constructs() -> None:
    text = "f() { trtserver --a; }\nif x; then y | trtserver --b; fi\necho $(trtserver --c)\n"
    programs = [c.program_word.value for c in find_commands(text)]
    assert programs.count("trtserver") == 3


def test_unreadable_construct_raises_in_strict_mode() -> None:
    # An empty `;&` fall-through is the one construct tree-sitter-bash cannot read here.
    with pytest.raises(ShellParseError):
        find_commands("case $x in *) ;& esac; trtserver --model-store=/m\n")


def test_modern_bash_reads_without_errors() -> None:
    text = ('A=(--x "y z")\nn=$((n+1))\n[[ -v FOO ]] && echo ok\nf() ( trtserver --a )\n'
            'select x in a b; do\n trtserver --b\ndone\nfor ((i=0;i<3;i++)); do :; done\n')
    code = parse_shell(text)
    assert code.errors == []
    assert [c.argv for c in code.commands if c.program_word.value == "trtserver"] == [["trtserver", "--a"], ["trtserver", "--b"]]


def test_claims() -> None:
    assert carrier_for("deploy/start.sh").name == "shell"
    assert carrier_for("start", b"#!/usr/bin/env bash\n").name == "shell"
    assert carrier_for("start", b"#!/bin/sh\n").name == "shell"
    assert carrier_for("start", b"#!/usr/bin/python3\n").name == "python"


def test_quoting_and_expansions_are_kept() -> None:
    new, _ = migrate('trtserver --model-store="$DIR/models" \'--exit-on-error=false\'\n')
    assert '--model-repository="$DIR/models"' in new
    assert "'--exit-on-error=false'" in new


def test_untouched_bytes_stay_identical() -> None:
    text = "#!/bin/bash\n# comment  with  spaces\t\nX=1   # trailing\ntrtserver --model-store=/m\nexit 0"
    new, _ = migrate(text)
    assert new.startswith("#!/bin/bash\n# comment  with  spaces\t\nX=1   # trailing\n")
    assert new.endswith("\nexit 0")


def test_crlf_is_kept() -> None:
    text = "#!/bin/bash\r\ntrtserver --model-store=/m \\\r\n  --allow-model-control=true\r\necho ok\r\n"
    new, _ = migrate(text)
    assert "\n" not in new.replace("\r\n", "")
    assert "--model-control-mode=explicit" in new and "--allow-model-control" not in new


def test_whole_line_flag_removed_with_its_continuation() -> None:
    text = "tritonserver --model-repository=/m \\\n  --api-version=1 \\\n  --log-verbose=1\n"
    new, _ = migrate(text)
    assert new.endswith(" --model-repository=/m \\\n  --log-verbose=1\n")


def test_unreadable_line_is_reported_and_the_rest_migrated() -> None:
    text = ("trtserver --model-store=/a\ncase $x in *) ;& esac; trtserver --model-store=/m\necho done\n"
            "case $x in *) ;& esac; tritonserver --model-repository=/m\n")
    new, findings = migrate(text)
    assert new.startswith("tritonserver --model-control-mode=poll --disable-auto-complete-config --model-repository=/a\n")
    assert new.endswith(text.split("\n", 1)[1])
    # One finding for the unread V1 line (not one per command rule), none for the V2 one.
    assert [(f.line, f.applied) for f in findings if not f.applied] == [(2, False)]
    assert "cannot read" in next(f.message for f in findings if not f.applied)


def test_v2_script_with_unreadable_parts_gets_no_finding() -> None:
    text = "#!/bin/bash\nARGS=(--model-repository=/m)\ncase $x in *) ;& esac; tritonserver \"${ARGS[@]}\"\n"
    new, findings = migrate(text)
    assert new == text and findings == []


def test_variable_server_program_gets_its_flags_translated() -> None:
    text = 'SERVER=/opt/tensorrtserver/bin/trtserver\n"$SERVER" --model-store=/m --strict-model-config=false &\n'
    new, findings = migrate(text)
    assert new == 'SERVER=/opt/tritonserver/bin/tritonserver\n"$SERVER" --model-control-mode=poll --model-repository=/m &\n'
    # A variable set to something else is not a server.
    other = 'SERVER=/opt/tensorrtserver/bin/trtserver\nSERVER=./other\n$SERVER --model-store=/m\n'
    assert migrate(other)[0].endswith("\n$SERVER --model-store=/m\n")


def test_command_line_in_an_array_is_migrated() -> None:
    text = 'CMD=(trtserver --model-store="$M" --allow-poll-model-repository=true)\n"${CMD[@]}"\n'
    new, _ = migrate(text)
    assert new == 'CMD=(tritonserver --disable-auto-complete-config --model-repository="$M" --model-control-mode=poll)\n"${CMD[@]}"\n'


def test_arithmetic_double_brackets_and_case_patterns() -> None:
    text = 'n=$((n+1))\ncase "$1" in\n  a|b) trtserver --model-store=/m;;\n  *) [[ -n $x ]] && exit 1;;\nesac\n'
    new, _ = migrate(text)
    assert "  a|b) tritonserver " in new and new.endswith(";;\n  *) [[ -n $x ]] && exit 1;;\nesac\n")


def test_suppression_comment() -> None:
    text = "trtserver --model-store=/m  # triton-migrate: ignore\n"
    new, findings = migrate(text)
    assert new == text and findings == []


def test_heredoc_body_gets_text_rules_only() -> None:
    text = "cat > env.sh <<EOF\nexport PATH=/opt/tensorrtserver/bin:\\$PATH\nEOF\n"
    new, _ = migrate(text)
    assert "/opt/tritonserver/bin" in new


def test_second_run_is_a_fixed_point() -> None:
    text = "nohup trtserver --model-store=/m --allow-poll-model-repository=false --strict-model-config=true &\n"
    once, _ = migrate(text)
    twice, findings = migrate(once)
    assert twice == once
    assert not any(f.applied for f in findings)


V2_SCRIPT = r'''#!/usr/bin/env bash
set -euo pipefail
declare -A PORTS=([http]=8000 [grpc]=8001)
SERVER=/opt/tritonserver/bin/tritonserver
SERVER_ARGS="--model-repository=${MODELS:-/models} --model-control-mode=explicit"
ARGS=(--log-verbose=1 --exit-on-error=true)
retries=$(( ${RETRIES:-3} + 1 ))
wait_ready() (
  for ((i = 0; i < retries; i++)); do
    [[ -v PORTS[http] ]] && curl -sf "localhost:${PORTS[http]}/v2/health/ready" && return 0
    sleep 1
  done
  return 1
)
case "${1:-run}" in
  run|start) "$SERVER" $SERVER_ARGS "${ARGS[@]}" & ;;
  docker) docker run --rm -p8000:8000 nvcr.io/nvidia/tritonserver:24.10-py3 tritonserver --model-repository=/models ;;
  *) echo "usage: $0 [run|docker]" >&2; exit 2 ;;
esac
cat > env.sh <<END_OF_ENV
export TRITON_SERVER_VERSION=2.51.0
END_OF_ENV
wait_ready
pip install 'tritonclient[all]~=2.51.0'
'''


def test_v2_script_is_left_alone() -> None:
    assert parse_shell(V2_SCRIPT).errors == []
    new, findings = migrate(V2_SCRIPT)
    assert new == V2_SCRIPT
    assert findings == []
