# V1 shape: a context passed down a recursive helper
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def count(ctx, n):
    if n == 0:
        return 0
    r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    return int(r['OUTPUT0'][0].sum()) + count(ctx, n - 1)
print('OK', count(InferContext(URL, PROTO, 'simple'), 2))
