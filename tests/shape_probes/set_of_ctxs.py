# V1 shape: contexts kept in a set
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

hs = {ServerHealthContext(URL, PROTO)}
for h in hs:
    print('OK', h.is_live())
