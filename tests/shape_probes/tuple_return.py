# V1 shape: a factory returning a tuple of contexts, unpacked by the caller.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def make():
    return ServerHealthContext(URL, PROTO), InferContext(URL, PROTO, "simple")
h, ctx = make()
r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print("OK", h.is_live(), int(r["OUTPUT0"][0].sum()))
