# V1 shape: a context kept in a collections.namedtuple
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import collections
Conn = collections.namedtuple("Conn", ["infer", "model"])
c = Conn(InferContext(URL, PROTO, "simple"), "simple")
print("OK", c.model, int(c.infer.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum()))
