# V1 shape: a context appended to a list and run as `ctxs[0]`.
import sys
import time
from typing import Optional
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctxs = []
ctxs.append(InferContext(URL, PROTO, "simple"))
r = ctxs[0].run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print("OK", int(r["OUTPUT0"][0].sum()))
