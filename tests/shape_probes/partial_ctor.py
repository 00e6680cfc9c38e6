# V1 shape: a constructor bound with functools.partial
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import functools
make = functools.partial(InferContext, URL, PROTO)
ctx = make('simple')
r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print('OK', int(r['OUTPUT0'][0].sum()))
