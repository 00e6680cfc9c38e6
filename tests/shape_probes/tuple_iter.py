# V1 shape: contexts iterated from a tuple literal
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

for h in (ServerHealthContext(URL, PROTO), ServerHealthContext(URL, PROTO)):
    print("OK", h.is_live())
