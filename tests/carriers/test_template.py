"""``*.in`` templates: the generated file's carrier reads them through @VAR@ / {{ }} masks."""
from __future__ import annotations

from triton_migrate.carriers import carrier_for
from triton_migrate.carriers.template import mask_markers
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.versions import Version

SETTINGS = Settings(target_version=Version("2.51"))


def test_claims_by_the_generated_name() -> None:
    assert carrier_for("deploy/run.sh.in").name == "template"
    assert carrier_for("models/x/config.pbtxt.in").name == "template"
    assert carrier_for("k8s/pod.yaml.in").name == "template"
    assert carrier_for("Makefile.am.in") is None or carrier_for("Makefile.am.in").name != "template"
    assert carrier_for("setup.in") is None or carrier_for("setup.in").name != "template"


def test_markers_round_trip_and_findings_quote_them() -> None:
    text = "exec trtserver --model-store=@MODEL_DIR@ --http-port={{ port }}\n"
    result = migrate_text(text, "run.sh.in", SETTINGS)
    assert result.new == ("exec tritonserver --model-control-mode=poll --disable-auto-complete-config "
                          "--model-repository=@MODEL_DIR@ --http-port={{ port }}\n")
    assert any("@MODEL_DIR@" in f.message for f in result.findings)
    assert not any("tmplvar" in (f.message + (f.replacement or "")) for f in result.findings)


def test_mask_is_word_like_and_unique() -> None:
    masked, found = mask_markers("a @X@ b @X@ {{ .Values.y }} tmplvar0x\n")
    assert masked.count("tmplvar0xx") == 2 and len(found) == 2


def test_residue_in_template_is_named() -> None:
    text = "image: @REGISTRY@/tensorrtserver:19.10-py3\n"
    result = migrate_text(text, "pod.yaml.in", SETTINGS)
    assert result.new is None
    assert [(f.rule, f.line) for f in result.findings] == [("unconverted_v1_names", 1)]


def test_a_flag_dropped_with_its_marker_keeps_the_others() -> None:
    text = "trtserver --model-store=@DIR@ --http-health-port=@HEALTH@ --http-port=@HTTP@\n"
    result = migrate_text(text, "run.sh.in", SETTINGS)
    assert result.new is not None and "@HEALTH@" not in result.new
    assert "--model-repository=@DIR@" in result.new and "--http-port=@HTTP@" in result.new
    assert "tmplvar" not in result.new


def test_unparsable_generated_file_is_left_byte_identical() -> None:
    text = "apiVersion: v1\nimage: nvcr.io/nvidia/tensorrtserver:19.10-py3\n{% if gpu %}\n  a: [\n"
    result = migrate_text(text, "pod.yaml.in", SETTINGS)
    assert result.new is None and result.status == "skipped"
    assert [(f.rule, f.line, f.v1) for f in result.findings] == [
        ("unparsable_file", 3, None), ("unparsable_file", 2, "tensorrtserver")]


def test_config_pbtxt_template_read_by_the_pbtxt_rules() -> None:
    text = 'name: "@MODEL_NAME@"\nplatform: "tensorflow_graphdef"\nmax_batch_size: 8\n'
    result = migrate_text(text, "models/m/config.pbtxt.in", SETTINGS)
    assert result.status != "error", result.reason
    assert (result.new or text).startswith('name: "@MODEL_NAME@"\n')
    tf1 = [f for f in result.findings if f.rule == "pbtxt_tensorflow1"]
    assert tf1 and "@MODEL_NAME@" in tf1[0].message and not any("tmplvar" in f.message for f in result.findings)
