"""The dependencies carrier: requirement spans, hashes, the example requirements file."""
from __future__ import annotations

from pathlib import Path

from triton_migrate.carriers.dependencies import find_requirements, parse_requirement
from triton_migrate.engine import migrate_bytes
from triton_migrate.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def test_requirement_span_keeps_marker_and_comment() -> None:
    text = 'tensorrtserver [x] == 1.11.0 ; python_version>"3" # c\n'
    found = parse_requirement(text, 0, text.index("#"), "requirements")
    assert found is not None
    assert text[found.start:found.end] == "tensorrtserver [x] == 1.11.0"
    assert found.extras == ("x",) and found.spec == "==1.11.0"


def test_backslash_continued_hashes_are_seen() -> None:
    text = "tensorrtserver==1.11.0 \\\n    --hash=sha256:00\n"
    assert find_requirements(text, "requirements")[0].hashed


def test_example_requirements_migrate() -> None:
    path = REPO / "examples/v1-project/requirements.txt"
    outcome = migrate_bytes(path.read_bytes(), str(path), Settings())
    assert outcome.new_bytes is not None and b"tritonclient[all]~=2.72.0" in outcome.new_bytes
