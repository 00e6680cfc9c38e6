# V1 shape: contexts yielded by a generator.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def contexts():
    yield ServerHealthContext(URL, PROTO)
for h in contexts():
    print("OK", h.is_live())
