# V1 shape: contexts made in a loop over both protocol names
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

for name in (sys.argv[2], sys.argv[2].upper()):
    h = ServerHealthContext(URL, ProtocolType.from_str(name))
    print("OK", name.lower(), h.is_live(), h.is_ready())
    h.close()
