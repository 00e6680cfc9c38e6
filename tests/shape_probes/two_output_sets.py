# V1 shape: two runs asking for different outputs
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = InferContext(URL, PROTO, "simple")
a = ctx.run({"INPUT0": [X], "INPUT1": [X]}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
b = ctx.run({"INPUT0": [X], "INPUT1": [X]}, {"OUTPUT1": InferContext.ResultFormat.RAW}, 1)
print("OK", sorted(a), sorted(b))
