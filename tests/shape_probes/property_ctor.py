# V1 shape: a property that builds a new context on each read
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Client:
    @property
    def health(self):
        return ServerHealthContext(URL, PROTO)
print('OK', Client().health.is_live())
