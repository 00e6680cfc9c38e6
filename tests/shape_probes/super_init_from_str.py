# V1 shape: a subclass passes from_str() to its base through super().__init__
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Base:
    def __init__(self, url, protocol):
        self.url = url
        self.protocol = protocol

    def add(self):
        ctx = InferContext(self.url, self.protocol, "simple")
        return ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0]


class Named(Base):
    def __init__(self, url, name):
        super().__init__(url, ProtocolType.from_str(name))


print("OK", Named(URL, sys.argv[2]).add().sum())
