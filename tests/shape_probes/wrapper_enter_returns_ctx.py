# V1 shape: with a user wrapper whose __enter__ returns the context
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Conn:
    def __init__(self, model):
        self.ctx = InferContext(URL, PROTO, model)
    def __enter__(self):
        return self.ctx
    def __exit__(self, *exc):
        self.ctx.close()
with Conn("simple") as ctx:
    print("OK", int(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum()))
