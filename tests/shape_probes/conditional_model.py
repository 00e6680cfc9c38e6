# V1 shape: a model name chosen by a conditional expression.
import sys
import time
from typing import Optional
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

big = len(sys.argv) > 5
ctx = InferContext(URL, PROTO, "simple" if not big else "simple_identity")
r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print("OK", int(r["OUTPUT0"][0].sum()))
