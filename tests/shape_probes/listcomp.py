# V1 shape: contexts built in a list comprehension.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

hs = [ServerHealthContext(URL, PROTO) for _ in range(2)]
print("OK", [h.is_live() for h in hs])
