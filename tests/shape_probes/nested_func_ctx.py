# V1 shape: a nested function uses the enclosing function's context
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def main():
    ctx = InferContext(URL, PROTO, "simple")
    def once():
        r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
        return int(r["OUTPUT0"][0].sum())
    print("OK", once(), once())

main()
