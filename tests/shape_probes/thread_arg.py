# V1 shape: a context handed to a thread's target.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

out = []
def worker(h):
    out.append(h.is_live())
h = ServerHealthContext(URL, PROTO)
t = threading.Thread(target=worker, args=(h,))
t.start(); t.join()
print("OK", out)
