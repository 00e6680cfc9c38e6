# V1 shape: a queue pool on self, another class has a pool attribute of its own
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import queue


class Pool:
    def __init__(self, url, protocol):
        self.pool = queue.Queue()
        self.pool.put(InferContext(url, protocol, "simple"))

    def once(self):
        ctx = self.pool.get()
        result = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
        self.pool.put(ctx)
        return result["OUTPUT0"][0].sum()


class Spare:
    def __init__(self):
        self.pool = []

    def size(self):
        return len(self.pool)


print("OK", Pool(URL, ProtocolType.from_str(sys.argv[2])).once(), Spare().size())
