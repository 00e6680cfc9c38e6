# V1 shape: inputs built in a loop into a dict, batch size from a variable
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = InferContext(URL, PROTO, "simple")
batch = 1
inputs = {}
for name in ("INPUT0", "INPUT1"):
    inputs[name] = [X for _ in range(batch)]
r = ctx.run(inputs, {"OUTPUT0": InferContext.ResultFormat.RAW}, batch)
print("OK", int(r["OUTPUT0"][0].sum()))
