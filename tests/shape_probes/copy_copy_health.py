# V1 shape: copy.copy of a health context
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import copy
h = ServerHealthContext(URL, PROTO)
h2 = copy.copy(h)
print("OK", h.is_live(), h2.is_ready())
