# V1 shape: a module context set by an init() function through global
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = None

def init():
    global ctx
    ctx = InferContext(URL, PROTO, "simple")

def go():
    return int(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum())

init()
print("OK", go())
