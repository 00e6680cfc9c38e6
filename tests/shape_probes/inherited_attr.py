# V1 shape: a context set on self in a base class and run in a subclass.
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

class Base:
    def __init__(self, url, protocol):
        self.ctx = InferContext(url, protocol, "simple")

class Child(Base):
    def go(self):
        r = self.ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
        return int(r["OUTPUT0"][0].sum())

print("OK", Child(URL, PROTO).go())
