# V1 shape: a context variable rebound to a string after use
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = InferContext(URL, PROTO, "simple")
total = int(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum())
ctx = "closed"
print("OK", total, ctx.upper())
