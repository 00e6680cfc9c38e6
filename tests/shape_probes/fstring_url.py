# V1 shape: a url built with an f-string
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

host, port = URL.rsplit(":", 1)
h = ServerHealthContext(f"{host}:{port}", PROTO)
print("OK", h.is_ready())
