"""JSON manifests read like YAML; bad JSON is left byte-identical with a finding."""
from __future__ import annotations

import json

from triton_migrate.engine import migrate_bytes, migrate_text
from triton_migrate.settings import Settings
from triton_migrate.versions import Version

SETTINGS = Settings(target_version=Version("2.51"))


def test_openshift_template_container_and_env() -> None:
    doc = {"kind": "Template", "objects": [{"kind": "DeploymentConfig", "spec": {"template": {"spec": {"containers": [{
        "name": "server", "image": "nvcr.io/nvidia/tensorrtserver:20.02-py3",
        "command": ["/opt/tensorrtserver/bin/trtserver", "--model-store=/models", "--api-version=2"],
        "env": [{"name": "NVIDIA_TENSORRT_SERVER_VERSION", "value": "1.10"}],
        "readinessProbe": {"httpGet": {"path": "/api/health/ready", "port": 8000}}}]}}}}]}
    text = json.dumps(doc, indent=2) + "\n"
    result = migrate_text(text, "template.json", SETTINGS)
    assert result.status == "changed", result.reason
    new = json.loads(result.new)
    container = new["objects"][0]["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "nvcr.io/nvidia/tritonserver:24.10-py3"
    assert container["command"][0] == "/opt/tritonserver/bin/tritonserver"
    assert "--model-repository=/models" in container["command"] and "--api-version=2" not in container["command"]
    assert container["env"][0]["name"] == "NVIDIA_TRITON_SERVER_VERSION"
    assert container["readinessProbe"]["httpGet"]["path"] == "/v2/health/ready"
    again = migrate_text(result.new, "template.json", SETTINGS)
    assert again.status == "unchanged"


def test_invalid_json_is_left_byte_identical() -> None:
    data = b'{"command": ["trtserver", "--model-store=/m",]}\n'
    outcome = migrate_bytes(data, "pod.json", SETTINGS)
    assert outcome.new_bytes is None and outcome.result.status == "skipped"
    # One finding for the file, one for its V1 line (both `unparsable_file`, the line one names the V1 text).
    file_level, line_level = outcome.result.findings
    assert (file_level.rule, file_level.v1) == ("unparsable_file", None)
    assert (line_level.rule, line_level.line, line_level.v1) == ("unparsable_file", 1, "trtserver")
    assert "server_binary" in line_level.message and "does not parse as JSON" in line_level.message


def test_json_without_v1_needle_is_not_read() -> None:
    data = b'{"name": "triton", "description": "Triton operator", "command": ["tritonserver"]}'
    outcome = migrate_bytes(data, "package.json", SETTINGS)
    assert outcome.result.status == "unchanged" and outcome.result.findings == []
