# V1 shape: classes imported under other names (`InferContext as IC`).
import sys
import numpy as np
from tensorrtserver.api import InferContext as IC, ProtocolType as PT
URL, PROTO = sys.argv[1], PT.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
ctx = IC(URL, PROTO, "simple")
r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": IC.ResultFormat.RAW}, 1)
print("OK", int(r["OUTPUT0"][0].sum()))
