# V1 shape: contexts used through `map(lambda c: ...)`.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

hs = [ServerHealthContext(URL, PROTO), ServerHealthContext(URL, PROTO)]
print("OK", list(map(lambda c: c.is_live(), hs)))
