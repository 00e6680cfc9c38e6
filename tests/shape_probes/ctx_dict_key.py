# V1 shape: contexts as dictionary keys
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

by_ctx = {InferContext(URL, PROTO, "simple"): "simple"}
for c, name in by_ctx.items():
    print("OK", name, int(c.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum()))
