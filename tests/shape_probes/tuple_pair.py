# V1 shape: a context in a tuple with its output name.
import sys
import time
from typing import Optional
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

pair = (InferContext(URL, PROTO, "simple"), "OUTPUT0")
r = pair[0].run({"INPUT0": (X,), "INPUT1": (X,)}, {pair[1]: InferContext.ResultFormat.RAW}, 1)
print("OK", int(r["OUTPUT0"][0].sum()))
