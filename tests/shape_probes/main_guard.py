# V1 shape: everything in main() under if __name__
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def main(argv):
    protocol = ProtocolType.from_str(argv[2])
    ctx = InferContext(argv[1], protocol, "simple")
    r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    print("OK", int(r["OUTPUT0"][0].sum()))
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv))
