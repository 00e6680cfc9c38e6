# V1 shape: an async def that uses the context, run by asyncio.run
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import asyncio
async def go(ctx):
    return int(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum())
print("OK", asyncio.run(go(InferContext(URL, PROTO, "simple"))))
