# V1 shape: `getattr(self, "health", None)` then a context built and kept on self.
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

class Client:
    def live(self):
        health = getattr(self, "health", None)
        if health is None:
            health = ServerHealthContext(URL, PROTO)
            self.health = health
        return health.is_live()

print("OK", Client().live(), Client().live())
