# V1 shape: contexts handed to a helper's `*contexts`.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def all_live(*contexts):
    return [c.is_live() for c in contexts]
print("OK", all_live(ServerHealthContext(URL, PROTO), ServerHealthContext(URL, PROTO)))
