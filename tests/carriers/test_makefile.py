"""Makefile carrier: recipes and assignments read as shell, make's `$(VAR)` and `$$` kept."""
from __future__ import annotations

from triton_migrate.carriers import carrier_for
from triton_migrate.carriers.makefile import MakeSyntax, mask_make
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.versions import Version

SETTINGS = Settings(target_version=Version("2.51"))


def migrate(text: str, path: str = "Makefile") -> tuple[str, list]:
    result = migrate_text(text, path, SETTINGS)
    assert result.status != "error", result.reason
    return (result.new if result.new is not None else text), result.findings


def test_claims() -> None:
    for path in ("Makefile", "sub/makefile", "GNUmakefile", "rules.mk", "Makefile.cuda"):
        assert carrier_for(path).name == "makefile", path
    assert carrier_for("CMakeLists.txt").name != "makefile"


def test_mask_keeps_offsets_of_make_syntax() -> None:
    code = 'echo "$$HOME" $(MODELS) $(shell ls -d x) $@'
    masked, offsets = mask_make(code)
    assert masked == 'echo "$HOME" ${MODELS} ${_} ${_}'
    assert code[offsets[masked.index("${MODELS}")]:].startswith("$(MODELS)")
    assert offsets[-1] == len(code)


def test_recipe_server_and_variable_program() -> None:
    text = ("SERVER = /opt/tensorrtserver/bin/trtserver\nM := $(CURDIR)/m\n\nrun:\n"
            "\t@$(SERVER) --model-store=$(M) --strict-model-config=false\n"
            "\tdocker run --rm -v$(M):/m nvcr.io/nvidia/tensorrtserver:20.02-py3 \\\n\t  trtserver --model-store=/m\n")
    new, findings = migrate(text)
    assert new.startswith("SERVER = /opt/tritonserver/bin/tritonserver\n")
    assert "\t@$(SERVER) --model-control-mode=poll --model-repository=$(M)\n" in new
    assert "nvcr.io/nvidia/tritonserver:24.10-py3 \\\n\t  tritonserver --model-control-mode=poll" in new
    assert not [f for f in findings if not f.applied]
    again, findings = migrate(new)
    assert again == new and not any(f.applied for f in findings)


def test_dollar_escapes_and_new_words() -> None:
    text = "up:\n\ttrtserver --model-store=$$HOME/m --allow-model-control=true\n"
    new, _ = migrate(text)
    assert new == "up:\n\ttritonserver --disable-auto-complete-config --model-repository=$$HOME/m --model-control-mode=explicit\n"
    assert MakeSyntax("").quote("a$b c") == "'a$$b c'"


def test_v2_makefile_is_left_alone() -> None:
    text = "serve:\n\ttritonserver --model-repository=$(MODELS) --model-control-mode=explicit\nifeq ($(X),1)\nY=1\nendif\n"
    new, findings = migrate(text)
    assert new == text and findings == []
