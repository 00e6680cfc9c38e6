# V1 shape: a context assigned in a loop and used after it.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

for model in ["simple", "simple"]:
    ctx = InferContext(URL, PROTO, model)
r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print("OK", int(r["OUTPUT0"][0].sum()))
