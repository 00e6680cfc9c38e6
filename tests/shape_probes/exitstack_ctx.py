# V1 shape: contexts closed through contextlib.ExitStack
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import contextlib
with contextlib.ExitStack() as stack:
    ctx = InferContext(URL, PROTO, "simple")
    stack.callback(ctx.close)
    print("OK", int(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum()))
