# V1 shape: close() in a finally block.
import sys
import time
from typing import Optional
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

h = ServerHealthContext(URL, PROTO)
try:
    print("OK", h.is_live())
finally:
    h.close()
