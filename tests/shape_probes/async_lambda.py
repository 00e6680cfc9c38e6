# V1 shape: async_run() with a lambda callback that keeps the request ids.
import sys
import time
from typing import Optional
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

done = []
ctx = InferContext(URL, PROTO, "simple")
ctx.async_run(lambda c, i: done.append(i), {"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
for i in done:
    print("OK", int(ctx.get_async_run_results(i)["OUTPUT0"][0].sum()))
