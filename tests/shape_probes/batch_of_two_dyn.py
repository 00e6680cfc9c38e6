# V1 shape: a batch of two on the dynamic model
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = InferContext(URL, PROTO, "simple")
r = ctx.run({"INPUT0": [X, X + 1], "INPUT1": [X, X]}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 2)
print("OK", len(r["OUTPUT0"]), int(r["OUTPUT0"][1].sum()))
