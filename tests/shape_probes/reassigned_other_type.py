# V1 shape: a context name later assigned a string.
import sys
import time
from typing import Optional
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

h = ServerHealthContext(URL, PROTO)
print("OK", h.is_live())
h = "done"
print("OK", h)
