# V1 shape: two contexts for two models in one function
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

a = InferContext(URL, PROTO, "simple")
b = InferContext(URL, PROTO, "simple_identity")
ra = a.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print("OK", int(ra["OUTPUT0"][0].sum()))
