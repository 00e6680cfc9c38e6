# V1 shape: a context read by a lambda.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = ServerHealthContext(URL, PROTO)
check = lambda: ctx.is_live()
print("OK", check())
