# V1 shape: a context on self read back through self.__dict__
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class C:
    def __init__(self):
        self.h = ServerHealthContext(URL, PROTO)
    def live(self):
        return self.__dict__["h"].is_live()
print("OK", C().live())
