# V1 shape: a classmethod that builds the object around a new context.
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

class Checker:
    def __init__(self, health):
        self.health = health

    @classmethod
    def connect(cls, url, protocol):
        return cls(ServerHealthContext(url, protocol))

    def live(self):
        return self.health.is_live()

print("OK", Checker.connect(URL, PROTO).live())
