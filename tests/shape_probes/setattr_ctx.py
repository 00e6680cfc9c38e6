# V1 shape: a context stored with `setattr`.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class O: pass
o = O()
setattr(o, "h", ServerHealthContext(URL, PROTO))
print("OK", o.h.is_live())
