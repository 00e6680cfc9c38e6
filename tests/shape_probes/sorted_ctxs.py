# V1 shape: contexts in a list walked through reversed()
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctxs = [ServerHealthContext(URL, PROTO), ServerHealthContext(URL, PROTO)]
for c in reversed(ctxs):
    print('OK', c.is_ready())
