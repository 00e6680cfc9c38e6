# V1 shape: `functools.partial(ctx.run, ...)`.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = InferContext(URL, PROTO, "simple")
go = functools.partial(ctx.run, batch_size=1)
r = go({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW})
print("OK", int(r["OUTPUT0"][0].sum()))
