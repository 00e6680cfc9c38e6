# V1 shape: model name and version from variables
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

model, version = "simple", 1
ctx = InferContext(URL, PROTO, model, version)
r = ctx.run({"INPUT0": [X], "INPUT1": [X]}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print("OK", model, int(r["OUTPUT0"][0].sum()))
