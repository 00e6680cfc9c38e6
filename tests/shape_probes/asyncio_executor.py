# V1 shape: loop.run_in_executor(None, ctx.run, ...)
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import asyncio
async def main():
    ctx = InferContext(URL, PROTO, "simple")
    loop = asyncio.get_running_loop()
    r = await loop.run_in_executor(None, ctx.run, {"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    print("OK", int(r["OUTPUT0"][0].sum()))
asyncio.run(main())
