# V1 shape: a method returning a context, called as `self.make()`.
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

class Client:
    def make(self):
        return InferContext(URL, PROTO, "simple")

    def go(self):
        ctx = self.make()
        r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
        return int(r["OUTPUT0"][0].sum())

print("OK", Client().go())
