# V1 shape: a factory function stored in a table by its name (not called by name)
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def make_health():
    return ServerHealthContext(URL, PROTO)
TABLE = {"health": make_health}
print("OK", TABLE["health"]().is_live())
