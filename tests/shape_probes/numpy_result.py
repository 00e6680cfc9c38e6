# V1 shape: result['OUTPUT0'][0] passed to numpy functions
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = InferContext(URL, PROTO, "simple")
r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
out = r["OUTPUT0"][0]
print("OK", int(np.sum(out)), int(np.argmax(out)), np.asarray(out).shape, out.dtype)
