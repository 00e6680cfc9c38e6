# V1 shape: two classes keep a list of contexts under one attribute name; one reads a V1-only statistic
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Workers:
    def __init__(self, url, protocol):
        self.items = [InferContext(url, protocol, "simple") for _ in range(2)]

    def run_all(self):
        out = []
        for ctx in self.items:
            out.append(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum())
        return out


class Counted:
    def __init__(self, url, protocol):
        self.items = [InferContext(url, protocol, "simple")]

    def count(self):
        for ctx in self.items:
            ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
        return len(self.items)


print("OK", Workers(URL, ProtocolType.from_str(sys.argv[2])).run_all(), Counted(URL, ProtocolType.from_str(sys.argv[2])).count())
