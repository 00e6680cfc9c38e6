# V1 shape: a context built in a user class's __enter__ and closed in __exit__.
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

class Session:
    def __enter__(self):
        self.health = ServerHealthContext(URL, PROTO)
        return self

    def __exit__(self, *exc):
        self.health.close()

with Session() as s:
    print("OK", s.health.is_live())
