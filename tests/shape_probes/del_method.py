# V1 shape: a context closed in __del__
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Runner:
    def __init__(self):
        self.ctx = InferContext(URL, PROTO, "simple")

    def go(self):
        r = self.ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
        return int(r["OUTPUT0"][0].sum())

    def __del__(self):
        self.ctx.close()

print("OK", Runner().go())
