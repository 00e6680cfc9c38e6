"""V1 stand-in (tests only): the few V1 client calls the generated programs make, done with tritonclient."""
import enum

import numpy as np


class InferenceServerException(Exception):
    pass


class ProtocolType(enum.IntEnum):
    HTTP = 0
    GRPC = 1

    @classmethod
    def from_str(cls, value):
        value = value.lower()
        if value == "http":
            return cls.HTTP
        if value == "grpc":
            return cls.GRPC
        raise InferenceServerException("unexpected protocol: " + value)


def _client(url, protocol):
    if not isinstance(protocol, ProtocolType):
        raise TypeError("V1 stand-in: the protocol must be a ProtocolType, got %r" % (protocol,))
    if protocol == ProtocolType.HTTP:
        import tritonclient.http as module
    else:
        import tritonclient.grpc as module
    return module, module.InferenceServerClient(url)


class ServerHealthContext:
    def __init__(self, url, protocol, verbose=False):
        self._module, self._client = _client(url, protocol)

    def is_live(self):
        return self._client.is_server_live()

    def is_ready(self):
        return self._client.is_server_ready()

    def close(self):
        self._client.close()


class InferContext:
    class ResultFormat(enum.Enum):
        RAW = 1
        CLASS = 2

    def __init__(self, url, protocol, model_name, model_version=None, verbose=False, correlation_id=0,
                 streaming=False, http_headers=None, **options):
        self._module, self._client = _client(url, protocol)
        self._model = model_name
        # V1 asked the server for the model's status here: an unknown model raised at once. (A client of its
        # own: an HTTP client used here would be bound to this thread, and V1 contexts ran in any thread.)
        checker = _client(url, protocol)[1]
        try:
            checker.get_model_metadata(model_name)
        except Exception as e:
            raise InferenceServerException(str(e))
        finally:
            checker.close()
        self._results = {}
        self._next_id = 0

    def async_run(self, callback, inputs, outputs, batch_size=1, flags=0, corr_id=0):
        """Sent and answered at once here; the callback gets (ctx, request_id) as V1's did."""
        self._next_id += 1
        request_id = self._next_id
        self._results[request_id] = self.run(inputs, outputs, batch_size)
        if callback is not None:
            callback(self, request_id)
        return request_id

    def get_async_run_results(self, request_id, wait=True):
        return self._results.pop(request_id)

    def run(self, inputs, outputs, batch_size=1):
        from tritonclient.utils import np_to_triton_dtype

        v2_inputs = []
        for name, items in inputs.items():
            data = np.stack(items)
            tensor = self._module.InferInput(name, list(data.shape), np_to_triton_dtype(data.dtype))
            tensor.set_data_from_numpy(data)
            v2_inputs.append(tensor)
        v2_outputs = [self._module.InferRequestedOutput(name) for name in outputs]
        result = self._client.infer(self._model, v2_inputs, outputs=v2_outputs)
        return {name: list(result.as_numpy(name)) for name in outputs}

    def close(self):
        self._client.close()


class ModelControlContext:
    def __init__(self, url, protocol, verbose=False, http_headers=None):
        self._module, self._client = _client(url, protocol)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def load(self, model_name):
        self._client.load_model(model_name)

    def unload(self, model_name):
        self._client.unload_model(model_name)

    def close(self):
        self._client.close()
