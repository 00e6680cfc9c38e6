"""A health check written in mid-2020 against the tritonhttpclient wheel."""
import tritonhttpclient
from tritonclientutils import InferenceServerException


def server_is_ready(url="localhost:8000"):
    try:
        client = tritonhttpclient.InferenceServerClient(url=url)
        return client.is_server_ready()
    except InferenceServerException:
        return False
