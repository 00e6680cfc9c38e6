# V1 shape: async ids collected by a helper handed the context
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def collect(ctx, ids):
    return [int(ctx.get_async_run_results(i, True)["OUTPUT0"][0].sum()) for i in ids]
ctx = InferContext(URL, PROTO, "simple")
ids = [ctx.async_run(None, {"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1) for _ in range(2)]
print("OK", collect(ctx, ids))
