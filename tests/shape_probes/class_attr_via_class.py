# V1 shape: a context assigned in a class body, read through the class name
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Conn:
    health = ServerHealthContext(URL, PROTO)
print("OK", Conn.health.is_live())
