# V1 shape: stack.enter_context(contextlib.closing(ctx))
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import contextlib
with contextlib.ExitStack() as stack:
    h = stack.enter_context(contextlib.closing(ServerHealthContext(URL, PROTO)))
    print("OK", h.is_live())
