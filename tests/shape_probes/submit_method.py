# V1 shape: executor.submit(ctx.run, ...)
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

from concurrent.futures import ThreadPoolExecutor
ctx = InferContext(URL, PROTO, "simple")
with ThreadPoolExecutor(1) as pool:
    fut = pool.submit(ctx.run, {"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    print("OK", int(fut.result()["OUTPUT0"][0].sum()))
