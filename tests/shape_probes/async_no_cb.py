# V1 shape: async_run without a callback, results in order
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = InferContext(URL, PROTO, "simple")
first = ctx.async_run(None, {"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
second = ctx.async_run(None, {"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print("OK", int(ctx.get_async_run_results(second, True)["OUTPUT0"][0].sum()))
print("OK", int(ctx.get_async_run_results(first, True)["OUTPUT0"][0].sum()))
