# V1 shape: a model name in a variable and run() in a loop.
import sys
import time
from typing import Optional
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

model = "simple"
ctx = InferContext(URL, PROTO, model)
for _ in range(2):
    r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    print("OK", model, int(r["OUTPUT0"][0].sum()))
