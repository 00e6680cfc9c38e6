# V1 shape: several contexts in a list comprehension
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctxs = [InferContext(URL, PROTO, "simple") for _ in range(2)]
for c in ctxs:
    r = c.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    print("OK", int(r["OUTPUT0"][0].sum()))
