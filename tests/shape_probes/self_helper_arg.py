# V1 shape: a context on self passed to another method
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Runner:
    def __init__(self):
        self.ctx = InferContext(URL, PROTO, "simple")

    def once(self, ctx):
        return int(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum())

    def go(self):
        return self.once(self.ctx)

print("OK", Runner().go())
