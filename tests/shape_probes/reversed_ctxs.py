# V1 shape: reversed(...) over a list of contexts
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctxs = [ServerHealthContext(URL, PROTO), ServerHealthContext(URL, PROTO)]
for h in reversed(ctxs):
    print("OK", h.is_live())
