# V1 shape: run() inputs and outputs in module-level dicts.
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

ctx = InferContext(URL, PROTO, "simple")
r = ctx.run(IN, OUT, 1)
print("OK", int(r["OUTPUT0"][0].sum()))
