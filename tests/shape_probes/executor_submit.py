# V1 shape: a bound run handed to a ThreadPoolExecutor
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import concurrent.futures
ctx = InferContext(URL, PROTO, 'simple')
with concurrent.futures.ThreadPoolExecutor(2) as pool:
    fut = pool.submit(ctx.run, {"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    r = fut.result()
print('OK', int(r['OUTPUT0'][0].sum()))
