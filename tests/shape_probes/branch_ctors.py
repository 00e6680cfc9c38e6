# V1 shape: a context built in both branches of an if
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

if sys.argv[2].lower() == "http":
    ctx = InferContext(URL, ProtocolType.HTTP, "simple")
else:
    ctx = InferContext(URL, ProtocolType.GRPC, "simple")
print("OK", int(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum()))
