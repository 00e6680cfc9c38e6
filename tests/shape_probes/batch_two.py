# V1 shape: a batch of two in one run().
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

ctx = InferContext(URL, PROTO, "simple")
r = ctx.run({"INPUT0": (X, X), "INPUT1": (X, X)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 2)
print("OK", len(r["OUTPUT0"]), [int(v.sum()) for v in r["OUTPUT0"]])
