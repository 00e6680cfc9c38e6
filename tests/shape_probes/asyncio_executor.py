# V1 shape: a V1 call run in asyncio's executor
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import asyncio
h = ServerHealthContext(URL, PROTO)
async def main():
    loop = asyncio.get_running_loop()
    live = await loop.run_in_executor(None, h.is_live)
    print('OK', live)
asyncio.run(main())
