# V1 shape: contexts in a module dict keyed by the protocol
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

CONTEXTS = {}
CONTEXTS[sys.argv[2]] = InferContext(URL, PROTO, "simple")
r = CONTEXTS[sys.argv[2]].run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print("OK", int(r["OUTPUT0"][0].sum()))
