# V1 shape: zip(contexts, models)
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

models = ["simple"]
ctxs = [InferContext(URL, PROTO, m) for m in models]
for ctx, m in zip(ctxs, models):
    print("OK", m, int(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum()))
