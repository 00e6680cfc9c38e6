# V1 shape: the result dict changed after the run (a key added, one popped)
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = InferContext(URL, PROTO, "simple")
r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
first = r.pop("OUTPUT0")
r["note"] = "done"
print("OK", int(first[0].sum()), sorted(r))
