# V1 shape: contexts built in a dict comprehension keyed by model.
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

ctxs = {m: InferContext(URL, PROTO, m) for m in ["simple"]}
for m, c in ctxs.items():
    r = c.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    print("OK", m, int(r["OUTPUT0"][0].sum()))
