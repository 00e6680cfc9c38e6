# V1 shape: a context bound in a walrus
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

if (h := ServerHealthContext(URL, PROTO)).is_live():
    print("OK live", h.is_ready())
