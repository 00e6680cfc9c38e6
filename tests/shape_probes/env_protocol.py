# V1 shape: the protocol read from the environment
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import os
proto = ProtocolType.from_str(os.environ.get("PROBE_PROTOCOL", sys.argv[2]))
h = ServerHealthContext(URL, proto)
print("OK", h.is_live())
