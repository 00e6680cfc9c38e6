# V1 shape: a context built in a while loop and used in its else block.
import sys
import time
from typing import Optional
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

n = 0
while n < 1:
    h = ServerHealthContext(URL, PROTO)
    n += 1
else:
    print("OK", h.is_live())
