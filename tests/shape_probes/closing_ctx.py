# V1 shape: contextlib.closing around a context
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import contextlib
with contextlib.closing(ServerHealthContext(URL, PROTO)) as h:
    print("OK", h.is_live())
