# V1 shape: async_run() request ids kept in a deque and collected with get_async_run_results(id, True).
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

ctx = InferContext(URL, PROTO, "simple")
ids = collections.deque()
for _ in range(3):
    ids.append(ctx.async_run(None, {"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1))
while ids:
    r = ctx.get_async_run_results(ids.popleft(), True)
    print("OK", int(r["OUTPUT0"][0].sum()))
