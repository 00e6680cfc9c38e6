# V1 shape: health checks in asserts and boolean expressions
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

h = ServerHealthContext(URL, PROTO)
assert h.is_live(), "not live"
ok = h.is_live() and h.is_ready()
print("OK", ok, not h.is_live())
