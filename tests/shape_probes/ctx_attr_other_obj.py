# V1 shape: a context stored on a SimpleNamespace
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import types
ns = types.SimpleNamespace()
ns.h = ServerHealthContext(URL, PROTO)
print("OK", ns.h.is_live())
