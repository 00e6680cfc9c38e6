"""The model-configuration carrier: parsing config.pbtxt and listing the model's files."""
from __future__ import annotations

from pathlib import Path

import pytest

from triton_migrate.carriers.pbtxt import model_directory_files, parse_config
from triton_migrate.engine import migrate_bytes
from triton_migrate.settings import Settings

REPO = Path(__file__).resolve().parents[2]


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
