# V1 shape: a run() result handed to a helper that indexes it.
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

def total(result, name):
    return int(result[name][0].sum())
ctx = InferContext(URL, PROTO, "simple")
r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW, "OUTPUT1": InferContext.ResultFormat.RAW}, 1)
print("OK", total(r, "OUTPUT0"), total(r, "OUTPUT1"), sorted(r.keys()))
