# V1 shape: async_run() with a bound method of the class as callback, ids collected on self.
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

class Client:
    def __init__(self):
        self.ctx = InferContext(URL, PROTO, "simple")
        self.done = []

    def _done(self, ctx, request_id):
        self.done.append(request_id)

    def send(self):
        self.ctx.async_run(self._done, {"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)

    def collect(self):
        return [int(self.ctx.get_async_run_results(i)["OUTPUT0"][0].sum()) for i in self.done]

c = Client()
c.send(); c.send()
print("OK", c.collect())
