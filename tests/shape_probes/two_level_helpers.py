# V1 shape: a context handed through two helpers.
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

def inner(ctx):
    r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    return int(r["OUTPUT0"][0].sum())

def outer(ctx):
    return inner(ctx)

print("OK", outer(InferContext(URL, PROTO, "simple")))
