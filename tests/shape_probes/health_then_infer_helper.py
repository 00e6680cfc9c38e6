# V1 shape: a health check and an inference in helpers with their own contexts
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def ready(url, protocol):
    h = ServerHealthContext(url, protocol)
    return h.is_ready()

def infer(url, protocol):
    ctx = InferContext(url, protocol, "simple")
    return int(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum())

if ready(URL, PROTO):
    print("OK", infer(URL, PROTO))
