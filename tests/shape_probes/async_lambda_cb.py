# V1 shape: async_run with a lambda callback filling a list
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ids = []
ctx = InferContext(URL, PROTO, "simple")
ctx.async_run(lambda c, rid: ids.append(rid), {"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
import time
while not ids:  # V1 calls back when the request completes
    time.sleep(0.01)
r = ctx.get_async_run_results(ids[0], True)
print("OK", int(r["OUTPUT0"][0].sum()))
