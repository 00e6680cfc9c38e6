# V1 shape: a helper parameter annotated with the V1 class.
import sys
import time
from typing import Optional
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def total(ctx: InferContext) -> int:
    r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    return int(r["OUTPUT0"][0].sum())

print("OK", total(InferContext(URL, PROTO, "simple")))
