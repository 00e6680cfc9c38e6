# V1 shape: a staticmethod factory called on the class.
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

class Factory:
    @staticmethod
    def make(url, protocol):
        return ServerHealthContext(url, protocol)

h = Factory.make(URL, PROTO)
print("OK", h.is_live())
