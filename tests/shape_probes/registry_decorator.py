# V1 shape: contexts in a module-level registry filled by a decorator
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

REGISTRY = {}
def register(name):
    def deco(fn):
        REGISTRY[name] = fn()
        return fn
    return deco
@register("simple")
def make_simple():
    return InferContext(URL, PROTO, "simple")
print("OK", int(REGISTRY["simple"].run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum()))
