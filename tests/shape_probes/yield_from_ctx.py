# V1 shape: contexts produced through yield from
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def inner():
    yield ServerHealthContext(URL, PROTO)
def outer():
    yield from inner()
for h in outer():
    print('OK', h.is_ready())
