# V1 shape: runs over an enumerated list of inputs
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = InferContext(URL, PROTO, "simple")
for i, data in enumerate([X, X * 2]):
    r = ctx.run({"INPUT0": [data], "INPUT1": [X]}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    print("OK", i, int(r["OUTPUT0"][0].sum()))
