# V1 shape: contexts walked with enumerate
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctxs = [InferContext(URL, PROTO, 'simple') for _ in range(2)]
for i, c in enumerate(ctxs):
    r = c.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    print('OK', i, int(r['OUTPUT0'][0].sum()))
