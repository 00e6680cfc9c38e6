# V1 shape: map over bound health methods
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

h = ServerHealthContext(URL, PROTO)
print("OK", list(map(lambda f: f(), [h.is_live, h.is_ready])))
