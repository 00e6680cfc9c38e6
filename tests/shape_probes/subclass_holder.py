# V1 shape: a subclass uses the context its base class made
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Base:
    def __init__(self):
        self.ctx = InferContext(URL, PROTO, "simple")

class Child(Base):
    def total(self):
        r = self.ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
        return int(r["OUTPUT0"][0].sum())

print("OK", Child().total())
