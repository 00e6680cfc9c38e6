# V1 shape: inputs cast inline with astype
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = InferContext(URL, PROTO, "simple")
Y = np.arange(16)
r = ctx.run({"INPUT0": [Y.astype(np.int32)], "INPUT1": [np.ones(16, dtype=np.int32)]}, {"OUTPUT1": InferContext.ResultFormat.RAW}, 1)
print("OK", int(r["OUTPUT1"][0].sum()))
