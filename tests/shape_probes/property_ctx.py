# V1 shape: a context read through a @property.
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
        self._ctx = InferContext(URL, PROTO, "simple")

    @property
    def ctx(self):
        return self._ctx

c = Client()
r = c.ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print("OK", int(r["OUTPUT0"][0].sum()))
