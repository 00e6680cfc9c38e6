# V1 shape: a context kept as an attribute of a function object
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def check():
    return check.h.is_live()
check.h = ServerHealthContext(URL, PROTO)
print('OK', check())
