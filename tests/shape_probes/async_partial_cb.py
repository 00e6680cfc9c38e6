# V1 shape: async_run with a functools.partial callback
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import functools
done = []
def collect(tag, ctx, request_id):
    done.append((tag, request_id))
ctx = InferContext(URL, PROTO, "simple")
ctx.async_run(functools.partial(collect, "a"), {"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
import time
while not done:  # V1 calls back when the request completes
    time.sleep(0.01)
tag, rid = done[0]
r = ctx.get_async_run_results(rid, True)
print("OK", tag, int(r["OUTPUT0"][0].sum()))
