# V1 shape: outputs built with a dict comprehension over a list
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

outs = ["OUTPUT0", "OUTPUT1"]
ctx = InferContext(URL, PROTO, "simple")
r = ctx.run({"INPUT0": [X], "INPUT1": [X]}, {n: InferContext.ResultFormat.RAW for n in outs}, 1)
print("OK", [int(r[n][0].sum()) for n in outs])
