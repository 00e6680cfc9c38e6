# V1 shape: `with ModelControlContext(...) as control: control.load(m)`.
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
IN = {"INPUT0": (X,), "INPUT1": (X,)}
OUT = {"OUTPUT0": InferContext.ResultFormat.RAW}

with ModelControlContext(URL, PROTO) as control:
    control.load("simple")
print("OK loaded")
