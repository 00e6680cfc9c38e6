# V1 shape: a context or None by a condition, tested before use
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

use_infer = len(sys.argv) < 9
ctx = InferContext(URL, PROTO, "simple") if use_infer else None
if ctx:
    print("OK", int(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum()))
if ctx is not None:
    print("OK again")
