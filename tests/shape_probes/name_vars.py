# V1 shape: input and output names held in variables
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

in0, in1, out0 = "INPUT0", "INPUT1", "OUTPUT0"
ctx = InferContext(URL, PROTO, "simple")
r = ctx.run({in0: [X], in1: [X]}, {out0: InferContext.ResultFormat.RAW}, 1)
print("OK", int(r[out0][0].sum()))
