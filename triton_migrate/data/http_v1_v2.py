"""V1 HTTP/REST endpoints and their V2 endpoints (spec section 3). Data only."""
from __future__ import annotations

# One-to-one path rewrites: regex on the path -> V2 path template (\\1 = model name).
REWRITES: tuple[tuple[str, str, str], ...] = (
    (r"/api/health/live(?![\w-])", "/v2/health/live", "GET /api/health/live is GET /v2/health/live in V2."),
    (r"/api/health/ready(?![\w-])", "/v2/health/ready", "GET /api/health/ready is GET /v2/health/ready in V2."),
    (r"/api/modelcontrol/load/([\w.-]+)", r"/v2/repository/models/\1/load",
     "POST /api/modelcontrol/load/<model> is POST /v2/repository/models/<model>/load in V2."),
    (r"/api/modelcontrol/unload/([\w.-]+)", r"/v2/repository/models/\1/unload",
     "POST /api/modelcontrol/unload/<model> is POST /v2/repository/models/<model>/unload in V2."),
    (r"/api/repository/index(?![\w-])", "/v2/repository/index",
     "GET /api/repository/index is POST /v2/repository/index in V2 (the method changed)."),
)
# Prefix of a model-control path whose model name follows as an expression.
MODEL_CONTROL_PREFIX = r"/api/modelcontrol/(load|unload)/$"
MODEL_CONTROL_V2 = "/v2/repository/models/{model}/{action}"
INDEX_PATH = "/api/repository/index"

# Endpoints whose body and headers changed: reported with the V2 endpoint.
REPORTS: tuple[tuple[str, str, str], ...] = (
    (r"/api/infer(?:/[\w.{}$-]*)*", "POST /v2/models/<model>[/versions/<v>]/infer",
     "V1 /api/infer sent an NV-InferRequest header (text InferRequestHeader) and raw tensors; V2 "
     "POST /v2/models/<model>[/versions/<v>]/infer takes a JSON body {\"inputs\": [{\"name\", \"shape\" (with the "
     "batch dimension), \"datatype\", \"data\"}], \"outputs\": [...]} (binary tensors after the JSON with "
     "Inference-Header-Content-Length); errors are non-200 with {\"error\": ...} instead of NV-Status. "
     "Consider tritonclient.http.InferenceServerClient.infer()."),
    (r"/api/status(?:/[\w.{}$-]*)?", "GET /v2 and GET /v2/models/<model>[/config|/stats|/ready]",
     "V1 /api/status returned a ServerStatus protobuf; V2 has GET /v2 (server metadata), GET /v2/models/<model> "
     "(metadata), /v2/models/<model>/config, /v2/models/<model>/stats, /v2/models/<model>/ready and "
     "POST /v2/repository/index (model states), all JSON."),
    (r"/api/sharedmemorycontrol(?:/[\w.{}$-]*)*", "/v2/systemsharedmemory/... and /v2/cudasharedmemory/...",
     "V1 /api/sharedmemorycontrol is split in V2: POST /v2/systemsharedmemory/region/<name>/register with a JSON "
     "body {\"key\", \"offset\", \"byte_size\"}, /v2/cudasharedmemory/region/<name>/register with {\"raw_handle\": "
     "{\"b64\"}, \"device_id\", \"byte_size\"}, .../unregister and .../status per region type."),
)
