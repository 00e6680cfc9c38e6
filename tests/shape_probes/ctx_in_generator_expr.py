# V1 shape: contexts made in a generator expression consumed by sum
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

total = sum(int(InferContext(URL, PROTO, "simple").run({"INPUT0": [X], "INPUT1": [X]}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum()) for _ in range(2))
print("OK", total)
