# V1 shape: a generator that yields contexts, consumed by for
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def contexts():
    yield InferContext(URL, PROTO, "simple")
    yield InferContext(URL, PROTO, "simple")
for ctx in contexts():
    print("OK", int(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum()))
