# V1 shape: contexts built under `if __name__ == "__main__":` and passed to main().
import sys
import time
from typing import Optional
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def main(ctx, health):
    r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    print("OK", health.is_live(), int(r["OUTPUT0"][0].sum()))

if __name__ == "__main__":
    main(InferContext(URL, PROTO, "simple"), ServerHealthContext(URL, PROTO))
