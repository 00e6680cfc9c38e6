# V1 shape: a context read by a nested function.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def main():
    ctx = InferContext(URL, PROTO, "simple")
    def once(v):
        return ctx.run({"INPUT0": (v,), "INPUT1": (v,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    print("OK", int(once(X)["OUTPUT0"][0].sum()))
main()
