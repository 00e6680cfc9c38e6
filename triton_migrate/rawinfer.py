"""The V2 request that a raw V1 HTTP inference (``POST /api/infer/<model>`` with an ``NV-InferRequest``
header) becomes, for findings that say exactly what to send.

V1 took the request header as text protobuf (``InferRequestHeader``) in the
``NV-InferRequest`` HTTP header and the raw input bytes as the body, and
answered with an ``NV-Status`` header.  V2 takes ``POST
/v2/models/<model>[/versions/<v>]/infer`` with a JSON inference request
(inputs with name, shape and datatype; outputs; sequence and classification
parameters), the raw bytes after it (binary tensor extension, header
``Inference-Header-Content-Length``), and answers errors with a non-200 status
and ``{"error": ...}``.  The header is parsed with protobuf's own text format
and the V1 descriptors (``triton_migrate.protos_v1``); what V1 did not carry
(the datatype, the dimensions when the header leaves them out, whether the
model batches) is named as a placeholder, never guessed.

Nothing here rewrites code: the request changes shape and so do the answers a
caller reads (``r.headers`` NV-Status text), so the call is reported.
"""
from __future__ import annotations

import json
import re
from typing import Optional

_PATH = re.compile(r"/api/infer/(?P<model>[\w.$-]+)(?:/(?P<version>[\w.$-]+))?/?$")


def v2_path(v1_url: str) -> Optional[str]:
    """``http://h:8000/v2/models/m/infer`` for ``http://h:8000/api/infer/m`` (the version kept), or None
    when the literal does not end with a literal model name."""
    match = _PATH.search(v1_url)
    if match is None or "{" in match.group(0):
        return None
    version = f"/versions/{match['version']}" if match["version"] else ""
    return f"{v1_url[:match.start()]}/v2/models/{match['model']}{version}/infer"


def v2_request(header_text: str) -> Optional[str]:
    """The V2 JSON inference request for a V1 ``NV-InferRequest`` header text, or None when it does not
    parse as an ``InferRequestHeader``."""
    try:
        from google.protobuf import text_format

        from triton_migrate.protos_v1 import api_pb2

        header = text_format.Parse(header_text, api_pb2.InferRequestHeader())
    except Exception:  # noqa: BLE001 - text_format raises ParseError and others on bad input
        return None
    batch = header.batch_size or 1
    inputs = []
    for item in header.input:
        dims = "<dims>" if not item.dims else ", ".join(str(d) for d in item.dims)
        entry: dict[str, object] = {
            "name": item.name,
            "shape": f"[{batch}, {dims}] if the model batches (max_batch_size > 0), else [{dims}]",
            "datatype": "<the input's data_type in config.pbtxt, without TYPE_ (FP32, INT32, BYTES ...)>",
            "parameters": {"binary_data_size": "<byte size of this input in the body>"},
        }
        inputs.append(entry)
    outputs = []
    for out in header.output:
        params: dict[str, object] = {"binary_data": True}
        if out.HasField("cls"):
            params["classification"] = out.cls.count
        outputs.append({"name": out.name, "parameters": params})
    request: dict[str, object] = {"inputs": inputs, "outputs": outputs}
    parameters: dict[str, object] = {}
    if header.correlation_id:
        parameters["sequence_id"] = header.correlation_id
    if header.flags & 1:
        parameters["sequence_start"] = True
    if header.flags & 2:
        parameters["sequence_end"] = True
    if header.id:
        request["id"] = str(header.id)
    if parameters:
        request["parameters"] = parameters
    return json.dumps(request)


__all__ = ["v2_path", "v2_request"]
