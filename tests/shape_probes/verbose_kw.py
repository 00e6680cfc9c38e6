# V1 shape: verbose passed by keyword from a variable
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

VERBOSE = False
ctx = InferContext(URL, PROTO, "simple", verbose=VERBOSE)
h = ServerHealthContext(URL, PROTO, verbose=VERBOSE)
print("OK", h.is_live(), int(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum()))
