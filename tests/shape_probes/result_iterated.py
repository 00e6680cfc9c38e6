# V1 shape: a run() result iterated with items().
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

ctx = InferContext(URL, PROTO, "simple")
r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
for name, values in r.items():
    print("OK", name, len(values), int(values[0].sum()))
