"""Carriers of issue 5: claims, lexers, requirement spans, pbtxt parsing and sibling listing."""
from __future__ import annotations

from pathlib import Path

import pytest

from triton_migrate.carriers import carrier_for
from triton_migrate.carriers.cpp import lex_c, lex_cmake
from triton_migrate.carriers.dependencies import find_requirements, parse_requirement
from triton_migrate.carriers.pbtxt import model_directory_files, parse_config
from triton_migrate.engine import migrate_bytes
from triton_migrate.settings import Settings

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("path, carrier", [
    ("requirements.txt", "requirements"), ("requirements-dev.txt", "requirements"),
    ("constraints.txt", "requirements"), ("setup.cfg", "requirements"), ("pyproject.toml", "requirements"),
    ("environment.yml", "requirements"), ("Pipfile", "requirements"), ("deploy/k8s.yaml", "yaml"),
    ("models/m/config.pbtxt", "pbtxt"), ("src/main.cc", "cpp"), ("CMakeLists.txt", "cpp"),
    ("cmake/TRTISConfig.cmake", "cpp"), ("setup.py", "python"),
])
def test_claims(path: str, carrier: str) -> None:
    found = carrier_for(path)
    assert found is not None and found.name == carrier


def test_c_lexer_skips_comments_and_literals() -> None:
    source = lex_c('// A\n/* B */ "C" \'D\' R"x(E)x" u8"F" G /* H\n */ I\n#include <request.h>\n')
    assert [t.value for t in source.tokens] == ["G", "I"]
    assert [t.value for t in source.includes] == ["request.h"]


def test_cmake_lexer_skips_comments() -> None:
    source = lex_cmake('# TRTIS_A\n#[[ TRTIS_B ]]\noption(TRTIS_C "x")\n')
    assert "TRTIS_C" in source.names() and "TRTIS_A" not in source.names() and "TRTIS_B" not in source.names()


def test_requirement_span_keeps_marker_and_comment() -> None:
    text = 'tensorrtserver [x] == 1.11.0 ; python_version>"3" # c\n'
    found = parse_requirement(text, 0, text.index("#"), "requirements")
    assert found is not None
    assert text[found.start:found.end] == "tensorrtserver [x] == 1.11.0"
    assert found.extras == ("x",) and found.spec == "==1.11.0"


def test_backslash_continued_hashes_are_seen() -> None:
    text = "tensorrtserver==1.11.0 \\\n    --hash=sha256:00\n"
    assert find_requirements(text, "requirements")[0].hashed


def test_pbtxt_parses_v1_config_and_refuses_garbage() -> None:
    config = parse_config('name: "m" platform: "custom" max_batch_size: 8')
    assert config.platform == "custom"
    from triton_migrate.carriers import CarrierParseError
    with pytest.raises(CarrierParseError):
        parse_config("name: ")


def test_sibling_listing_only_for_real_files(tmp_path: Path) -> None:
    model = tmp_path / "m"
    (model / "1").mkdir(parents=True)
    (model / "config.pbtxt").write_text('platform: "custom"\n')
    (model / "1" / "libcustom.so").write_bytes(b"\x7fELF\x00")
    assert model_directory_files(str(model / "config.pbtxt")) == ["1/libcustom.so", "config.pbtxt"]
    assert model_directory_files(str(tmp_path / "nowhere" / "config.pbtxt")) == []


def test_example_repository_custom_model_names_its_library() -> None:
    path = REPO / "examples/v1-project/models/my_custom/config.pbtxt"
    outcome = migrate_bytes(path.read_bytes(), str(path), Settings())
    assert outcome.new_bytes is None
    messages = [f.message for f in outcome.result.findings if f.rule == "pbtxt_custom_backend"]
    assert messages and "1/libcustom.so" in messages[0]


def test_example_requirements_migrate() -> None:
    path = REPO / "examples/v1-project/requirements.txt"
    outcome = migrate_bytes(path.read_bytes(), str(path), Settings())
    assert outcome.new_bytes is not None and b"tritonclient[all]~=2.72.0" in outcome.new_bytes
