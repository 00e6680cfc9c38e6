# V1 shape: ctx = InferContext(...) if cond else None
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = InferContext(URL, PROTO, "simple") if len(sys.argv) > 2 else None
if ctx is not None:
    print("OK", int(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum()))
