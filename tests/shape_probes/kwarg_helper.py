# V1 shape: a context handed to a helper as a keyword argument.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def probe(context=None):
    return context.is_live()
h = ServerHealthContext(URL, PROTO)
print("OK", probe(context=h))
