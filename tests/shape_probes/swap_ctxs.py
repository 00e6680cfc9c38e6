# V1 shape: two contexts swapped by tuple assignment
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

a = ServerHealthContext(URL, PROTO)
b = InferContext(URL, PROTO, "simple")
a, b = b, a
print("OK", b.is_live(), int(a.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum()))
