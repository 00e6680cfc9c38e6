# V1 shape: positional verbose and model_version -1 arguments.
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

headers = None
h = ServerHealthContext(URL, PROTO, False)
ctx = InferContext(URL, PROTO, "simple", -1, False)
r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print("OK", h.is_live(), int(r["OUTPUT0"][0].sum()))
