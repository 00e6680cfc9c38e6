# V1 shape: a context set on self by a helper method that __init__ calls.
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

class Client:
    def __init__(self):
        self._connect()

    def _connect(self):
        self.health = ServerHealthContext(URL, PROTO)

    def live(self):
        return self.health.is_live()

print("OK", Client().live())
