# V1 shape: ThreadPoolExecutor.map(lambda c: c.run(...), ctxs)
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

from concurrent.futures import ThreadPoolExecutor
ctxs = [InferContext(URL, PROTO, "simple") for _ in range(2)]
with ThreadPoolExecutor(2) as pool:
    for r in pool.map(lambda c: c.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1), ctxs):
        print("OK", int(r["OUTPUT0"][0].sum()))
