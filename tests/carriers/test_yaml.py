"""YAML carrier: Kubernetes, Compose, Helm; edits by span."""
from __future__ import annotations

from triton_migrate.carriers.yaml import mask_templates
from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings
from triton_migrate.versions import Version


def migrate(text: str, path: str = "deploy.yaml", **kw: object) -> tuple[str, list]:
    result = migrate_text(text, path, Settings(target_version=Version("2.51"), **kw))  # type: ignore[arg-type]
    assert result.status != "error", result.reason
    return (result.new if result.new is not None else text), result.findings


def test_mask_keeps_offsets() -> None:
    text = "a: {{ .Values.x }}\n{{- if .Values.y }}\nb: \"{{ .Values.z }}\"\n{{- end }}\n"
    masked = mask_templates(text)
    assert len(masked) == len(text)
    assert [len(x) for x in masked.split("\n")] == [len(x) for x in text.split("\n")]
    assert "{{" not in masked


def test_comments_and_layout_are_kept() -> None:
    text = (
        "# top comment\n"
        "containers:\n"
        "  - name: s   # the server\n"
        "    args:   [ 'trtserver',   '--model-store=/m' ]   # flow\n"
    )
    new, _ = migrate(text)
    assert new.startswith("# top comment\ncontainers:\n  - name: s   # the server\n")
    assert new.endswith("   # flow\n")
    assert "'tritonserver'" in new and "'--model-repository=/m'" in new


def test_block_list_items_added_with_same_indent() -> None:
    text = "args:\n    - trtserver\n    - --model-store=/m\nother: 1\n"
    new, _ = migrate(text)
    assert new == ("args:\n    - tritonserver\n    - --model-control-mode=poll\n"
                   "    - --disable-auto-complete-config\n    - --model-repository=/m\nother: 1\n")


def test_broken_yaml_is_skipped_byte_identical() -> None:
    text = "a: [trtserver\nb: : :\n"
    result = migrate_text(text, "x.yaml", Settings())
    assert result.status == "skipped"
    # The file, then its V1 line.
    assert [(f.rule, f.v1) for f in result.findings] == [("unparsable_file", None), ("unparsable_file", "trtserver")]
    assert result.findings[1].line == 1 and result.findings[1].column == 4


def test_compose_string_command_with_comment() -> None:
    text = "services:\n  s:\n    command: trtserver --model-store=/m  # V1\n"
    new, _ = migrate(text, "docker-compose.yml")
    assert new.endswith("--model-repository=/m  # V1\n")


def test_probe_on_separate_health_port_is_reported() -> None:
    text = ("containers:\n- name: s\n  command: [trtserver, --http-health-port=8005]\n"
            "  ports:\n  - {containerPort: 8000, name: http}\n"
            "  livenessProbe:\n    httpGet: {path: /v2/health/live, port: 8005}\n")
    new, findings = migrate(text, select=frozenset({"health_endpoints"}))
    assert new == text
    assert [(f.rule, f.applied, f.line) for f in findings] == [("health_endpoints", False, 7)]


def test_probe_on_other_port_without_v1_usage_is_not_read() -> None:
    # A V2 manifest: nothing V1 in it, so it is neither parsed nor reported.
    text = ("containers:\n- name: s\n  ports:\n  - {containerPort: 8000, name: http}\n"
            "  livenessProbe:\n    httpGet: {path: /v2/health/live, port: 8005}\n")
    new, findings = migrate(text)
    assert new == text and findings == []


def test_lookalike_names_left_alone() -> None:
    text = "metadata:\n  name: trtserver\nspec:\n  serviceName: trtserver\n  containers:\n  - name: trtserver\n    image: x\n"
    new, findings = migrate(text)
    assert new == text and findings == []


def test_sh_c_with_literal_block() -> None:
    text = "command: [\"/bin/sh\", \"-c\"]\nargs:\n  - |\n    trtserver --model-store=/m \\\n      --allow-model-control=true\n"
    new, _ = migrate(text)
    assert "tritonserver --disable-auto-complete-config --model-repository=/m \\\n      --model-control-mode=explicit\n" in new
