# V1 shape: a context built by a conditional expression
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

verbose = len(sys.argv) > 5
ctx = InferContext(URL, PROTO, 'simple', verbose=True) if verbose else InferContext(URL, PROTO, 'simple')
r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print('OK', int(r['OUTPUT0'][0].sum()))
