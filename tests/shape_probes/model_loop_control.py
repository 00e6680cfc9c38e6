# V1 shape: model control over a list of model names
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctl = ModelControlContext(URL, PROTO)
for m in ["simple"]:
    ctl.unload(m)
    ctl.load(m)
h = ServerHealthContext(URL, PROTO)
print("OK", h.is_ready())
