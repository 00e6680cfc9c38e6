# V1 shape: operator.methodcaller on a context
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import operator
h = ServerHealthContext(URL, PROTO)
print("OK", operator.methodcaller("is_live")(h))
