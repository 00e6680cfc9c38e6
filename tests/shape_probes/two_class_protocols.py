# V1 shape: two unrelated classes keep .protocol; one prints its enum
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Pinger:
    def __init__(self, url, kind):
        self.url = url
        self.protocol = ProtocolType.from_str(kind)

    def ping(self):
        print("over", str(self.protocol).split(".")[-1])
        return ServerHealthContext(self.url, self.protocol).is_live()


class Adder:
    def __init__(self, url, protocol):
        self.url = url
        self.protocol = protocol

    def add(self):
        ctx = InferContext(self.url, self.protocol, "simple", -1)
        return ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0]


print("OK", Adder(URL, PROTO).add().sum(), Pinger(URL, sys.argv[2]).ping())
