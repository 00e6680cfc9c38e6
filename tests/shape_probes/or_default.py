# V1 shape: `h = h or ServerHealthContext(...)`.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def get(h=None):
    h = h or ServerHealthContext(URL, PROTO)
    return h.is_live()
print("OK", get())
