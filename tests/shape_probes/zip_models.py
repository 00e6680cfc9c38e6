# V1 shape: contexts zipped with model names
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

models = ['simple', 'simple']
ctxs = [InferContext(URL, PROTO, m) for m in models]
for c, m in zip(ctxs, models):
    r = c.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    print('OK', m, int(r['OUTPUT0'][0].sum()))
