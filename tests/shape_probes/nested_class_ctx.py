# V1 shape: a context on a nested class
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Outer:
    class Inner:
        def __init__(self):
            self.h = ServerHealthContext(URL, PROTO)
    def __init__(self):
        self.inner = Outer.Inner()
print("OK", Outer().inner.h.is_live())
