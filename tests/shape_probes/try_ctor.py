# V1 shape: a constructor in `try`, `None` in the `except`, used after a None test.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

try:
    h = ServerHealthContext(URL, PROTO)
except InferenceServerException:
    h = None
if h is not None:
    print("OK", h.is_live())
