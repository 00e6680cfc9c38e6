# V1 shape: an is_ready() polling loop.
import sys
import time
from typing import Optional
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

h = ServerHealthContext(URL, PROTO)
for _ in range(50):
    if h.is_ready():
        break
    time.sleep(0.1)
print("OK", h.is_live())
