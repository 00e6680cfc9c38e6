# V1 shape: map(ctx.run, ...) over argument lists
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = InferContext(URL, PROTO, "simple")
rs = list(map(ctx.run, [{"INPUT0": (X,), "INPUT1": (X,)}], [{"OUTPUT0": InferContext.ResultFormat.RAW}], [1]))
print("OK", int(rs[0]["OUTPUT0"][0].sum()))
