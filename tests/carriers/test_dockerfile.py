"""Dockerfile carrier: instructions, exec and shell forms, heredocs."""
from __future__ import annotations

import pytest

from triton_migrate.carriers import CarrierParseError, carrier_for
from triton_migrate.carriers.dockerfile import parse_instructions
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.versions import Version


def migrate(text: str, path: str = "Dockerfile") -> tuple[str, list]:
    result = migrate_text(text, path, Settings(target_version=Version("2.51")))
    assert result.status != "error", result.reason
    return (result.new if result.new is not None else text), result.findings


@pytest.mark.parametrize("path", ["Dockerfile", "docker/Dockerfile.server", "server.dockerfile", "Containerfile"])
def test_claims(path: str) -> None:
    assert carrier_for(path).name == "dockerfile"


def test_instructions_follow_continuations_and_skip_comments() -> None:
    text = "FROM a\nRUN x \\\n# dropped by docker\n    y\nCMD [\"z\"]\n"
    kinds = [i.keyword for i in parse_instructions(text)]
    assert kinds == ["FROM", "RUN", "CMD"]


def test_not_a_dockerfile_is_skipped() -> None:
    with pytest.raises(CarrierParseError):
        parse_instructions("this is not\n  a dockerfile trtserver\n")
    result = migrate_text("hello world trtserver\n+++\n", "Dockerfile", Settings())
    assert result.status == "skipped"


def test_exec_form_keeps_json_layout() -> None:
    new, _ = migrate('CMD [ "trtserver",  "--model-store=/m" ]\n')
    assert new == 'CMD [ "tritonserver", "--model-control-mode=poll", "--disable-auto-complete-config",  "--model-repository=/m" ]\n'


def test_entrypoint_and_cmd_are_one_command() -> None:
    new, _ = migrate('ENTRYPOINT ["trtserver"]\nCMD ["--allow-model-control=true"]\n')
    assert 'CMD ["--model-control-mode=explicit"]' in new
    assert "--model-control-mode=poll" not in new


def test_heredoc_run_is_shell() -> None:
    text = "FROM a\nRUN <<EOT\nset -e\ntrtserver --model-store=/m --exit-on-error=true\nEOT\nCMD [\"x\"]\n"
    new, _ = migrate(text)
    assert "tritonserver" in new and "--model-repository=/m" in new
    assert new.endswith("EOT\nCMD [\"x\"]\n")


def test_lookalike_container_name_is_left_alone() -> None:
    text = 'FROM a\nLABEL name="trtserver"\nRUN useradd trtserver\n'
    new, findings = migrate(text)
    assert new == text and findings == []
