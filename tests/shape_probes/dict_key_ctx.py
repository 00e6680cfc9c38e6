# V1 shape: contexts used as dict keys
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

h = ServerHealthContext(URL, PROTO)
names = {h: 'health'}
for c, n in names.items():
    print('OK', n, c.is_live())
