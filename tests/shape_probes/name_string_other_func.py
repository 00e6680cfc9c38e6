# V1 shape: the same name a context in one function and a string in another
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def infer():
    h = ServerHealthContext(URL, PROTO)
    return h.is_live()
def label():
    h = "health"
    return h.upper()
print("OK", infer(), label())
