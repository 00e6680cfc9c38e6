# V1 shape: a factory with a ProtocolType default parameter
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def make(url, protocol=ProtocolType.HTTP):
    return ServerHealthContext(url, protocol)

print("OK", make(URL, PROTO).is_live())
