# V1 shape: the star import inside `try: ... except ImportError:`.
import sys
import numpy as np
try:
    from tensorrtserver.api import *
except ImportError:
    print("tensorrtserver is not installed")
    sys.exit(1)

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
h = ServerHealthContext(URL, PROTO)
print("OK", h.is_live())
