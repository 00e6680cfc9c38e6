# V1 shape: a health context closed and built again under the same name
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

h = ServerHealthContext(URL, PROTO)
print("OK", h.is_live())
h.close()
h = ServerHealthContext(URL, PROTO)
print("OK", h.is_ready())
