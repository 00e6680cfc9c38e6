# V1 shape: a context on a __slots__ class
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Runner:
    __slots__ = ("ctx",)
    def __init__(self):
        self.ctx = InferContext(URL, PROTO, "simple")
    def go(self):
        return int(self.ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum())
print("OK", Runner().go())
