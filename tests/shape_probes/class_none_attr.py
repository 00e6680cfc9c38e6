# V1 shape: a class attribute `ctx = None`, set on self in one method and used in another.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class C:
    ctx = None
    def start(self):
        self.ctx = InferContext(URL, PROTO, "simple")
    def go(self):
        r = self.ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
        return int(r["OUTPUT0"][0].sum())
c = C(); c.start()
print("OK", c.go())
