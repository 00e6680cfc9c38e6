# V1 shape: one run per batch item index, results indexed by the loop
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = InferContext(URL, PROTO, "simple")
batch = 2
r = ctx.run({"INPUT0": [X] * batch, "INPUT1": [X] * batch}, {"OUTPUT0": InferContext.ResultFormat.RAW}, batch)
for b in range(batch):
    print("OK", b, int(r["OUTPUT0"][b].sum()))
