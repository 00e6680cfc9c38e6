# V1 shape: the same variable name for a context in two functions, one with a V1-only use
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def first():
    ctx = InferContext(URL, PROTO, "simple")
    return int(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum())

def second():
    ctx = InferContext(URL, PROTO, "simple")
    r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    return ctx.get_stat()["completed_request_count"] if hasattr(ctx, "get_stat") and False else int(r["OUTPUT0"][0].sum())

print("OK", first(), second())
