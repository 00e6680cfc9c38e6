# V1 shape: a context handed to a method of another class of the file.
import sys
import time
from typing import Optional
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Runner:
    def use(self, ctx):
        r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
        return int(r["OUTPUT0"][0].sum())

print("OK", Runner().use(InferContext(URL, PROTO, "simple")))
