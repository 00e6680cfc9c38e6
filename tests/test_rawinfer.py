"""The V2 request of a raw V1 HTTP inference (triton_migrate.rawinfer) and its findings."""
from __future__ import annotations

import json

from triton_migrate.rawinfer import v2_path, v2_request


def test_v2_path_of_a_literal_url() -> None:
    assert v2_path("http://localhost:8000/api/infer/simple") == "http://localhost:8000/v2/models/simple/infer"
    assert v2_path("http://h:8000/api/infer/simple/3") == "http://h:8000/v2/models/simple/versions/3/infer"
    assert v2_path("/api/infer/") is None
    assert v2_path("http://h:8000/api/infer/{model}") is None  # not a literal model name


def test_v2_request_of_a_header_text() -> None:
    request = json.loads(v2_request('batch_size: 1 input { name: "INPUT__0" } output { name: "OUTPUT__0"}') or "")
    assert [i["name"] for i in request["inputs"]] == ["INPUT__0"]
    assert request["inputs"][0]["shape"].startswith("[1, <dims>] if the model batches")
    assert request["outputs"] == [{"name": "OUTPUT__0", "parameters": {"binary_data": True}}]
    assert "parameters" not in request


def test_v2_request_with_dims_sequence_and_classification() -> None:
    request = json.loads(v2_request(
        'id: 7 flags: 3 correlation_id: 42 batch_size: 2 input { name: "IN" dims: [4, 5] } '
        'output { name: "OUT" cls { count: 3 } }') or "")
    assert request["inputs"][0]["shape"].startswith("[2, 4, 5] if the model batches")
    assert request["outputs"][0]["parameters"] == {"binary_data": True, "classification": 3}
    assert request["parameters"] == {"sequence_id": 42, "sequence_start": True, "sequence_end": True}
    assert request["id"] == "7"


def test_not_a_header() -> None:
    assert v2_request("batch_size: one") is None
    assert v2_request("no_such_field: 1") is None


def test_findings_name_the_v2_url_and_request() -> None:
    from triton_migrate.engine import migrate_text
    from triton_migrate.settings import Settings

    text = ("import requests\n"
            "headers = {'NV-InferRequest': 'batch_size: 1 input { name: \"IN\" } output { name: \"OUT\" }'}\n"
            "r = requests.post('http://localhost:8000/api/infer/simple', data=b'', headers=headers)\n")
    result = migrate_text(text, "t.py", Settings())
    assert result.new is None  # reported, not rewritten
    by_line = {f.line: f for f in result.findings}
    assert by_line[3].replacement == "POST http://localhost:8000/v2/models/simple/infer"
    assert '"name": "IN"' in by_line[2].replacement and "Inference-Header-Content-Length" in by_line[2].message
