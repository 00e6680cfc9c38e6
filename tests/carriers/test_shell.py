"""Shell carrier: command finding, quoting and layout, fallbacks."""
from __future__ import annotations

import pytest

from triton_migrate.carriers import carrier_for
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.shellwords import ShellParseError, find_commands, program_index
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


def test_unsupported_construct_raises() -> None:
    with pytest.raises(ShellParseError):
        find_commands("select x in a b; do\n trtserver --model-store=/m\ndone\n")


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


def test_unparsable_script_is_reported_not_edited() -> None:
    text = "select x in a b; do\n  trtserver --model-store=/m\ndone\n"
    new, findings = migrate(text)
    assert new == text
    # One finding for the line, not one per command rule.
    assert [(f.line, f.applied) for f in findings] == [(2, False)]


def test_constructs_bashlex_lacks_are_masked() -> None:
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
