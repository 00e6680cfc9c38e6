# V1 shape: a helper returns the run's result dict, the caller reads it
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def infer(ctx):
    return ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)

ctx = InferContext(URL, PROTO, "simple")
res = infer(ctx)
print("OK", int(res["OUTPUT0"][0].sum()), list(res))
