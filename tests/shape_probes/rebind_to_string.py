# V1 shape: a context name rebound to a string afterwards
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = ServerHealthContext(URL, PROTO)
print('OK', ctx.is_live())
ctx = 'done'
print('OK', ctx)
