# V1 shape: a context passed by keyword to a helper with a defaulted batch size.
import sys
import time
from typing import Optional
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def run_once(ctx, batch=1):
    r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, batch)
    return int(r["OUTPUT0"][0].sum())

print("OK", run_once(ctx=InferContext(URL, PROTO, "simple")))
